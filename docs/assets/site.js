/* The site's only script. Each feature adds one small section below, wrapped in
   its own function, with no inline scripts in pages (the Content-Security-Policy
   allows scripts from this site only). Keep it small: it counts against the
   5,000-byte (gzip) budget for what the site adds to a first view. It is loaded
   at the end of <body>, before the theme's script (overrides/main.html), so it
   never holds back the first paint; the page above it may still be parsing
   (redirect pages load it in <head>): wait for DOMContentLoaded. */

/* Review dates: show "This page is overdue for review" once the date in
   data-review-due (YYYY-MM-DD) has passed, without a rebuild. */
(function () {
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var now = today();
    document.querySelectorAll("[data-review-due]").forEach(function (el) {
      var notice = el.querySelector(".page-review__overdue");
      if (notice && el.getAttribute("data-review-due") < now) notice.hidden = false;
    });
  });
})();

/* Redirect pages (moved pages, /go/<id>/ short links): go on to <html data-redirect>,
   keeping the visitor's #section unless the redirect names its own. Runs at once,
   not on DOMContentLoaded, so it wins over the meta refresh (the no-script fallback). */
(function () {
  var to = document.documentElement.getAttribute("data-redirect");
  if (to) location.replace(to.indexOf("#") < 0 ? to + location.hash : to);
})();

/* Offline use: registers the service worker (sw.js, written by
   macros/publish/offline.py) once the page has loaded; on a page served from this
   device (<html data-offline>) says so with the date of the guidance shown; when
   a newer publication has been saved, offers a reload; names the search dialog. */
(function () {
  var meta, mine;
  function day(iso) {
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleDateString("en-GB", {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
  }
  function note(cls, text, button) {
    var n = document.createElement("div"), b;
    n.className = "sw-note " + cls;
    n.setAttribute("role", "status");
    n.textContent = text;
    if (button) {
      b = document.createElement("button");
      b.type = "button";
      b.textContent = button;
      b.addEventListener("click", function () { location.reload(); });
      n.appendChild(b);
    }
    var where = document.querySelector(".md-content__inner") || document.body;
    where.insertBefore(n, where.firstChild);
    return n;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var search = document.querySelector('.md-search[role="dialog"]'), offline, prompted;
    meta = document.querySelector('meta[name="guidance-published"]');
    mine = meta ? meta.content : "";
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search this guide");
    // The theme's menu button is a <label>, out of reach of the keyboard: make it a real button.
    var menu = document.querySelector('label.md-header__button[for="__drawer"]'), drawer = document.getElementById("__drawer"), b;
    if (menu && drawer) {
      b = document.createElement("button");
      b.type = "button";
      b.className = menu.className;
      b.innerHTML = menu.innerHTML;
      b.setAttribute("aria-label", "Menu");
      b.addEventListener("click", function () { drawer.click(); });
      menu.replaceWith(b);
    }
    /* The service worker (scripts/sw_template.js) says why it showed the saved copy: empty
       with no network, else its sentence (a host too slow to answer, or answering with an error). */
    var why = document.documentElement.getAttribute("data-offline");
    if (why !== null) {
      offline = note("sw-offline", (why || "You are offline.") + " This is the guidance as published on " + day(mine) + ".");
    }
    if (!meta || !("serviceWorker" in navigator)) return;
    var sw = navigator.serviceWorker;
    sw.addEventListener("message", function (e) {
      if (e.data && e.data.type === "published" && e.data.published > mine && !prompted) {
        prompted = note("sw-update", "New guidance available — ", "reload");
      }
    });
    window.addEventListener("online", function () {
      sw.getRegistration().then(function (r) { if (r) r.update(); });
      if (offline && !why) offline.textContent = "You are back online. This page is the guidance as published on " + day(mine) + ". Reload to check for newer guidance.";
    });
    function register() { sw.register(meta.getAttribute("data-sw")).catch(function () {}); }
    if (document.readyState === "complete") register(); else window.addEventListener("load", register);
  });
})();

/* Decision card: show one step at a time, following the address's #step.
   Without this script every step is shown and each answer is a link to its step. */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var card = document.querySelector(".decision-card");
    if (!card) return;
    var steps = card.querySelectorAll(".decision-step");
    function show(focus) {
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      var current = (target && target.closest(".decision-step")) || steps[0], h;
      for (var i = 0; i < steps.length; i++) steps[i].hidden = steps[i] !== current;
      h = current.querySelector("h2");
      if (focus && h) { h.tabIndex = -1; h.focus(); }
    }
    show(false);
    window.addEventListener("hashchange", function () { show(true); });
  });
})();

/* Search index on demand: the theme downloads search/search_index.json
   on every page load; hold that request back until the reader opens the search
   (or presses a key: the theme's shortcuts), so a first view stays small. Runs at
   once, before the theme's script. Offline, the index comes from the saved copy.
   sitemap.xml too: the theme reads it on every page only because of the feed's
   <link rel="alternate"> (it takes it for a language version), and needs it only
   for features that are off (instant navigation and previews). */
(function () {
  var P = XMLHttpRequest.prototype, open = P.open, send = P.send, ready = false, held = [];
  function go() {
    if (ready) return;
    ready = true;
    held.forEach(function (f) { f(); });
  }
  P.open = function (method, url) {
    this.searchIndex = /search\/search_index\.json$|\/sitemap\.xml$/.test(String(url));
    return open.apply(this, arguments);
  };
  P.send = function () {
    var x = this, args = arguments;
    if (!x.searchIndex || ready) return send.apply(x, args);
    held.push(function () { send.apply(x, args); });
  };
  document.addEventListener("focusin", function (e) { if (e.target.closest && e.target.closest(".md-search")) go(); });
  document.addEventListener("change", function (e) { if (e.target.id === "__search") go(); });
  document.addEventListener("keydown", go);
})();

/* Abbreviations on touch screens, which show no tooltips: a tap on an
   abbreviation writes out what it stands for just after it; another tap hides it. */
document.addEventListener("click", function (e) {
  var a = e.target.closest && e.target.closest(".md-typeset abbr[title]"), s;
  if (!a || a.closest("a")) return;
  s = a.nextElementSibling;
  if (s && s.className === "abbr-says") return s.remove();
  s = document.createElement("span");
  s.className = "abbr-says";
  s.textContent = " (" + a.title + ")";
  a.after(s);
});

/* Keyboard users: the first of each abbreviation on a page (outside links) takes focus with
   Tab, and while it has it, what it stands for shows after it (site.css). Only the first of
   each: every abbreviation a tab stop would bury the page's links. */
document.addEventListener("DOMContentLoaded", function () {
  var seen = {};
  document.querySelectorAll(".md-typeset abbr[title]").forEach(function (a) {
    if (seen[a.title] || a.closest("a")) return;
    seen[a.title] = 1;
    a.tabIndex = 0;
  });
});
