"""Finish each built page while the engine is still writing the others (for scripts/build.py).

The engine builds the pages one at a time, on one CPU. Meanwhile, on the other CPU,
this pass takes each page as soon as it is complete and does that page's share of
the post-build steps the build runs (PARTS), in this order:

1. scripts.offline: points the page at the fingerprinted site.<hash>.css/.js;
2. scripts.practice_report: checks its "Report a problem" link;
3. scripts.check_links: reads its ids and links, and works out where each link goes;
4. scripts.headers: adds the CSP <meta> (with the hashes of the page's own inline scripts);

then replaces the page in one go and keeps what it learned, with the identity of the
file it left (inode, size, modification time). The steps still run after the engine,
as before; for each page they ask ``done(path)``, and use the pass's work only if the
page is still exactly the file the pass left. A page that changed since (the PDF step
fills in file sizes; the redirect step rewrites stubs), or that the pass never reached,
gets the step's full treatment. The steps also run without the pass (tests, the
link check on its own), so the pass can only save time: the built site is the same
with it or without (a test compares the two, file by file).

Plain Python over files: no engine hooks, so it works with MkDocs and ProperDocs alike.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass
class Finished:
    """What the pass did to one page, and what it learned."""

    key: tuple[int, int, int]  # (inode, size, modification time in ns) of the file as the pass left it
    renamed: dict[str, str]  # scripts.offline: the fingerprinted names the page points at
    practice: str | None  # scripts.practice_report: what is wrong with its report link (None: nothing)
    scripts: frozenset[str]  # scripts.headers: the CSP sources of its inline scripts
    meta: str  # scripts.headers: the meta policy it was finished with ("": none)
    digest: bytes  # digest_of the finished page


_DONE: dict[Path, Finished] = {}
_PASSES: dict[Path, "PagePass"] = {}


def file_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _mark(path: Path) -> tuple[int, int, int] | None:
    """Set the page's modification time 1 ns past the clock's, and return its new key.

    The clock behind file times moves in ticks of milliseconds: a step writing the page again
    in the same tick, to the same size, would leave (inode, size, time) as they were. Its write
    sets the time to a tick of the clock, never to this one: the change is always seen."""
    try:
        st = os.stat(path)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    except OSError:
        return None
    return file_key(path)


def done(path: Path) -> Finished | None:
    """The pass's record of this page, if the file is still exactly as the pass left it."""
    record = _DONE.get(Path(path))
    if record is None or file_key(path) != record.key:
        return None
    return record


def digest_of(path: Path) -> bytes:
    """SHA-256 of a file's bytes leaving out the CSP <meta> (for the service worker's version:
    the pass adds the tag before scripts.offline runs, the steps after it; the tag follows from
    the page's own scripts). From the pass's record when the page is unchanged since."""
    record = done(path)
    if record is not None:
        return record.digest
    from scripts.headers import without_meta

    return hashlib.sha256(without_meta(Path(path).read_bytes())).digest()


def link_site(site_dir: Path):
    """The link check's Site object the pass filled in for this built site (None without a pass)."""
    found = _PASSES.get(Path(site_dir).resolve())
    return found.links if found else None


def forget(site_dir: Path) -> None:
    """Drop every record of a built folder (it was swapped in, or thrown away)."""
    site_dir = Path(site_dir).resolve()
    _PASSES.pop(site_dir, None)
    for path in [p for p in _DONE if p.is_relative_to(site_dir)]:
        del _DONE[path]


# The post-build steps whose share of each page the pass can do (it keeps to the build's order of steps).
PARTS = ("scripts.practice_report", "scripts.offline", "scripts.check_links", "scripts.headers")


class PagePass:
    def __init__(self, site_dir: Path, root: Path, steps=PARTS):
        """``steps``: the post-build steps this build runs; the pass does only their share
        (a build that leaves out scripts.offline must not point pages at files it never makes)."""
        from scripts import check_links, offline
        from scripts.siteinfo import mkdocs_config, site_url

        self.dir = Path(site_dir).resolve()
        self.root = Path(root)
        self.parts = {part for part in PARTS if part in steps}
        config = mkdocs_config(self.root)
        self.base = site_url(config)
        docs = self.root / str(config.get("docs_dir") or "docs")
        # The names scripts.offline will give the site's CSS and JS, worked out from the sources
        # (the engine copies them unchanged); offline checks them against the built copies.
        self.renamed = offline.fingerprinted_names(docs / "assets") if "scripts.offline" in self.parts else {}
        self.links = check_links.Site(self.dir, self.root) if "scripts.check_links" in self.parts else None
        self.headers = "scripts.headers" in self.parts
        self.pages = 0  # pages finished
        self.during = 0  # of which before the engine had ended (see follow())
        self.after = 0.0  # seconds the last sweep took, once the engine had ended
        _PASSES[self.dir] = self

    def sweep(self, engine_done: bool) -> int:
        """Finish every complete page not finished yet; returns how many."""
        finished = 0
        for folder, dirs, files in os.walk(self.dir):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".html"):
                    path = Path(folder) / name
                    record = _DONE.get(path)
                    if record is not None and file_key(path) == record.key:
                        continue
                    if self.finish(path, engine_done):
                        finished += 1
        return finished

    def finish(self, path: Path, engine_done: bool) -> bool:
        """Finish one page; False when it is not complete yet (the engine is still writing it)."""
        from scripts import check_links, headers, offline, practice_report

        before = file_key(path)
        if before is None:
            return False
        data = path.read_bytes()
        if not engine_done and not data.rstrip().endswith(b"</html>"):
            return False  # still being written: the next sweep takes it
        if file_key(path) != before:
            return False
        new = offline.point_at(data, self.renamed) if self.renamed else data
        rel = path.relative_to(self.dir)
        practice = None
        if "scripts.practice_report" in self.parts and path.name == "index.html":
            practice = practice_report.page_problem(rel, new, self.base)
        if self.links is not None:
            check_links.scan(self.links, path, new)
        scripts = frozenset(headers.page_script_hashes(new, rel))
        digest = hashlib.sha256(headers.without_meta(new)).digest()
        meta = ""
        if self.headers:
            meta = headers.meta_policy(scripts)
            with_meta = headers.with_meta(new, meta, scripts, path)
            if with_meta is not None:
                new = with_meta
        if new != data:
            partial = path.with_name(f".{path.name}.pagepass")
            partial.write_bytes(new)
            if file_key(path) != before:  # the engine wrote it again meanwhile: keep the engine's
                partial.unlink()
                return False
            os.replace(partial, path)
        key = _mark(path)
        if key is None:
            return False
        _DONE[path] = Finished(key, dict(self.renamed), practice, scripts, meta, digest)
        self.pages += 1
        return True


def follow(site_dir: Path, root: Path, engine_done: Callable[[], bool], interval: float = 0.2,
           steps=PARTS) -> PagePass:
    """Finish pages as the engine writes them, until it has ended (then one last sweep)."""
    page_pass = PagePass(site_dir, root, steps)
    while True:
        ended = engine_done()  # asked before the sweep: a sweep after the end sees every page
        if ended:
            page_pass.during = page_pass.pages
            started = time.monotonic()
        found = page_pass.sweep(ended)
        if ended:
            page_pass.after = time.monotonic() - started
            return page_pass
        if not found:
            time.sleep(interval)


def finish_all(site_dir: Path, root: Path) -> PagePass:
    """The pass over a site the engine has finished (tests compare a build with and without it)."""
    return follow(site_dir, root, lambda: True)
