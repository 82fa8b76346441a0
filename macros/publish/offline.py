"""Post-build step: write the service worker.

The pages already use assets/site.<hash>.css/.js (minified and named before the engine
runs, written while it builds: macros/render/site_assets.py); this step checks they are there and
leaves the un-hashed originals out of what is saved for offline use.

sw.js (from macros/publish/sw_template.js) lists every page, its assets, the search
index and the manifest to save for offline use, with a VERSION computed from
all their contents (a new publication = a new version = a fresh cache) and
the publication date that every page carries in
<meta name="guidance-published"> (overrides/partials/offline-head.html).

Run after every step that writes pages and before macros.publish.headers.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from macros.project import Project
from macros.render import site_assets

TEMPLATE = Path(__file__).with_name("sw_template.js")
PUBLISHED_RE = re.compile(r'<meta name="guidance-published" content="([^"]+)"')

# Never saved in advance: source maps, the search's other languages, PDFs (saved
# once opened), compressed copies, and the worker itself. (sitemap.xml is saved:
# the theme reads it on every page.)
SKIP_DIRS = ("assets/javascripts/lunr/",)
SKIP_SUFFIXES = (".map", ".pdf", ".gz", ".txt")
SKIP_NAMES = {"sw.js", "_headers", "_redirects", "staticwebapp.config.json"}
MAX_BYTES = 1_000_000


def check_fingerprinted(site_dir: Path, docs_dir: Path) -> None:
    """The fingerprinted copies the pages load (macros/render/site_assets.names: the one answer) are in the site."""
    for name, built in site_assets.names(docs_dir / "assets").items():
        if not (site_dir / "assets" / built).is_file():
            raise FileNotFoundError(
                f"the site has no assets/{built}, the fingerprinted copy of assets/{name} that every page loads: it "
                "is written by the macros' on_post_build (macros/__init__.py, macros/render/site_assets.py) while "
                "the engine builds.")


def published(site_dir: Path) -> str:
    home = site_dir / "index.html"
    match = PUBLISHED_RE.search(home.read_text(encoding="utf-8")) if home.exists() else None
    if not match:
        raise ValueError("index.html has no <meta name=\"guidance-published\">: check that overrides/main.html "
                         "still includes partials/offline-head.html in its extrahead block.")
    return match.group(1)


def precache_list(site_dir: Path) -> list[str]:
    """Paths (relative to the site root, pages as their folder URL) to save for offline use, but for those
    too_big() names."""
    replaced = {f"assets/{name}" for name in site_assets.FINGERPRINTED}  # the originals: pages load the fingerprinted copies
    paths = []
    for f in sorted(site_dir.rglob("*")):
        if not f.is_file():
            continue
        rel = f.relative_to(site_dir).as_posix()
        if (rel in replaced or f.name in SKIP_NAMES or rel.startswith(SKIP_DIRS) or rel.endswith(SKIP_SUFFIXES)
                or any(part.startswith(".") for part in f.relative_to(site_dir).parts)):
            continue
        if f.name == "index.html":
            rel = rel[: -len("index.html")] or "./"
        paths.append(rel)
    return paths


def _file(site_dir: Path, rel: str) -> Path:
    """The file of a precache path ('./' and 'tools/' are pages: their index.html)."""
    return site_dir / "index.html" if rel == "./" else site_dir / (rel + "index.html" if rel.endswith("/") else rel)


def too_big(site_dir: Path, paths: list[str]) -> list[str]:
    """The paths of ``paths`` over MAX_BYTES: never saved in advance for offline use (the build says so)."""
    return [rel for rel in paths if _file(site_dir, rel).stat().st_size > MAX_BYTES]


def write_service_worker(site_dir: Path) -> str:
    """Write sw.js; returns its VERSION."""
    when = published(site_dir)
    paths = precache_list(site_dir)
    big = too_big(site_dir, paths)
    if big:
        print(f"WARNING: {len(big)} file(s) are over {MAX_BYTES // 1_000_000} MB, so readers will not have them "
              f"offline: {', '.join(big)}" + (" (search_index.json: search will not work offline)"
                                              if "search_index.json" in " ".join(big) else "")
              + ". A data file in docs/_data/ has usually grown too large (or a page holds too much): split it, "
              "or shorten what the pages show of it.")
        paths = [rel for rel in paths if rel not in big]
    digest = hashlib.sha256(when.encode())
    for rel in paths:
        digest.update(rel.encode() + b"\0" + hashlib.sha256(_file(site_dir, rel).read_bytes()).digest())
    version = digest.hexdigest()[:12]
    js = (TEMPLATE.read_text(encoding="utf-8")
          .replace("__VERSION__", version)
          .replace("__PUBLISHED__", when)
          .replace("__PRECACHE__", json.dumps(paths, indent=0)))
    (site_dir / "sw.js").write_text(js, encoding="utf-8")
    return version


def run(site_dir: Path, project: Project) -> None:
    if not (site_dir / "manifest.webmanifest").exists():
        raise FileNotFoundError("manifest.webmanifest is missing from the site: it should come from "
                                "docs/manifest.webmanifest.")
    check_fingerprinted(site_dir, project.docs_dir)
    write_service_worker(site_dir)
