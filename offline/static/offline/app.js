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

  /* The outbox: "Mark as complete" pressed without a connection is kept in IndexedDB (it survives
     closing the browser) with an identity (Idempotency-Key), and sent when the connection returns;
     sending it twice changes nothing on the server. */
  function outbox(mode, work) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open("pes-outbox", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("actions", { keyPath: "key" });
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const transaction = db.transaction("actions", mode);
        const result = work(transaction.objectStore("actions"));
        transaction.oncomplete = () => {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        transaction.onerror = () => reject(transaction.error);
      };
    });
  }

  async function waiting() {
    const all = (await outbox("readonly", (store) => store.getAll())) || [];
    return all.filter((action) => action.user === user);
  }

  let refusal = "";
  async function showConnection() {
    if (!status) {
      return;
    }
    const parts = [];
    if (!navigator.onLine) {
      parts.push(status.dataset.offline);
    }
    const count = user && "indexedDB" in window ? (await waiting()).length : 0;
    if (count) {
      parts.push(status.dataset.waiting.replace("{count}", new Intl.NumberFormat(document.documentElement.lang).format(count)));
    }
    if (refusal) {
      parts.push(refusal);
    }
    status.textContent = parts.join(" ");
    status.dataset.waitingCount = String(count);
    status.hidden = parts.length === 0;
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  let sending = false;
  async function sendWaiting() {
    if (sending || !navigator.onLine || !user) {
      return;
    }
    sending = true;
    try {
      for (const action of await waiting()) {
        let response;
        try {
          response = await fetch(action.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Idempotency-Key": action.key, "X-CSRFToken": csrfToken() },
          });
        } catch (error) {
          break; // still no connection: try again at the next "online"
        }
        if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 403)) {
          if (!response.ok) {
            const doc = new DOMParser().parseFromString(await response.text(), "text/html");
            const reason = doc.querySelector("main p, main h1");
            refusal = status.dataset.refused.replace("{reason}", reason ? reason.textContent.trim() : String(response.status));
          }
          await outbox("readwrite", (store) => store.delete(action.key));
        } else {
          break; // a server error or a stale token: keep it for the next try
        }
      }
    } finally {
      sending = false;
      showConnection();
    }
  }

  const lesson = document.querySelector("[data-testid=offline-lesson]");
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!lesson || navigator.onLine || !form.classList.contains("complete-form") || !("indexedDB" in window)) {
      return;
    }
    event.preventDefault();
    const action = { key: crypto.randomUUID(), url: lesson.dataset.complete, user, page: location.pathname, at: new Date().toISOString() };
    await outbox("readwrite", (store) => store.put(action));
    const note = document.createElement("p");
    note.className = "badge badge-progress";
    note.dataset.testid = "queued";
    note.textContent = status.dataset.queued;
    form.replaceWith(note);
    showConnection();
  });

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
  window.addEventListener("online", () => sendWaiting());
  window.addEventListener("offline", showConnection);
  showConnection().then(sendWaiting);
})();
