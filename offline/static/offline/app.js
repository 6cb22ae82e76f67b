/* PES Learning on a phone without a connection (loaded on every page by base.html).
   Registers the service worker (/sw.js); keeps the pages a learner saved only for that learner:
   the saved courses are deleted at logout and whenever a page is shown to another user or to no
   one; runs the "Save this course for offline" panel of a course page. */
(function () {
  "use strict";
  const status = document.getElementById("offline-status");
  const user = status ? status.dataset.user : "";

  async function forgetSavedCourses(keepUser) {
    if (!("caches" in window)) {
      return;
    }
    const names = await caches.keys();
    await Promise.all(
      names
        .filter((name) => name.startsWith("course-") && (!keepUser || !name.startsWith("course-" + keepUser + "-")))
        .map((name) => caches.delete(name))
    );
  }

  function showConnection() {
    if (status) {
      status.textContent = navigator.onLine ? "" : status.dataset.offline;
      status.hidden = navigator.onLine;
    }
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" });
  }
  if (status && navigator.onLine) {
    // Served by the server just now, so this is who is logged in on this device.
    forgetSavedCourses(user);
  }
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.action && new URL(form.action, location.href).pathname.endsWith("/accounts/logout/") && !form.dataset.cleared) {
      event.preventDefault();
      forgetSavedCourses("").finally(() => {
        form.dataset.cleared = "1";
        form.submit();
      });
    }
  });
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();
})();
