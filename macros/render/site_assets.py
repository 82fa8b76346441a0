"""The site's own CSS and JavaScript under fingerprinted names: assets/site.<hash>.css and .js.

Their names depend only on docs/assets/site.css and docs/assets/site.js, so they are worked out
before the engine runs and handed to the templates (macros/__init__.py puts names() into
config.extra.site_assets, read by overrides/main.html), and the engine writes the files
(write(), from the macros' on_post_build: in `make build` and in `make serve` alike). No page is
rewritten afterwards. Hosts may keep these files for a year (macros/publish/cache_rules.py); the
un-hashed originals stay beside them, for the redirect pages and anything else that reads them.

Both are minified (comments and spare white space out: they count against the 5,000-byte
budget). Our own few lines rather than a minifier package: the two files are small and plain,
and the rules below keep every string and every line's code as written.

Imports nothing from the project, so the macros and the build steps can both use it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

FINGERPRINTED = ("site.css", "site.js")

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


def _sources(assets_dir: Path) -> dict[str, Path]:
    missing = [n for n in FINGERPRINTED if not (assets_dir / n).is_file()]
    if missing:
        raise FileNotFoundError(f"{', '.join('docs/assets/' + n for n in missing)} is missing: every page needs "
                                "the site's CSS and script. Restore it from the project's history (git).")
    return {n: assets_dir / n for n in FINGERPRINTED}


def names(assets_dir: Path) -> dict[str, str]:
    """{'site.css': 'site.<hash>.css', 'site.js': 'site.<hash>.js'} for the files in ``assets_dir`` (docs/assets)."""
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
