"""Scale benchmark: a generated 1,000-page copy of the site, against plain Material (prints figures; not a test).

    python -m bench.scale                 # 1,000 pages, each build timed once
    python -m bench.scale --pages 300 --repeat 3

Makes a temporary copy of the project and fills it with copies of the real pages
(each copy in the same folder as its original, so its links and macro calls work)
up to --pages pages, all in the nav. Pages that list the whole site (the printable
guides index, the role pages) are not copied: a real site has one of each. Then times:

1. plain Material on the same pages: each page's Markdown as the macros left it
   (what a site without macros would hold, typed out), built with no macros plugin,
   no theme overrides and no site CSS/JS: the baseline;
2. plain Material with the macro calls left as text: the pages lose most of their
   content (tables, cards, panels), so this is shown only for reference;
3. the site's engine build: `mkdocs build --strict` with macros and overrides;
4. the whole build exactly as `make build` runs it (macros/build.py: the data check,
   the engine, then every post-build step, one after the other), by the wall clock; the
   one-page PDFs (only the real guides: the copies are ordinary pages) are shown but left out.

and prints each time, and the ratios. For reporting only: there is no speed target, and
it never fails on a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", "site", ".site-build-*", ".git", "__pycache__", ".pytest_cache",
                                "node_modules", ".hypothesis", "bench", "tests", "reports")
WHOLE_SITE_LISTS = ("printable_guides(", "role_page(")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PROPERDOCS_NO_WARNING="1")


def source_pages(docs: Path) -> list[Path]:
    return [p for p in sorted(docs.rglob("*.md")) if "_data" not in p.relative_to(docs).parts]


def generate(project: Path, total: int) -> int:
    """Copy real pages until the site has ``total`` pages; add every copy to the nav. Returns the count."""
    docs = project / "docs"
    # Pages that list the whole site exist once in any site: not copied. They are the printable
    # guides index and the role pages (each lists every page tagged with its role, so 1,000
    # copies of them would each list hundreds of pages).
    originals = [p for p in source_pages(docs)
                 if not any(call in p.read_text(encoding="utf-8") for call in WHOLE_SITE_LISTS)]
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    generated = []
    for i in range(max(0, total - len(originals))):
        src = originals[i % len(originals)]
        text = src.read_text(encoding="utf-8")
        end = text.index("\n---", 3)
        meta = yaml.safe_load(text[3:end]) or {}
        meta["title"] = f"{meta.get('title', src.stem)} (copy {i + 1})"
        # A copy is an ordinary page: not a one-page guide (those need their own short link and PDF).
        meta.pop("one_page_guide", None)
        text = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + text[end + 1:]
        dest = src.with_name(f"gen-{i + 1:04d}-{src.name}")
        dest.write_text(text, encoding="utf-8")
        generated.append(dest.relative_to(docs).as_posix())
    config["nav"].append({"Generated copies": generated})
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(source_pages(docs))


def make_plain(project: Path, dest: Path) -> None:
    """The same pages and config, as plain Material: no macros plugin, no theme overrides, no site CSS/JS."""
    shutil.copytree(project, dest)
    config_path = dest / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (p == "macros" or (isinstance(p, dict) and "macros" in p))]
    config["theme"].pop("custom_dir", None)
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    config["watch"] = []
    config["strict"] = False  # links to anchors that only macros make are warnings here
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.rmtree(dest / "macros")
    shutil.rmtree(dest / "overrides", ignore_errors=True)


EXPAND_HOOK = '''"""Bench only: write each page's Markdown, as the macros left it, into another project."""
from pathlib import Path

OUT = Path({out!r})


def on_page_markdown(markdown, page, config, files, **kwargs):
    text = (Path(config["docs_dir"]) / page.file.src_uri).read_text(encoding="utf-8")
    front = text[: text.index("\\n---", 3) + 4] + "\\n\\n" if text.startswith("---") else ""
    (OUT / page.file.src_uri).write_text(front + markdown, encoding="utf-8")
    return markdown
'''


def expand_pages(project: Path, dest_docs: Path, work: Path) -> None:
    """Write every page of ``project`` as the site publishes it (the Markdown after the macros ran,
    glossary abbreviations and search words included; front matter kept) into ``dest_docs``:
    the same pages a site without macros would hold, typed out."""
    hook = work / "expand_hook.py"
    hook.write_text(EXPAND_HOOK.format(out=str(dest_docs)), encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(hook)]
    expand_config = project / "mkdocs-expand.yml"
    expand_config.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        timed([sys.executable, "-m", "mkdocs", "build", "-f", str(expand_config), "--site-dir",
               str(work / "out-expand")], project)
    finally:
        expand_config.unlink()
        shutil.rmtree(work / "out-expand", ignore_errors=True)


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{(result.stdout + result.stderr)[-4000:]}")
    return elapsed


def engine(project: Path, out: Path, strict: bool = True) -> float:
    shutil.rmtree(out, ignore_errors=True)
    strict_flag = ["--strict"] if strict else []
    return timed([sys.executable, "-m", "mkdocs", "build", *strict_flag, "--site-dir", str(out)], project)


WHOLE = """
import json
from pathlib import Path
from macros.build import build
times = {{}}
build(Path({root!r}), Path({out!r}), timings=times)
print("TIMES " + json.dumps(times))
"""


def whole(project: Path, out: Path) -> dict[str, float]:
    """The complete build as `make build` runs it (macros/build.py), with its own timings."""
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([sys.executable, "-c", WHOLE.format(root=str(project), out=str(out))], cwd=project,
                            env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the whole build failed in {project}:\n{(result.stdout + result.stderr)[-4000:]}")
    line = next(l for l in result.stdout.splitlines() if l.startswith("TIMES "))
    return json.loads(line[6:])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="time each build this many times (median)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="bsw-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    site, plain, same = work / "site-project", work / "plain-project", work / "same-project"
    for folder in (site, plain, same):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        shutil.copytree(ROOT, site, ignore=IGNORE)
        pages = generate(site, args.pages)
        make_plain(site, plain)
        make_plain(site, same)
        expand_pages(site, same / "docs", work)
        print(f"{pages} pages ({pages - len(source_pages(ROOT / 'docs'))} generated copies of the real pages), "
              f"{os.cpu_count()} CPU(s), each build timed {args.repeat}x (median).")
        runs = {"same": [], "plain": [], "engine": [], "whole": [], "pdfs": []}
        steps: dict[str, list[float]] = {}
        def run_whole():
            times = whole(site, work / "out-whole")
            for name, secs in times.items():
                steps.setdefault(name, []).append(secs)
            runs["pdfs"].append(times.get("pdfs", 0.0))
            runs["whole"].append(times["whole build"] - times.get("pdfs", 0.0))

        # Not strict: without macros, links to the anchors that macros make (glossary terms) are warnings.
        variants = [
            lambda: runs["same"].append(engine(same, work / "out-same", strict=False)),
            lambda: runs["plain"].append(engine(plain, work / "out-plain", strict=False)),
            lambda: runs["engine"].append(engine(site, work / "out-engine")),
            run_whole,
        ]
        for i in range(args.repeat):
            # Interleaved, and in a different order each time (this machine's speed drifts from
            # one build to the next): a busy or slowing machine weighs on every variant alike.
            for variant in variants[i % len(variants):] + variants[: i % len(variants)]:
                variant()
        t = {k: statistics.median(v) for k, v in runs.items()}
        rows = [
            ("plain Material, the same pages (macros expanded beforehand)", t["same"]),
            ("plain Material, macro calls left as text (less content)", t["plain"]),
            ("the site, engine build (macros + overrides)", t["engine"]),
            ("the site, whole build (make build: checks, engine, post-build; no PDFs)", t["whole"]),
        ]
        width = max(len(r[0]) for r in rows)
        print(f"  {'':<{width}}  {'time':>9}  {'/same':>6}  {'/text':>6}")
        for label, secs in rows:
            print(f"  {label:<{width}}  {secs:7.1f} s  {secs / t['same']:5.2f}x  {secs / t['plain']:5.2f}x  "
                  f"{secs / pages * 1000:6.1f} ms/page")
        print("  The whole build, stage by stage (wall clock):")
        for name, secs in steps.items():
            if name != "whole build":
                print(f"    {name:<{width - 2}}  {statistics.median(secs):7.2f} s"
                      + ("  (aside: the one-page PDFs)" if name == "pdfs" else ""))
        if args.repeat > 1:  # each repeat ran every variant in turn: its own ratio shows the spread
            paired = sorted(w / s for w, s in zip(runs["whole"], runs["same"]))
            print("Whole build / plain Material, repeat by repeat: " + ", ".join(f"{r:.2f}x" for r in paired)
                  + f" (median {statistics.median(paired):.2f}x)")
            # A busy machine only ever adds time: the fastest of each is the least disturbed figure.
            print(f"Fastest whole build / fastest plain Material: {min(runs['whole']) / min(runs['same']):.2f}x "
                  f"({min(runs['whole']):.1f} s / {min(runs['same']):.1f} s).")
        print(f"Whole build / plain Material on the same pages: {t['whole'] / t['same']:.2f}x.")
        print(f"Whole build / plain Material with macro calls left as text: {t['whole'] / t['plain']:.2f}x.")
        print(f"Macros and overrides alone: {100 * (t['engine'] / t['same'] - 1):+.1f}% on the engine build.")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
