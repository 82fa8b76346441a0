"""Build the complete site into site/, atomically.

    make build            (or: python -m scripts.build [--engine properdocs] [--site-dir DIR])

One step after the other:

1. Read the project once (macros/project.py: mkdocs.yml, the pages and their front matter,
   the data) and check the data (docs/_data/ and the pages' front matter). A problem stops
   the build here, before the engine starts, with every problem listed at once for editors.
2. Build the pages with `mkdocs build --strict` (or ProperDocs) into a new temporary
   folder beside site/, and wait for it to end.
3. Run each post-build step of STEPS on that folder, in order: each is a function
   run(site_dir, project), plain Python over the built files (no engine hooks), handed the
   project read in step 1 (no step reads mkdocs.yml, the data or front matter again).
4. Only if everything succeeded, swap the new folder in as site/ (a rename).

A failed build leaves the last good site/ untouched, and says so. So does a stopped one: Ctrl+C
(SIGINT) or a cancelled CI job (SIGTERM) ends the engine, removes the new folder and prints one line.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from macros.data.load import DataError
from macros.project import Project, load_project
from macros.publish import (
    check_addresses,
    check_links,
    check_safety,
    feed,
    headers,
    offline,
    pages_json,
    pdfs,
    practice_report,
    redirects,
    review_report,
    search_aliases,
    shortlinks,
)

ROOT = Path(__file__).resolve().parents[1]

# Post-build steps, in order, by name: each is run(site_dir: Path, project: Project) -> None (in
# macros/publish/) and raises an exception, with a message for editors, when something is wrong.
STEPS: dict[str, object] = {
    "redirects": redirects.run,  # moved pages: redirect pages without inline scripts
    "shortlinks": shortlinks.run,  # /go/<id>/ short links
    "pages_json": pages_json.run,  # api/pages.json: every page's permanent address and review dates
    "search_aliases": search_aliases.run,  # everyday words as search tags in search_index.json
    "practice_report": practice_report.run,  # contact and report-a-problem gaps; a report link on every page
    "feed": feed.run,  # feed.xml: the "What's new" Atom feed from changelog.yml; before check_links
    "offline": offline.run,  # the service worker sw.js, listing every file to save: after the steps that write files
    "check_safety": check_safety.run,  # no script, handler or other site's address but the site's own, on the
    #   built HTML: after every step that writes markup, and before pdfs opens the pages in a browser on this
    #   machine (pdfs then only writes each PDF's size, as text, into its link)
    "pdfs": pdfs.run,  # one-page A4 guide PDFs and the print pack; before check_links
    "check_links": check_links.run,  # every internal link and anchor on the final HTML: after every step that
    #   writes pages, before headers
    "check_addresses": check_addresses.run,  # every registered permanent address still works
    "review_report": review_report.run,  # prints pages overdue / due soon / not yet reviewed; never fails
    "headers": headers.run,  # security headers + CSP meta: must stay LAST (hashes the final HTML)
}


class BuildFailed(Exception):
    pass


class BuildStopped(KeyboardInterrupt):
    """SIGTERM (a cancelled CI job) stops the build as Ctrl+C does: through every `finally`, so the engine
    is ended and the new folder removed. (A KeyboardInterrupt, so no `except Exception` can swallow it.)"""


def _stop(signum, frame):
    # One stop is enough: a second signal must not cut short the clean-up that the first one started.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise BuildStopped(signal.Signals(signum).name)


def old_site(site_dir: Path) -> Path:
    """Where the last good site waits while the new one is swapped in: site.old/ beside site/."""
    return site_dir.with_name(site_dir.name + ".old")


def clear_old_site(site_dir: Path) -> None:
    """Remove a site.old/ left by an earlier build (a file in it was locked); BuildFailed if it cannot go."""
    old = old_site(site_dir)
    if old.exists() or old.is_symlink():
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
    if old.exists() or old.is_symlink():
        raise BuildFailed(
            f"{old} is left over from an earlier build and cannot be removed: a file in it is open or locked "
            "(a program such as a browser, an editor or a file preview may be using it). Close that program, "
            f"delete {old.name}/ and build again.")


def swap_in(new: Path, site_dir: Path) -> str | None:
    """Make ``new`` the site: site/ -> site.old/, new -> site/, site.old/ removed. If a rename fails the last
    good site stays (or is put back) as site/ and BuildFailed says what to do. Returns a note for editors
    when site.old/ could not be removed (the next build removes it)."""
    old = old_site(site_dir)
    if site_dir.exists():
        try:
            site_dir.rename(old)
        except OSError as exc:
            raise BuildFailed(
                f"the new site could not replace {site_dir} ({exc.strerror or exc}): a file in it is open or "
                "locked by another program. Close that program and build again.") from None
    try:
        new.rename(site_dir)
    except OSError as exc:
        if old.exists() and not site_dir.exists():
            old.rename(site_dir)  # the last good site back
        raise BuildFailed(f"the new site could not be moved to {site_dir} ({exc.strerror or exc}). "
                          "Close any program using that folder and build again.") from None
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
        if old.exists():
            return (f"Note: {old.name}/ (the previous site) could not be removed: a file in it is open or "
                    "locked. The next build removes it.")
    return None


class _SignalsHeld:
    """While the new site is swapped in (two renames), a stop signal is ignored, not half-obeyed. Only
    when this process's own handler (_stop, installed by main) is in place; otherwise nothing changes."""

    def __enter__(self):
        self.saved = {}
        if signal.getsignal(signal.SIGTERM) is _stop:
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, signal.SIG_IGN)
        return self

    def __exit__(self, *exc):
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
        return False


def build_pages(out: Path, engine: str, root: Path) -> None:
    """Run `<engine> build --strict` into ``out`` and wait for it to end; BuildFailed, with what the
    engine said, if it fails. (The data check before it finds editors' usual mistakes in their own
    words; what reaches the engine is shown as the engine wrote it, never re-read or reworded.)"""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PROPERDOCS_NO_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true")  # Material's banner would otherwise head every failure
    cmd = [sys.executable, "-m", engine, "build", "--strict", "--site-dir", str(out)]
    # (subprocess.run ends the engine when this process is stopped while waiting: Ctrl+C, SIGTERM.)
    result = subprocess.run(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        said = result.stdout.strip().splitlines()
        raise BuildFailed(f"{engine} build --strict failed:\n" + "\n".join(said[-40:]))


def build(root: Path = ROOT, site_dir: Path | None = None, engine: str = "mkdocs", steps=None,
          timings: dict[str, float] | None = None) -> Path:
    """Build the site into site_dir (default site/); ``timings`` (if given) gets each stage's seconds."""
    site_dir = Path(site_dir or root / "site")
    steps = list(STEPS) if steps is None else steps
    timings = {} if timings is None else timings
    started = time.monotonic()

    # 1. The project, read once, and its data checked: a problem stops the build before the engine
    #    starts, with one list for editors.
    try:
        project: Project = load_project(root)
    except DataError as exc:
        raise BuildFailed(exc.report()) from None
    problems = check_safety.redirect_problems(project)  # a redirect to another site: refused before the engine
    if problems:
        raise BuildFailed("\n".join(problems))
    timings["data check"] = time.monotonic() - started
    clear_old_site(site_dir)

    # Built beside site_dir, so the swap at the end is a rename on one file system.
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent)).resolve()
    try:
        # mkdtemp makes a folder only its owner can read; site/ must be readable like any folder
        # (a web server's user, or a copy that keeps permissions, would otherwise be refused).
        mask = os.umask(0o022)
        os.umask(mask)
        tmp.chmod(0o777 & ~mask)

        # 2. The engine.
        step_started = time.monotonic()
        build_pages(tmp, engine, root)
        timings["engine"] = time.monotonic() - step_started

        # 3. The post-build steps, in order.
        for name in steps:
            step_started = time.monotonic()
            try:
                STEPS[name](tmp, project)
            except Exception as exc:  # noqa: BLE001 - every failure stops the build
                raise BuildFailed(f"post-build step {name} failed: {exc}") from exc
            timings[name] = time.monotonic() - step_started

        # 4. The swap.
        with _SignalsHeld():
            note = swap_in(tmp, site_dir)
        if note:
            print(note)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    timings["whole build"] = time.monotonic() - started
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    print(f"Built {pages} pages into {site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir} "
          f"in {timings['whole build']:.1f} s.")
    gaps = project.data.gaps()
    if gaps:
        print(f"{len(gaps)} gap(s) in the data still to fill (run `make check` for the list).")
    return site_dir


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="mkdocs", choices=["mkdocs", "properdocs"])
    parser.add_argument("--site-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        build(ROOT, args.site_dir, args.engine)
    except KeyboardInterrupt as exc:  # Ctrl+C, or SIGTERM (BuildStopped): the engine ended, the new folder gone
        print("Build stopped; site/ was not changed.", file=sys.stderr)
        return 143 if str(exc) == "SIGTERM" else 130
    except BuildFailed as exc:
        print(f"BUILD FAILED — site/ was not changed (the last good site is still there).\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
