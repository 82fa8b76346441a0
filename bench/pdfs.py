"""Benchmark the one-page guide PDFs: time to make all PDFs, and their sizes.

    python -m bench.pdfs [--runs 3]

Builds the pages once (no post-build steps) into a temporary folder, then times
macros/publish/pdfs.py (one Chromium session: every guide, the print pack, the sizes filled
in) over fresh copies of that build. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from macros.project import load_project
from macros.render.print_guide import PACK_NAME, PDF_DIR, find_guides
from macros.publish import pdfs
from macros.build import build_pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    project = load_project(ROOT)
    guides = find_guides(project.docs_dir, project.data)
    with tempfile.TemporaryDirectory(prefix="bench-pdfs-") as tmp:
        pages = Path(tmp) / "pages"
        started = time.monotonic()
        build_pages(pages, "mkdocs", ROOT)
        print(f"Pages built (mkdocs build --strict, for reference): {time.monotonic() - started:.1f} s")
        times = []
        for run in range(args.runs):
            site = Path(tmp) / f"site{run}"
            shutil.copytree(pages, site)
            started = time.monotonic()
            pdfs.run(site, project)
            times.append(time.monotonic() - started)
        print(f"All PDFs ({len(guides)} guides + print pack, one Chromium session), {args.runs} runs: "
              f"median {statistics.median(times):.1f} s, min {min(times):.1f} s, max {max(times):.1f} s")
        total = 0
        print(f"{'PDF':<34} {'size':>9}  pages")
        from pypdf import PdfReader

        for path in [site / g.pdf for g in guides] + [site / PDF_DIR / PACK_NAME]:
            size = path.stat().st_size
            total += size
            print(f"{path.name:<34} {size / 1024:>6.1f} KB  {len(PdfReader(str(path)).pages)}")
        print(f"{'total':<34} {total / 1024:>6.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
