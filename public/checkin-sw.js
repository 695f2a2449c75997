// A small service worker for check-in (F-35): keeps the last copy of each check-in page, its
// script and the style sheet, so the page opens without a connection and its offline queue
// works. Network first: a copy is only used when the network fails.
'use strict';
var CACHE = 'sciserve-checkin-v1';

function cacheable(url) {
  return (
    /^\/activities\/\d+\/checkin$/.test(url.pathname) ||
    url.pathname === '/checkin.js' ||
    /^\/pkg\/[^/]+\.css$/.test(url.pathname)
  );
}

self.addEventListener('install', function () {
  self.skipWaiting();
});
self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});
self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin || !cacheable(url)) return;
  event.respondWith(
    fetch(req)
      .then(function (res) {
        if (res.ok) {
          var copy = res.clone();
          caches.open(CACHE).then(function (c) {
            c.put(url.pathname, copy);
          });
        }
        return res;
      })
      .catch(function () {
        return caches.open(CACHE).then(function (c) {
          return c.match(url.pathname).then(function (hit) {
            return hit || Response.error();
          });
        });
      })
  );
});
