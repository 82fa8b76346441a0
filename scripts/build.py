"""Build the complete site into site/, atomically.

    make build            (or: python scripts/build.py [--engine properdocs])

1. Check the data (every problem listed at once).
2. Build the pages with `mkdocs build --strict` into a new temporary folder.
3. Run each post-build step on that folder (plain Python, no engine hooks).
4. Only if everything succeeded, swap the new folder in as site/.

A failed build leaves the last good site/ untouched, and says so.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.data import DataError, load  # noqa: E402

# Post-build steps, in order: each module has run(site_dir: Path, root: Path) -> None
# and raises an exception (with a message for editors) when something is wrong.
STEPS: list[str] = [
    "scripts.redirects",  # moved pages: redirect pages without inline scripts (issue 3)
    "scripts.shortlinks",  # /go/<id>/ short links (issue 3)
    "scripts.pages_json",  # api/pages.json: every page's permanent address and review dates (issue 3)
    "scripts.search_aliases",  # everyday words as search tags in search_index.json (issue 7); before offline
    "scripts.practice_report",  # contacts/sharing/report-a-problem gaps; a report link on every page (issue 7)
    "scripts.feed",  # feed.xml: the "What's new" Atom feed from changelog.yml (issue 6); before check_links
    "scripts.offline",  # site.<hash>.css/js and the service worker sw.js (issue 5); after steps that write pages
    "scripts.pdfs",  # one-page A4 guide PDFs and the print pack (issue 4); before check_links
    "scripts.check_links",  # every internal link and anchor on the final HTML (issue 3): after every step that writes pages or renames files, before headers
    "scripts.review_report",  # prints pages overdue / due in 30 days / without their own owner (issue 6); never fails
    "scripts.headers",  # security headers + CSP meta: must stay LAST (hashes the final HTML)
]


class BuildFailed(Exception):
    pass


def build_pages(out: Path, engine: str, root: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PROPERDOCS_NO_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true")  # Material's banner would otherwise head every failure
    cmd = [sys.executable, "-m", engine, "build", "--strict", "--site-dir", str(out)]
    result = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise BuildFailed(f"{engine} build --strict failed:\n" + engine_messages(output))


def engine_messages(output: str) -> str:
    """The engine's warnings and errors, without tracebacks; a macro error keeps its page and message."""
    lines, in_code, code = [], False, []
    for line in output.splitlines():
        if line.startswith("```"):
            if in_code and code and not code[0].startswith("Traceback"):  # the offending Markdown, not a traceback
                lines += [f"    {c}" for c in code[:3]]
            in_code, code = not in_code, []
        elif in_code:
            code.append(line)
        else:
            macro = re.match(r"^_(\w+)_: (.+)$", line)  # mkdocs-macros: "_File_: `x.md`", "_UnknownId_: ..."
            where = re.match(r"^_Line (\d+) in Markdown file:_\s*\*\*(.+)\*\*", line)  # a Jinja syntax error
            if macro:
                lines.append(f"  {macro.group(2).strip('`')}" if macro.group(1) != "File" else f"  in docs/{macro.group(2).strip('`')}:")
            elif where:
                lines.append(f"  line {where.group(1)} below the front matter: {where.group(2)}. Check the {{{{ ... }}}} there: "
                             "brackets and quotes must be closed, e.g. {{ tool_card('dadpad') }}")
            elif "ERROR" in line or "WARNING" in line or line.startswith("  -"):
                lines.append(line)
    return "\n".join(lines or output.splitlines()[-30:])


def build(root: Path = ROOT, site_dir: Path | None = None, engine: str = "mkdocs", steps=None) -> Path:
    site_dir = site_dir or root / "site"
    steps = STEPS if steps is None else steps
    started = time.monotonic()
    try:
        data = load(root / "docs")
    except DataError as exc:
        raise BuildFailed(exc.report()) from None
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=root))
    try:
        build_pages(tmp, engine, root)
        for name in steps:
            module = importlib.import_module(name)
            try:
                module.run(tmp, root)
            except Exception as exc:  # noqa: BLE001 - every failure stops the build
                raise BuildFailed(f"post-build step {name} failed: {exc}") from exc
        old = None
        if site_dir.exists():
            old = site_dir.with_name(site_dir.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            site_dir.rename(old)
        tmp.rename(site_dir)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    print(f"Built {pages} pages into {site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir} "
          f"in {time.monotonic() - started:.1f} s.")
    gaps = data.gaps()
    if gaps:
        print(f"{len(gaps)} gap(s) in the data still to fill (run `make check` for the list).")
    return site_dir


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="mkdocs", choices=["mkdocs", "properdocs"])
    parser.add_argument("--site-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        build(ROOT, args.site_dir, args.engine)
    except BuildFailed as exc:
        print(f"BUILD FAILED — site/ was not changed (the last good site is still there).\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
