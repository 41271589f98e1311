{% autoescape off %}// Debrief's service worker (served by config.views.service_worker at the site's root, so its scope is every page).
// It keeps the app shell, the offline page and, once a candidate is logged in, Today and the two capture forms,
// so that an interview and its quick debrief can be typed with no network. What is typed offline is not its
// business: static/js/app.js keeps that in the page's outbox (IndexedDB) and sends it when the network is back.
"use strict";

const VERSION = "{{ version }}";
const SHELL_CACHE = "debrief-shell-" + VERSION;
const PAGE_CACHE = "debrief-pages";
const SHELL = {{ shell_json }};
const OFFLINE_URL = "{{ offline_url }}";
const WARM = {{ warm_json }};
const STATIC_URL = "{{ static_url }}";
// Pages kept when visited: Today, logging an interview, a quick debrief (of an interview on the server, or of one
// logged on this phone).
const KEPT_PAGES = [/^\/$/, /^\/interviews\/new\/$/, /^\/interviews\/new\/debrief\/$/, /^\/interviews\/\d+\/debrief\/quick\/$/];
// On one bar of signal a page may take long: after this long the kept copy is shown, if there is one.
const NETWORK_PATIENCE_MS = 8000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // Kept pages name the old static files: they go with the old shell and are kept again on the next visit.
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

function keeps(url) {
  return KEPT_PAGES.some((pattern) => pattern.test(url.pathname));
}

function keepPage(url, response) {
  if (!response.ok || response.redirected || response.type !== "basic") { return Promise.resolve(); }
  if (!(response.headers.get("Content-Type") || "").startsWith("text/html")) { return Promise.resolve(); }
  return caches.open(PAGE_CACHE).then((cache) => cache.put(url.pathname, response));
}

function keptCopy(url) {
  return caches.open(PAGE_CACHE).then((cache) => cache.match(url.pathname, { ignoreSearch: true }));
}

function page(event, url) {
  const network = fetch(event.request).then((response) => {
    if (keeps(url)) { event.waitUntil(keepPage(url, response.clone())); }
    return response;
  });
  const fallback = () => keptCopy(url).then((kept) => kept || caches.match(OFFLINE_URL));
  const patience = new Promise((resolve) => {
    setTimeout(() => keptCopy(url).then((kept) => kept && resolve(kept)), NETWORK_PATIENCE_MS);
  });
  return Promise.race([network.catch(fallback), patience]);
}

function asset(event) {
  return caches.match(event.request).then((hit) => hit || fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.put(event.request, copy)));
    }
    return response;
  }));
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (event.request.mode === "navigate") { event.respondWith(page(event, url)); return; }
  if (url.pathname.startsWith(STATIC_URL)) { event.respondWith(asset(event)); }
});

let warmedAt = 0;

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "warm" && Date.now() - warmedAt > 10 * 60 * 1000) {
    warmedAt = Date.now();
    event.waitUntil(Promise.all(WARM.map((path) =>
      fetch(path, { credentials: "same-origin" }).then((response) => keepPage(new URL(path, self.location.origin), response)).catch(() => {})
    )));
  } else if (type === "forget") {
    warmedAt = 0;
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
});
{% endautoescape %}
