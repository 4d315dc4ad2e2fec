// Poll a background job's JSON status and move its progress bar (no inline script: CSP).
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("[data-job-status]")) {
    const bar = box.querySelector(".job-progress");
    const state = box.querySelector(".job-state");
    const download = box.querySelector(".job-download");
    const failed = box.querySelector(".job-error");
    const labels = { queued: "Đang chờ", running: "Đang chạy", done: "Đã xong", failed: "Lỗi" };
    const poll = async () => {
      let data;
      try {
        const response = await fetch(box.dataset.jobStatus, { headers: { Accept: "application/json" } });
        if (!response.ok) throw new Error(String(response.status));
        data = await response.json();
      } catch (error) {
        setTimeout(poll, 3000);
        return;
      }
      bar.value = data.progress;
      bar.textContent = `${data.progress}%`;
      state.textContent = `${labels[data.status] || data.status} — ${data.progress}%`;
      if (data.status === "done") {
        download.hidden = false;
      } else if (data.status === "failed") {
        failed.hidden = false;
      } else {
        setTimeout(poll, 1000);
      }
    };
    poll();
  }
});
