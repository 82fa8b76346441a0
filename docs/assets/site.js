/* The site's only script. Each feature adds one small section below, wrapped in
   its own function, with no inline scripts in pages (the Content-Security-Policy
   allows scripts from this site only). Keep it small: it counts against the
   5,000-byte (gzip) budget for what the site adds to a first view. */

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

/* Decision card (issue 7): show one step at a time, following the address's #step.
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
