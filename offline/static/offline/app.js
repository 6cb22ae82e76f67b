/* PES Learning on a phone without a connection (loaded on every page by base.html).
   Registers the service worker (/sw.js); keeps the pages a learner saved only for that learner:
   the saved courses are deleted at logout and whenever a page is shown to another user or to no
   one; runs the "Save this course for offline" panel of a course page (offline/course_section.html):
   the course's pages (offline.views.course_pages) and their images go into a cache named
   "course-<user>-<course>", which the service worker serves from when there is no connection. */
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

  function sameOrigin(url) {
    const absolute = new URL(url, location.href);
    return absolute.origin === location.origin ? absolute.pathname + absolute.search : null;
  }

  async function saveCourse(panel) {
    const response = await fetch(panel.dataset.pages, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    const pages = (await response.json()).pages;
    const cacheName = panel.dataset.cache;
    await caches.delete(cacheName); // a fresh copy: lessons removed from the course go too
    const cache = await caches.open(cacheName);
    const images = new Set();
    let size = 0;
    for (const url of pages) {
      const page = await fetch(url, { credentials: "same-origin" });
      if (!page.ok || page.redirected) {
        continue;
      }
      const html = await page.clone().text();
      size += new Blob([html]).size;
      await cache.put(url, page);
      const doc = new DOMParser().parseFromString(html, "text/html");
      doc.querySelectorAll(".lesson-body img[src]").forEach((img) => {
        const src = sameOrigin(img.getAttribute("src"));
        if (src) {
          images.add(src);
        }
      });
    }
    for (const src of images) {
      const image = await fetch(src, { credentials: "same-origin" });
      if (image.ok) {
        size += (await image.clone().blob()).size;
        await cache.put(src, image);
      }
    }
    const about = { savedAt: new Date().toISOString(), size };
    await cache.put("/offline/saved.json", new Response(JSON.stringify(about), { headers: { "Content-Type": "application/json" } }));
    return about;
  }

  async function savedAbout(cacheName) {
    if (!(await caches.has(cacheName))) {
      return null;
    }
    const about = await (await caches.open(cacheName)).match("/offline/saved.json");
    return about ? about.json() : null;
  }

  function describe(panel, about) {
    const lang = document.documentElement.lang;
    const date = new Date(about.savedAt).toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
    const size = new Intl.NumberFormat(lang, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(Math.max(1, about.size / 1024));
    return panel.dataset.saved.replace("{date}", date).replace("{size}", size);
  }

  async function savePanel(panel) {
    const state = panel.querySelector("[data-testid=offline-state]");
    const save = panel.querySelector("[data-testid=offline-save]");
    const remove = panel.querySelector("[data-testid=offline-remove]");
    function show(about) {
      state.textContent = about ? describe(panel, about) : panel.dataset.notSaved;
      panel.dataset.state = about ? "saved" : "not-saved";
      remove.hidden = !about;
    }
    save.addEventListener("click", async () => {
      save.disabled = true;
      state.textContent = panel.dataset.saving;
      panel.dataset.state = "saving";
      try {
        show(await saveCourse(panel));
      } catch (error) {
        await caches.delete(panel.dataset.cache);
        state.textContent = panel.dataset.failed;
        panel.dataset.state = "failed";
      }
      save.disabled = false;
    });
    remove.addEventListener("click", async () => {
      await caches.delete(panel.dataset.cache);
      show(null);
    });
    show(await savedAbout(panel.dataset.cache));
    panel.hidden = false;
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
  const panel = document.querySelector("[data-testid=offline-course]");
  if (panel && "caches" in window) {
    savePanel(panel);
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();
})();
