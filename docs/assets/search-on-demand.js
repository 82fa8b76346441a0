/* Search on demand: a stand-in for the theme's search worker.

   The theme starts its search worker (12 KB compressed) on every page load, though
   a reader who never opens the search never needs it. overrides/main.html points
   the theme at this file instead; the build fills in THEME_SEARCH_WORKER below
   with the theme's own worker (macros/render/site_assets.py). The theme's first
   message to its worker comes only once the reader opens the search (site.js
   holds the search index back until then); this file then loads the theme's
   worker and hands it that message, and from then on the theme's worker answers
   everything itself.

   The theme's worker then runs at this file's address (assets/), not at its own,
   so its one relative path, "../lunr" (search in languages other than English),
   would miss: this site is in English only. */
addEventListener("message", function first(event) {
  removeEventListener("message", first);
  importScripts("THEME_SEARCH_WORKER");
  dispatchEvent(new MessageEvent("message", { data: event.data }));
});
