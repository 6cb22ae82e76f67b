/* The service worker of PES Learning (served at /sw.js by offline.views.service_worker).
   - Keeps the app shell (stylesheet, script, the offline page of each language, and each static
     file the pages use, such as the fonts of the reader's script) in a cache named by a version; a
     new version deletes the old caches when it activates.
   - Pages: network first. A page the learner saved (a "course-<user>-<course>" cache) is updated
     when it is fetched online and served from the cache without a connection; any other page falls
     back to the offline page in the language of its address.
   - Never stores a POST or any page the learner did not save; the page script deletes the saved
     courses at logout and whenever a page is shown to another (or no) user. */
"use strict";
const VERSION = "{{ version }}";
const SHELL = "shell-" + VERSION;
const SHELL_URLS = {{ shell|safe }};
const STATIC_URL = {{ static_url|safe }};
const LANGUAGES = {{ languages|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("shell-") && name !== SHELL).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

function offlinePage(url) {
  const lang = url.pathname.split("/")[1];
  return "/offline/" + (LANGUAGES.includes(lang) ? lang : LANGUAGES[0]) + "/";
}

async function savedCaches() {
  return (await caches.keys()).filter((name) => name.startsWith("course-"));
}

async function refreshSaved(request, response) {
  // A saved page fetched online: keep the newest version for the next time without a connection.
  for (const name of await savedCaches()) {
    const cache = await caches.open(name);
    if (await cache.match(request, { ignoreVary: true })) {
      await cache.put(request, response.clone());
    }
  }
}

async function navigate(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      event.waitUntil(refreshSaved(request, response.clone()));
    }
    return response;
  } catch (error) {
    for (const name of await savedCaches()) {
      const saved = await (await caches.open(name)).match(request, { ignoreVary: true });
      if (saved) {
        return saved;
      }
    }
    return (await caches.match(offlinePage(new URL(request.url)))) || Response.error();
  }
}

async function fromShell(event) {
  const request = event.request;
  const cached = await caches.match(request);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith(STATIC_URL)) {
    const copy = response.clone();
    event.waitUntil(caches.open(SHELL).then((cache) => cache.put(request, copy)));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (url.pathname.startsWith(STATIC_URL) || url.pathname.startsWith("/media/")) {
    event.respondWith(fromShell(event));
  }
});
