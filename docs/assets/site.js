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
