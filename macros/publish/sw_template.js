/* Service worker for the BSW under-1s guide. Written into the site as sw.js by
   macros/publish/offline.py at every build: do not edit sw.js, edit this template.

   - Install: saves every page, its assets and the search index (PRECACHE) in the
     background, after the first page has finished loading.
   - Pages: network first; after TIMEOUT ms, with no network, or when the host
     answers with a server error (5xx), the saved copy, marked <html data-offline="...">
     with why (see WHY) so docs/assets/site.js says so in its banner, with the date of
     the guidance shown. A 5xx passes through only where nothing is saved.
   - Saved assets (same version as the pages): from the cache.
   - Anything else opened (PDFs): network first, kept for offline use.
   - A new publication has a new VERSION: it replaces the whole cache (old
     guidance is never kept), and open pages are told, so they offer a reload. */
"use strict";
const VERSION = "__VERSION__";
const PUBLISHED = "__PUBLISHED__";
const PRECACHE = __PRECACHE__;
const CACHE = "bsw-" + VERSION;
const TIMEOUT = 3000;
const BASE = new URL("./", self.location);
const SAVED = new Set(PRECACHE.map((p) => new URL(p, BASE).href));
const HASHED = /\.[0-9a-f]{8,}\.(min\.)?(css|js)$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Hashed files never change, so the copy the page just loaded will do;
    // everything else is checked with the server.
    await cache.addAll(PRECACHE.map((p) => new Request(new URL(p, BASE), HASHED.test(p) ? {} : {cache: "no-cache"})));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("bsw-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
    for (const client of await self.clients.matchAll({type: "window", includeUncontrolled: true})) {
      client.postMessage({type: "published", published: PUBLISHED, version: VERSION});
    }
  })());
});

function key(url) {
  const u = new URL(url);
  return u.origin + u.pathname;
}

async function saved(url) {
  const k = key(url);
  return (await caches.match(k)) || (k.endsWith("/") ? caches.match(k + "index.html") : caches.match(k + "/"));
}

// The first words of the banner on a saved copy, by why it was shown; site.js adds the date.
// (Empty: site.js says "You are offline.", as it did with workers from before these reasons.)
const WHY = {
  offline: "",
  slow: "The site is slow to answer.",  // no answer within TIMEOUT, while the device is online
  error: "The site cannot show this page just now.",  // the host answered with a server error
};

async function markOffline(res, why) {
  if (!(res.headers.get("Content-Type") || "").includes("text/html")) return res;
  const html = (await res.text()).replace(/<html\b/i, '<html data-offline="' + WHY[why] + '"');
  return new Response(html, {headers: {"Content-Type": "text/html; charset=utf-8"}});
}

const NOT_SAVED = '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
  '<title>You are offline</title><body style="font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em">' +
  "<h1>You are offline</h1><p>This page is not saved on this device.</p>" +
  '<p><a href="' + BASE.href + '">Open the guide\'s home page</a> (saved for offline use).</p></body></html>';

async function networkFirst(event) {
  const req = event.request;
  // "no-cache": always ask the server (a 304 if unchanged), never a stale copy from the HTTP cache.
  const network = fetch(req, {cache: "no-cache"}).then(async (res) => {
    // Keep whole answers only (a PDF viewer may ask for parts: 206); a failure to keep
    // a copy never stops the answer from reaching the page.
    if (res.status === 200 && res.type === "basic") {
      try { await (await caches.open(CACHE)).put(key(req.url), res.clone()); } catch (e) { /* storage full */ }
    }
    return res;
  });
  event.waitUntil(network.catch(() => null));
  let timer, res = null, why = "offline";
  const late = new Promise((resolve) => { timer = setTimeout(resolve, TIMEOUT, null); });
  try {
    res = await Promise.race([network, late]);
    if (res && res.status < 500) return res;
    // No answer in time from a device that is online: the host is slow, not the reader offline.
    why = res ? "error" : (self.navigator.onLine === false ? "offline" : "slow");
  } catch (e) {
    // no network: fall through to the saved copy
  } finally {
    clearTimeout(timer);
  }
  const copy = await saved(req.url);
  if (copy) return markOffline(copy, why);
  if (res) return res;  // a server error, with nothing saved to show instead
  try {
    return await network;
  } catch (e) {
    if (req.mode === "navigate") return new Response(NOT_SAVED, {headers: {"Content-Type": "text/html; charset=utf-8"}});
    return Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode !== "navigate" && SAVED.has(key(req.url))) {
    event.respondWith(caches.match(key(req.url)).then((res) => res || fetch(req)));
  } else {
    event.respondWith(networkFirst(event));
  }
});
