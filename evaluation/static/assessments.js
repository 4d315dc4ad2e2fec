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
        } else {
          show("Chưa lưu: " + (data.errors || []).join(" "), true);
        }
      } catch (error) {
        show("Chưa lưu được (mất kết nối?). Nội dung vẫn còn trên màn hình.", true);
      } finally {
        busy = false;
      }
    };
    form.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
    form.addEventListener("submit", () => clearTimeout(timer));
  }
});
