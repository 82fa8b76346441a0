"""Post-build step: fingerprint the site's own CSS/JS and write the service worker.

1. assets/site.css and assets/site.js are minified (comments and spare white
   space out: they count against the 5,000-byte budget) into
   assets/site.<hash>.css/.js and every page is pointed at the copies, so browsers may keep them for a year
   (see scripts/cache_rules.py). The un-hashed files stay for anything else
   that reads them.
2. sw.js (from scripts/sw_template.js) lists every page, its assets, the search
   index and the manifest to save for offline use, with a VERSION computed from
   all their contents (a new publication = a new version = a fresh cache) and
   the publication date that every page carries in
   <meta name="guidance-published"> (overrides/partials/offline-head.html).

Run after every step that writes pages and before scripts.headers.
"""

from __future__ import annotations

from macros.project import Project

import hashlib
import json
import re
from pathlib import Path

TEMPLATE = Path(__file__).with_name("sw_template.js")
FINGERPRINTED = ("site.css", "site.js")
PUBLISHED_RE = re.compile(r'<meta name="guidance-published" content="([^"]+)"')

# Never saved in advance: source maps, the search's other languages, PDFs (saved
# once opened), compressed copies, and the worker itself. (sitemap.xml is saved:
# the theme reads it on every page.)
SKIP_DIRS = ("assets/javascripts/lunr/",)
SKIP_SUFFIXES = (".map", ".pdf", ".gz", ".txt")
SKIP_NAMES = {"sw.js", "_headers", "_redirects", "staticwebapp.config.json"}
MAX_BYTES = 1_000_000




_CSS_TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/', re.S)


def minify_css(css: str) -> str:
    """Comments and spare white space out; strings (content: ", ") kept exactly."""
    strings: list[str] = []

    def token(m: re.Match) -> str:
        if m.group(0).startswith("/*"):
            return " "
        strings.append(m.group(0))
        return f"\0{len(strings) - 1}\0"

    code = re.sub(r"\s+", " ", _CSS_TOKEN.sub(token, css))
    code = re.sub(r"\s*([{};>])\s*", r"\1", code).replace(";}", "}").strip()
    return re.sub(r"\0(\d+)\0", lambda m: strings[int(m.group(1))], code) + "\n"


def minify_js(js: str) -> str:
    """Block comments that fill whole lines, indentation and blank lines out; nothing inside a line is touched."""
    lines = js.splitlines()
    if "`" in js or any("/*" in line and not line.lstrip().startswith("/*") for line in lines):
        return js  # a template literal or a comment inside a line: leave the file as it is
    js = re.sub(r"(?m)^[ \t]*/\*.*?\*/[ \t]*$", "", js, flags=re.S)
    return "\n".join(line.strip() for line in js.splitlines() if line.strip()) + "\n"


def minified(name: str, text: str) -> tuple[str, bytes]:
    """(site.<hash>.css, the minified bytes) for one of FINGERPRINTED."""
    data = (minify_css(text) if name.endswith(".css") else minify_js(text)).encode("utf-8")
    stem, ext = name.rsplit(".", 1)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}", data


# "assets/site.css", or an earlier fingerprint "assets/site.0123456789.css", up to the end of the address.
_REF = re.compile(rb"assets/(" + b"|".join(re.escape(n.rsplit(".", 1)[0].encode()) for n in FINGERPRINTED)
                  + rb")(?:\.[0-9a-f]{10})?\.(" + b"|".join(sorted({re.escape(n.rsplit(".", 1)[1].encode())
                                                                  for n in FINGERPRINTED})) + rb")(?=[\"'?#])")


def point_at(data: bytes, renamed: dict[str, str]) -> bytes:
    """A page's bytes with its links to site.css/site.js pointing at the fingerprinted names."""
    names = {tuple(old.encode().rsplit(b".", 1)): b"assets/" + new.encode() for old, new in renamed.items()}
    return _REF.sub(lambda m: names.get((m.group(1), m.group(2)), m.group(0)), data)


def fingerprint(site_dir: Path) -> dict[str, str]:
    """Minify site.css/site.js into hashed names and point the pages at them; returns old -> new name."""
    renamed: dict[str, str] = {}
    for name in FINGERPRINTED:
        src = site_dir / "assets" / name
        if not src.exists():
            continue
        new, data = minified(name, src.read_text(encoding="utf-8"))
        (site_dir / "assets" / new).write_bytes(data)
        renamed[name] = new
    if renamed:
        for page in site_dir.rglob("*.html"):
            data = page.read_bytes()
            new_data = point_at(data, renamed)
            if new_data != data:
                page.write_bytes(new_data)
    return renamed


def published(site_dir: Path) -> str:
    home = site_dir / "index.html"
    match = PUBLISHED_RE.search(home.read_text(encoding="utf-8")) if home.exists() else None
    if not match:
        raise ValueError("index.html has no <meta name=\"guidance-published\">: check that overrides/main.html "
                         "still includes partials/offline-head.html in its extrahead block.")
    return match.group(1)


def precache_list(site_dir: Path, renamed: dict[str, str] | None = None) -> list[str]:
    """Paths (relative to the site root, pages as their folder URL) to save for offline use, but for those
    too_big() names."""
    replaced = {f"assets/{old}" for old in (renamed or {})}
    for name in FINGERPRINTED:  # the un-hashed originals, once a fingerprinted copy exists
        stem, ext = name.rsplit(".", 1)
        if any((site_dir / "assets").glob(f"{stem}.*.{ext}")):
            replaced.add(f"assets/{name}")
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


def write_service_worker(site_dir: Path, renamed: dict[str, str] | None = None) -> str:
    """Write sw.js; returns its VERSION."""
    when = published(site_dir)
    paths = precache_list(site_dir, renamed)
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
    renamed = fingerprint(site_dir)
    if set(renamed) != set(FINGERPRINTED):
        raise FileNotFoundError("docs/assets/site.css or docs/assets/site.js is missing: every page needs both.")
    write_service_worker(site_dir, renamed)
