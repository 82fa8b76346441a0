"""The site's own CSS and JavaScript under fingerprinted names: assets/site.<hash>.css and .js, and
assets/search-on-demand.<hash>.js (the stand-in for the theme's search worker: overrides/main.html).

Their names depend only on the files in docs/assets, so they are worked out before the engine
runs and handed to the templates (macros/__init__.py puts names() into config.extra.site_assets,
read by overrides/main.html), and the engine writes the files (write(), from the macros'
on_post_build: in `make build` and in `make serve` alike). No page is rewritten afterwards. Hosts
may keep these files for a year (macros/publish/cache_rules.py); the un-hashed originals stay
beside them, for the redirect pages and anything else that reads them.

search-on-demand.js has one blank, THEME_SEARCH_WORKER, filled in with the theme's search worker
(its path from assets/, as theme_search_worker() finds it in the installed theme), so the stand-in
loads exactly the worker of the theme version that built the site.

All are minified (they count against the 5,000-byte budget for what the site adds to a first
view) with rcssmin and rjsmin, maintained minifiers that keep every string as written.

Imports nothing from the project, so the macros and the build steps can both use it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import material
import rcssmin
import rjsmin

FINGERPRINTED = ("site.css", "site.js", "search-on-demand.js")
THEME_ASSETS = Path(material.__file__).parent / "templates" / "assets"  # the installed theme's (under ProperDocs too)
BLANK = "THEME_SEARCH_WORKER"  # in docs/assets/search-on-demand.js


def theme_search_worker() -> str:
    """The theme's search worker, as its path from assets/: 'javascripts/workers/search.<hash>.min.js'."""
    found = sorted((THEME_ASSETS / "javascripts" / "workers").glob("search.*.min.js"))
    if len(found) != 1:
        raise FileNotFoundError(f"expected one search worker in the theme's {THEME_ASSETS}/javascripts/workers, found "
                                f"{len(found)}: reinstall the theme (make setup), or, after a theme update, check "
                                "docs/assets/search-on-demand.js and overrides/main.html against the theme's worker.")
    return found[0].relative_to(THEME_ASSETS).as_posix()


def minified(name: str, text: str) -> tuple[str, bytes]:
    """(site.<hash>.css, the minified bytes) for one of FINGERPRINTED."""
    if name == "search-on-demand.js":
        text = text.replace(BLANK, theme_search_worker())
    data = (rcssmin.cssmin(text) if name.endswith(".css") else rjsmin.jsmin(text)).encode("utf-8")
    stem, ext = name.rsplit(".", 1)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}", data


def _sources(assets_dir: Path) -> dict[str, Path]:
    missing = [n for n in FINGERPRINTED if not (assets_dir / n).is_file()]
    if missing:
        raise FileNotFoundError(f"{', '.join('docs/assets/' + n for n in missing)} is missing: every page needs "
                                "the site's CSS and scripts. Restore it from the project's history (git).")
    return {n: assets_dir / n for n in FINGERPRINTED}


def names(assets_dir: Path) -> dict[str, str]:
    """{'site.css': 'site.<hash>.css', 'site.js': 'site.<hash>.js', ...} for the files in ``assets_dir`` (docs/assets)."""
    return {n: minified(n, src.read_text(encoding="utf-8"))[0] for n, src in _sources(Path(assets_dir)).items()}


def write(assets_dir: Path, out_dir: Path) -> dict[str, str]:
    """Write the minified copies of docs/assets' files into ``out_dir`` (the built site's assets/); returns names()."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for n, src in _sources(Path(assets_dir)).items():
        new, data = minified(n, src.read_text(encoding="utf-8"))
        (out_dir / new).write_bytes(data)
        written[n] = new
    return written
