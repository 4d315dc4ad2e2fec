// Autosave of the self-assessment forms (form[data-autosave]): post the whole form, with its
// CSRF token and version, a moment after the person stops typing. Without JavaScript the
// "Lưu nháp" button does the same.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosave]")) {
    const url = form.dataset.autosave;
    const status = form.querySelector("[data-autosave-status]");
    const panel = document.querySelector("[data-panel]");
    let timer = null;
    let busy = false;
    let pending = null; // a submit clicked while a draft save was on its way
    const show = (text, bad) => {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("bad", Boolean(bad));
    };
    const save = async () => {
      if (busy) { timer = setTimeout(save, 800); return; }
      busy = true;
      show("Đang lưu nháp…");
      try {
        const response = await fetch(url, {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
          credentials: "same-origin",
        });
        const data = await response.json();
        if (data.ok) {
          const version = form.querySelector("input[name=version]");
          if (version && data.version !== undefined) version.value = data.version;
          show("Đã lưu nháp lúc " + new Date().toLocaleTimeString("vi-VN"));
          if (panel && data.panel) panel.innerHTML = data.panel;
          for (const [key, value] of Object.entries(data.totals || {})) {
            const cell = document.querySelector("[data-self-" + key + "]");
            if (cell) cell.textContent = value;
          }
        } else {
          show("Chưa lưu: " + (data.errors || []).join(" "), true);
        }
      } catch (error) {
        show("Chưa lưu được (mất kết nối?). Nội dung vẫn còn trên màn hình.", true);
      } finally {
        busy = false;
        if (pending) {
          const submitter = pending;
          pending = null;
          form.requestSubmit(submitter); // now with the version the draft save returned
        }
      }
    };
    form.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
    form.addEventListener("submit", (event) => {
      clearTimeout(timer);
      if (busy) {
        event.preventDefault();
        pending = event.submitter || null;
      }
    });
  }
});
