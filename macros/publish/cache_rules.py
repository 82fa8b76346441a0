"""How long browsers may keep each published file: data for the headers step.

Files whose names carry a content hash (Material's bundle, its search worker and
stylesheets, and our own assets/site.<hash>.css / .js and search-on-demand.<hash>.js,
fingerprinted by macros/render/site_assets.py) never change under the same name, so they may be kept for a
year without asking again. Everything else (pages, the search index, the
service worker, the manifest, PDFs, the un-hashed copies of our
assets) must be checked with the server on every use, so a new publication is
seen at once.

macros/publish/headers.py (the step that writes _headers and staticwebapp.config.json)
reads RULES or calls cache_control(); nothing here writes files.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# (pattern on the URL path from the site root, Cache-Control). First match wins.
# '*' in a pattern matches within one path segment only (no '/').
RULES: list[tuple[str, str]] = [
    ("/sw.js", REVALIDATE),                                  # the browser must see a new worker at once
    ("/assets/javascripts/bundle.*.min.js", IMMUTABLE),       # Material, hashed
    ("/assets/javascripts/workers/search.*.min.js", IMMUTABLE),
    ("/assets/stylesheets/main.*.min.css", IMMUTABLE),
    ("/assets/stylesheets/palette.*.min.css", IMMUTABLE),
    ("/assets/site.*.css", IMMUTABLE),                        # ours, fingerprinted by macros/render/site_assets.py
    ("/assets/site.*.js", IMMUTABLE),
    ("/assets/search-on-demand.*.js", IMMUTABLE),
    ("/*", REVALIDATE),                                       # everything else, at any depth
]


def _match(path: str, pattern: str) -> bool:
    if pattern == "/*":
        return True
    parts, pats = path.split("/"), pattern.split("/")
    return len(parts) == len(pats) and all(fnmatch.fnmatchcase(a, b) for a, b in zip(parts, pats))


def cache_control(url_path: str) -> str:
    """The Cache-Control value for a URL path such as '/assets/site.0a1b2c3d4e.css'."""
    path = "/" + url_path.lstrip("/")
    for pattern, value in RULES:
        if _match(path, pattern):
            return value
    return REVALIDATE


def headers(site_dir, root=None) -> dict[str, dict[str, str]]:
    """Exact URL path -> {"Cache-Control": ...} for the built site, as macros/publish/headers.py reads it.

    Every hashed file is listed by its exact path (wildcards inside a file name are
    not understood by every host, e.g. Azure Static Web Apps), and so is sw.js. Other
    files get no rule here, so hosts keep their default, which revalidates (no
    "/*" rule: Netlify would join two Cache-Control values into one).
    """

    site_dir = Path(site_dir)
    out: dict[str, dict[str, str]] = {}
    for f in sorted(site_dir.rglob("*")):
        if not f.is_file():
            continue
        path = "/" + f.relative_to(site_dir).as_posix()
        value = cache_control(path)
        if value == IMMUTABLE or path == "/sw.js":
            out[path] = {"Cache-Control": value}
    return out
