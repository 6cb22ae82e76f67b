/* PES Learning on a phone without a connection (loaded on every page by base.html).
   Registers the service worker (/sw.js); keeps the pages a learner saved only for that learner:
   the saved courses are deleted at logout and whenever a page is shown to another user or to no
   one; runs the "Save this course for offline" panel of a course page (offline/course_section.html):
   the course's pages (offline.views.course_pages) and their images go into a cache named
   "course-<user>-<course>", which the service worker serves from when there is no connection,
   with the question pages of the quizzes that may be answered offline (the panel lists each quiz,
   saved or why not). At each connection the saved pages published since are stored again and
   marked "updated". What is done without a connection goes to the outbox (outbox.js). */
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

  // The images of a lesson, and the stylesheets and scripts of any saved page (a quiz page has its
  // own), so the page looks and works the same without a connection.
  function pageAssets(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const found = [];
    doc.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach((asset) => {
      const src = sameOrigin(asset.getAttribute("href") || asset.getAttribute("src"));
      if (src) {
        found.push({ src, shared: true });
      }
    });
    doc.querySelectorAll(".lesson-body img[src], .lesson-body img[srcset], .lesson-body source[srcset]").forEach((img) => {
      const sources = [img.getAttribute("src") || ""];
      (img.getAttribute("srcset") || "").split(",").forEach((candidate) => sources.push(candidate.trim().split(/\s+/)[0]));
      sources.filter(Boolean).map(sameOrigin).filter(Boolean).forEach((src) => found.push({ src, shared: false }));
    });
    return found;
  }

  // One page into a saved course's cache, with its images; the number of bytes it takes.
  async function savePage(cache, url) {
    const page = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!page.ok || page.redirected) {
      return 0;
    }
    const html = await page.clone().text();
    let size = new Blob([html]).size;
    await cache.put(url, page);
    for (const { src, shared } of pageAssets(html)) {
      // An image is kept with each course that shows it; a stylesheet or script once is enough.
      if (!(await (shared ? caches : cache).match(src))) {
        const image = await fetch(src, { credentials: "same-origin" });
        if (image.ok) {
          size += (await image.clone().blob()).size;
          await cache.put(src, image);
        }
      }
    }
    return size;
  }

  async function writeAbout(cache, about) {
    await cache.put("/offline/saved.json", new Response(JSON.stringify(about), { headers: { "Content-Type": "application/json" } }));
  }

  async function saveCourse(panel) {
    const response = await fetch(panel.dataset.pages, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    const listing = await response.json();
    const cacheName = panel.dataset.cache;
    await caches.delete(cacheName); // a fresh copy: lessons removed from the course go too
    const cache = await caches.open(cacheName);
    let size = 0;
    for (const url of listing.pages) {
      size += await savePage(cache, url);
    }
    const about = { savedAt: new Date().toISOString(), size, pagesUrl: panel.dataset.pages, versions: listing.versions, quizzes: listing.quizzes, updated: [] };
    await writeAbout(cache, about);
    sessionStorage.setItem("pes-checked-" + cacheName, "1");
    return about;
  }

  /* "Updated": at the next connection each saved course asks for its pages' publication times; a page
     published since it was saved is stored again and marked "updated" until the learner opens it. */
  async function savedCourses() {
    if (!user || !("caches" in window)) {
      return [];
    }
    const names = (await caches.keys()).filter((name) => name.startsWith("course-" + user + "-"));
    const found = [];
    for (const name of names) {
      const about = await savedAbout(name);
      if (about) {
        found.push({ name, about });
      }
    }
    return found;
  }

  async function refreshCourse(name, about) {
    const response = await fetch(about.pagesUrl, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) {
      return;
    }
    const listing = await response.json();
    const cache = await caches.open(name);
    const updated = new Set(about.updated || []);
    for (const [url, version] of Object.entries(listing.versions || {})) {
      if (about.versions[url] === version) {
        continue;
      }
      about.size += await savePage(cache, url);
      if (url in about.versions) {
        updated.add(url);
      }
    }
    for (const url of Object.keys(about.versions)) {
      if (!(url in listing.versions)) {
        await cache.delete(url);
      }
    }
    Object.assign(about, { versions: listing.versions, quizzes: listing.quizzes, updated: [...updated] });
    await writeAbout(cache, about);
  }

  async function checkForUpdates(always) {
    if (!navigator.onLine) {
      return;
    }
    for (const { name, about } of await savedCourses()) {
      if (about.pagesUrl && (always || !sessionStorage.getItem("pes-checked-" + name))) {
        sessionStorage.setItem("pes-checked-" + name, "1");
        try {
          await refreshCourse(name, about);
        } catch (error) {
          // The connection dropped again: the next one tries again.
          sessionStorage.removeItem("pes-checked-" + name);
        }
      }
    }
    await showUpdated();
  }

  async function showUpdated() {
    if (!status) {
      return;
    }
    const here = location.pathname;
    for (const { name, about } of await savedCourses()) {
      const updated = about.updated || [];
      if (updated.includes(here) && !document.querySelector("[data-testid=offline-course]")) {
        // This lesson changed since it was saved: say so once, here.
        if (!document.querySelector("[data-testid=offline-updated]")) {
          const notice = document.createElement("p");
          notice.className = "badge badge-progress";
          notice.dataset.testid = "offline-updated";
          notice.textContent = status.dataset.updatedPage;
          const h1 = document.querySelector("main h1");
          if (h1) h1.after(notice);
        }
        about.updated = updated.filter((url) => url !== here);
        await writeAbout(await caches.open(name), about);
      }
      document.querySelectorAll("main a[href]").forEach((link) => {
        if (updated.includes(link.getAttribute("href")) && !link.querySelector(".badge-updated")) {
          const badge = document.createElement("span");
          badge.className = "badge badge-progress badge-updated";
          badge.dataset.testid = "updated-badge";
          badge.textContent = status.dataset.updated;
          link.append(" ", badge);
        }
      });
    }
  }

  // Without a connection, "Continue the quiz" on a saved quiz's page opens its saved first question.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (navigator.onLine || !/\/quizzes\/[0-9a-f-]{36}\/$/.test(location.pathname) || form.method.toLowerCase() !== "post") {
      return;
    }
    event.preventDefault();
    for (const { about } of await savedCourses()) {
      const quiz = (about.quizzes || []).find((entry) => entry.url === location.pathname && entry.first);
      if (quiz) {
        location.href = quiz.first + "#question";
        return;
      }
    }
    location.reload(); // the offline page says what can be read without a connection
  });

  async function savedAbout(cacheName) {
    if (!(await caches.has(cacheName))) {
      return null;
    }
    const about = await (await caches.open(cacheName)).match("/offline/saved.json");
    return about ? about.json() : null;
  }

  function describe(panel, about) {
    const lang = document.documentElement.lang;
    const date = new Date(about.savedAt).toLocaleString(lang, { year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const size = new Intl.NumberFormat(lang, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(Math.max(1, about.size / 1024));
    return panel.dataset.saved.replace("{date}", date).replace("{size}", size);
  }

  async function savePanel(panel) {
    const state = panel.querySelector("[data-testid=offline-state]");
    const save = panel.querySelector("[data-testid=offline-save]");
    const remove = panel.querySelector("[data-testid=offline-remove]");
    const quizzes = panel.querySelector("[data-testid=offline-quizzes]");
    function show(about) {
      state.textContent = about ? describe(panel, about) : panel.dataset.notSaved;
      panel.dataset.state = about ? "saved" : "not-saved";
      remove.hidden = !about;
      const updated = about ? (about.updated || []).length : 0;
      if (updated) {
        state.textContent += " " + panel.dataset.updated.replace("{count}", new Intl.NumberFormat(document.documentElement.lang).format(updated));
      }
      // Each quiz: saved for answering offline (a link to its first question), or why not.
      quizzes.replaceChildren(
        ...((about && about.quizzes) || []).map((quiz) => {
          const item = document.createElement("li");
          item.dataset.offline = quiz.first ? "yes" : "no";
          const link = document.createElement("a");
          link.href = quiz.first ? quiz.first + "#question" : quiz.url;
          link.textContent = quiz.title;
          item.append(link, " — ", quiz.first ? panel.dataset.quizSaved : quiz.note);
          return item;
        })
      );
      quizzes.hidden = quizzes.children.length === 0;
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
    return async () => show(await savedAbout(panel.dataset.cache));
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
  const ready = panel && "caches" in window ? savePanel(panel) : Promise.resolve(null);
  async function refreshPanel() {
    const refresh = await ready;
    if (refresh) {
      await refresh();
    }
  }
  if (status && navigator.onLine) {
    ready.then(() => checkForUpdates(false)).then(refreshPanel);
  } else {
    ready.then(showUpdated);
  }
  window.addEventListener("online", () => checkForUpdates(true).then(refreshPanel));

  /* The outbox (outbox.js) is loaded only when it has work: without a connection (it is in the
     app shell, so it loads from the worker's cache), or when something waits on this device. Online
     with nothing waiting, a page does not pay for it. */
  let outboxLoaded = false;
  function loadOutbox() {
    if (outboxLoaded || !status || !user) {
      return;
    }
    outboxLoaded = true;
    const script = document.createElement("script");
    script.src = status.dataset.outbox;
    document.head.append(script);
  }
  if (!navigator.onLine || Number(localStorage.getItem("pes-outbox-" + user) || 0) > 0) {
    loadOutbox();
  }
  window.addEventListener("offline", loadOutbox);
})();
