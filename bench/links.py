"""Figures for the link checks: pages, links and anchors checked, and how long each check takes.

    python -m bench.links [--site-dir /tmp/you-site]     (builds into a temporary folder when not given)

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from macros.publish.check_addresses import check as check_registry, load_registry
from macros.publish.check_links import Site, check as check_links
from macros.publish.built_site import address_of
from macros.project import load_project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site-dir", type=Path)
    args = parser.parse_args()
    site_dir = args.site_dir
    if site_dir is None:
        from macros.build import build

        site_dir = Path(tempfile.mkdtemp(prefix="bench-links-")) / "site"
        started = time.perf_counter()
        build(ROOT, site_dir)
        print(f"complete build: {time.perf_counter() - started:.2f} s")

    project = load_project(ROOT)
    site = Site(site_dir, project)
    files = sorted(site_dir.rglob("*.html"))
    links = internal = anchors = 0
    for f in files:
        for _, _, value in site.parsed(f).links:
            links += 1
            path = site.internal_path(address_of(site_dir, f), value)
            if path is not None:
                internal += 1
                anchors += "#" in path
    print(f"HTML files: {len(files)}; links: {links}; inside the site: {internal} (with #section: {anchors})")

    for name, fn in (("internal link check", check_links), ("registry check", check_registry)):
        best = min(_timed(fn, site_dir, project) for _ in range(3))
        print(f"{name}: {best * 1000:.0f} ms (best of 3)")
    print(f"registered addresses: {len(load_registry(project))}")


def _timed(fn, site_dir, project) -> float:
    started = time.perf_counter()
    problems = fn(site_dir, project)
    elapsed = time.perf_counter() - started
    if problems:
        print(f"  ({len(problems)} problems found)")
    return elapsed


if __name__ == "__main__":
    main()
