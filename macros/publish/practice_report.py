"""Post-build step: the practitioner features' report, and a check of every page.

Prints, for editors, every gap in what the decision card and the share panels
rely on: each contact with no number, not yet verified, or last checked more than
six months ago; each resource for families with no official address; and the
missing "Report a problem" email address (mkdocs.yml extra.report_problem.email).

Fails the build if a published page has no "Report a problem with this page"
link, or that link does not carry the page's own address.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from macros.checks.routes import practice_gaps
from macros.project import Project

ROOT = Path(__file__).resolve().parents[2]


_ADDRESS = re.compile(rb'<code data-page-address>([^<]*)</code>')


def report_lines(site, config: dict, today=None) -> list[str]:
    """Every gap the practitioner features show readers, one line each."""

    lines = []
    for c in site.contacts.values():
        if c.checked_how == "public copy":
            lines.append(f"contacts.yml '{c.id}' ({c.area}): {c.phone} read in a public copy of its source, not yet "
                         "confirmed with the service — readers are told so")
    lines.extend(practice_gaps(site, today))
    rp = (config.get("extra") or {}).get("report_problem") or {}
    if not rp.get("email"):
        lines.append(
            "mkdocs.yml extra.report_problem.email: no address for reports yet — readers are sent to "
            f"{rp.get('fallback') or '(no fallback either)'} with the page's address to copy"
        )
    return lines


def page_problem(rel: Path | str, data: bytes, base: str) -> str | None:
    """What is wrong with one built index.html's "Report a problem" link (``rel`` under the site
    folder), or None: nothing is, or it is not a page (a redirect stub, a short link)."""
    if b"md-content" not in data:
        return None
    rel = Path(rel).parent.as_posix()
    own = (base or "/") + ("" if rel == "." else rel + "/")  # (a preview shows the page's path: base is '')
    match = _ADDRESS.search(data)
    if b'class="report-problem"' not in data or not match:
        return f"/{'' if rel == '.' else rel + '/'}: no 'Report a problem with this page' link"
    if html.unescape(match.group(1).decode("utf-8")) != own:
        return f"/{rel}/: its report link gives the address {match.group(1).decode('utf-8')}, not {own}"
    return None


def page_problems(site_dir: Path, base: str) -> list[str]:
    """Published pages without a "Report a problem" link carrying their own address."""
    problems = []
    for path in sorted(site_dir.rglob("index.html")):
        # large pages: searched as bytes, not decoded
        problem = page_problem(path.relative_to(site_dir), path.read_bytes(), base)
        if problem:
            problems.append(problem)
    return problems


def run(site_dir: Path, project: Project) -> None:
    problems = page_problems(site_dir, project.public_url)
    if problems:
        raise RuntimeError(
            "pages without a working 'Report a problem' link (check overrides/partials/report-problem.html "
            "is included in overrides/main.html):\n  - " + "\n  - ".join(problems)
        )
    lines = report_lines(project.data, project.config)
    if lines:
        print(f"Practitioner features: {len(lines)} gap(s) readers will see (decision card, sharing, reporting):")
        for line in lines:
            print(f"  - {line}")
