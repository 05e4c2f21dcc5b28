{% autoescape off %}// Ruqsat's service worker, served at /sw.js by config.pwa.service_worker (scope "/").
//
// A seized phone must not hold the group's files. So this worker stores exactly PRECACHE_URLS — the
// offline page and the static files it is drawn with — when it installs, and never stores anything
// else: no page, no API answer, no document, whatever comes through. tests/config/test_pwa.py reads
// this file and fails if anything but the install step writes to a cache.
//
// - A GET navigation goes to the network; only when the network fails is the stored offline page
//   shown instead (a server's own error page is shown as it is).
// - A request for one of PRECACHE_URLS goes to the network too, and to the stored copy only when
//   the network fails, so that the offline page is drawn with its styles.
// - Everything else, forms that are sent (POST) included, is left to the browser: respondWith is not
//   called, so the worker never sees the answer.
"use strict";

const CACHE_NAME = {{ cache_name }};
const OFFLINE_URL = {{ offline_url }};
const PRECACHE_URLS = {{ precache_urls }};
const PRECACHED = new Set(PRECACHE_URLS.map((url) => new URL(url, self.location.origin).href));

self.addEventListener("install", (event) => {
  // cache: "reload" skips the browser's HTTP cache, so the copies are the server's current ones.
  const requests = PRECACHE_URLS.map((url) => new Request(url, { cache: "reload" }));
  event.waitUntil(
    caches
      .open(CACHE_NAME)
      .then((cache) => cache.addAll(requests))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  // An older version's cache (another language, an older offline page) goes.
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE_NAME).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

function stored(url) {
  return caches
    .open(CACHE_NAME)
    .then((cache) => cache.match(url))
    .then((response) => response || Response.error());
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => stored(OFFLINE_URL)));
    return;
  }
  if (PRECACHED.has(request.url)) {
    event.respondWith(fetch(request).catch(() => stored(request.url)));
  }
});
{% endautoescape %}
