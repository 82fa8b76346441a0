"""Check every built page with the W3C Nu HTML Checker (vnu.jar): 0 errors of our own.

A reporting command, never part of the build or of `make test` (it is slow):

    make build && make check-html
    python -m scripts.check_html [--site-dir site]

It checks the site already built (it never builds): every .html file under the
site folder, in one run of vnu.jar (from the npm package vnu-jar in
bench/node_modules: `cd bench && npm ci`; it needs Java 11 or later).
Errors that come from Material for MkDocs' own templates (THEME_PATTERNS) are
counted apart; every other error is ours and is printed with its page, line,
message and extract.

Exit status: 0 when there is no error of our own, 1 when there is one or more,
2 when the check could not run (no java, no vnu.jar, vnu failed).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "bench" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "run `cd bench && npm ci` (or `make check-html`, which does it when needed)"

# Errors in markup that Material for MkDocs writes itself (its templates, not our
# overrides), matched by vnu's message and by the offending markup (the highlighted
# part of vnu's extract), never by line number. Keep this list short: anything
# else, in a page or in overrides/, is ours to fix.
#  - Material's nav-item.html writes tabindex="" (an empty value) on the label of
#    every navigation section: <label class="md-nav__link" ... tabindex="">.
#  - Material's base.html writes autocomplete="off" on its hidden drawer and search
#    toggles, <input class="md-toggle" data-md-toggle="..." type="checkbox" ...
#    autocomplete="off">, where HTML allows no autocomplete on a checkbox.
THEME_PATTERNS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        'Material nav section label tabindex=""',
        re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"),
        re.compile(r'<label\b[^>]*\bclass="md-nav__link\b[^"]*"[^>]*\btabindex=""'),
    ),
    (
        'Material md-toggle checkbox autocomplete="off"',
        re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
        re.compile(r'<input\b[^>]*\bclass="md-toggle"[^>]*\btype="checkbox"[^>]*\bautocomplete="off"'),
    ),
)


class CannotCheck(Exception):
    """The check could not run (no java, no vnu.jar, vnu failed)."""


@dataclass(frozen=True)
class HtmlError:
    page: str
    line: int | None
    message: str
    extract: str


@dataclass
class Report:
    ours: dict[str, list[HtmlError]] = field(default_factory=dict)  # page -> errors, pages in order
    theme: dict[str, int] = field(default_factory=dict)  # theme pattern name -> count
    problems: list[str] = field(default_factory=list)  # vnu's non-document errors (could not read a file...)

    @property
    def our_count(self) -> int:
        return sum(len(errors) for errors in self.ours.values())

    @property
    def theme_count(self) -> int:
        return sum(self.theme.values())


def marked_markup(message: dict) -> str:
    """The offending markup: the highlighted part of vnu's extract (the whole extract if no highlight)."""
    extract = message.get("extract") or ""
    start, length = message.get("hiliteStart"), message.get("hiliteLength")
    if isinstance(start, int) and isinstance(length, int) and length > 0:
        return extract[start:start + length]
    return extract


def theme_pattern(message: dict) -> str | None:
    """The name of the theme pattern that this vnu message matches, or None when the error is ours."""
    text, markup = message.get("message") or "", marked_markup(message)
    for name, message_re, markup_re in THEME_PATTERNS:
        if message_re.search(text) and markup_re.search(markup):
            return name
    return None


def page_name(url: str, site_dir: Path | None) -> str:
    """vnu's file: URL as a path relative to the site folder (the URL as it is when it is elsewhere)."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    path = Path(unquote(parts.path))
    if site_dir is not None:
        try:
            return path.resolve().relative_to(site_dir.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def classify(vnu_json: str | dict, site_dir: Path | None = None) -> Report:
    """Sort vnu's --format json output into our errors (per page) and the theme's (counted apart).

    Pure: reads no file and runs nothing. Only messages of type "error" count
    (warnings are "info"); "non-document-error" (vnu could not read a file) are
    kept as problems, since then the page was not checked.
    """
    data = json.loads(vnu_json) if isinstance(vnu_json, str) else vnu_json
    report = Report()
    for message in data.get("messages", []):
        kind = message.get("type")
        page = page_name(message.get("url") or "", site_dir)
        if kind == "non-document-error":
            report.problems.append(f"{page or '(no page)'}: {message.get('message', '')}")
            continue
        if kind != "error":
            continue
        name = theme_pattern(message)
        if name is not None:
            report.theme[name] = report.theme.get(name, 0) + 1
            continue
        line = message.get("firstLine", message.get("lastLine"))
        report.ours.setdefault(page, []).append(
            HtmlError(page=page, line=line, message=message.get("message", ""), extract=message.get("extract", ""))
        )
    return report


def format_report(report: Report, pages_checked: int) -> str:
    lines: list[str] = []
    for page, errors in sorted(report.ours.items()):
        lines.append(f"{page}: {len(errors)} error(s)")
        for error in errors:
            where = f"line {error.line}" if error.line is not None else "line ?"
            lines.append(f"  {where}: {error.message}")
            lines.append(f"    {error.extract.replace(chr(10), '↵')}")
    for problem in report.problems:
        lines.append(f"NOT CHECKED: {problem}")
    theme = "; ".join(f"{count} {name}" for name, count in report.theme.items())
    lines.append(
        f"{report.our_count} errors of our own on {len(report.ours)} pages "
        f"({report.theme_count} of the theme's, counted apart{': ' + theme if theme else ''}); "
        f"{pages_checked} pages checked."
    )
    return "\n".join(lines)


def run_vnu(files: list[Path], cwd: Path) -> str:
    """Run vnu.jar once on every file; return its JSON report (written to stdout with --stdout)."""
    if not VNU_JAR.is_file():
        raise CannotCheck(f"check-html: {VNU_JAR.relative_to(ROOT)} is missing: {INSTALL_HINT}.")
    java = shutil.which("java")
    if java is None:
        raise CannotCheck(
            "check-html: `java` is not on PATH: vnu.jar needs Java 11 or later "
            "(`make system-deps` installs Debian's default-jre-headless)."
        )
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--skip-non-html", "--stdout"]
    result = subprocess.run(
        command + [str(f.relative_to(cwd)) for f in files], cwd=cwd, capture_output=True, text=True, encoding="utf-8"
    )
    # vnu exits 0 (no error) or 1 (errors reported); its report is JSON on stdout.
    # Anything else, or no JSON, means vnu itself failed (e.g. a Java too old for it).
    try:
        json.loads(result.stdout)
    except ValueError:
        raise CannotCheck(
            f"check-html: vnu.jar failed (exit {result.returncode}) without a report:\n"
            f"{(result.stderr or result.stdout).strip()}"
        ) from None
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="built site to check (default: site/)")
    args = parser.parse_args(argv)
    site_dir: Path = args.site_dir.resolve()
    if not site_dir.is_dir():
        print(f"check-html: no built site at {args.site_dir}: run `make build` first.", file=sys.stderr)
        return 2
    files = sorted(site_dir.rglob("*.html"))
    if not files:
        print(f"check-html: no .html file under {args.site_dir}: run `make build` first.", file=sys.stderr)
        return 2
    try:
        output = run_vnu(files, site_dir)
    except CannotCheck as problem:
        print(problem, file=sys.stderr)
        return 2
    report = classify(output, site_dir)
    print(format_report(report, len(files)))
    if report.problems:
        return 2
    return 1 if report.our_count else 0


if __name__ == "__main__":
    sys.exit(main())
