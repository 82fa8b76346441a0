"""`make release`: the checks that must all pass before the guide is published.

`make build` always builds (a preview while site_url is a placeholder). `make release`
first asks ``release_problems``; if it lists anything, nothing is built, the last good
site/ stays, and every problem is printed at once with its fix. Each problem says who
can fix it: some items only the partnerships can supply (README, "Release checklist").

A page, a contact or a gap is judged by the same functions the pages use, so the
release gate and what readers see cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from macros.checks.contacts import STALE_AFTER_MONTHS, is_stale
from macros.data.load import DataError
from macros.project import Project, load_project

PARTNERSHIPS = "only the partnerships can supply this"


def _site_problems(project: Project) -> list[str]:
    if project.is_preview:
        shown = project.site_url or "not set"
        return [f"mkdocs.yml, site_url ({shown}) is a placeholder: set it to the address the guide is published "
                f"at, e.g. https://<owner>.github.io/<repository>/ ({PARTNERSHIPS})."]
    return []


def _page_problems(project: Project, today: dt.date) -> list[str]:
    pages = [{"src": src, **project.review(src, today)} for src in project.pages]  # (checked by the data check)
    problems = []

    def listed(selected) -> str:
        return ", ".join(f"docs/{p['src']}" for p in selected)

    no_owner = [p for p in pages if not p["owner"]]
    if no_owner:
        problems.append(f"{len(no_owner)} page(s) have no named owner: add owner: (the person or team who keeps the "
                        f"page current) to each one's front matter ({PARTNERSHIPS}): {listed(no_owner)}.")
    drafts = [p for p in pages if not p["reviewed_by"]]
    if drafts:
        problems.append(f"{len(drafts)} page(s) have not been reviewed by a named owner: once each has been, add "
                        f"reviewed_by: (who reviewed it) and set last_reviewed: to the date of that review "
                        f"({PARTNERSHIPS}): {listed(drafts)}.")
    for p in pages:
        if p["review_due"] < today:
            problems.append(f"docs/{p['src']}: overdue for review (due {p['review_due'].isoformat()}). Review it, "
                            "then set last_reviewed: to the date of the review.")
    return problems


def _contact_problems(site, today: dt.date) -> list[str]:
    problems = []
    for c in site.contacts.values():
        where = f"docs/_data/contacts.yml, entry '{c.id}' ({c.phone})"
        if is_stale(c, today):
            problems.append(f"{where}: last checked on {c.checked_on.isoformat()}, more than {STALE_AFTER_MONTHS} "
                            "months ago. Check the number at its source, then update checked_on.")
        if c.checked_how == "public copy" and c.when != "emergency":  # (999 is the national number)
            problems.append(f"{where}: only read in a public copy of its source page. Confirm it with the service "
                            f"or partnership, then write checked_how: confirmed and the date in checked_on ({PARTNERSHIPS}).")
    return problems


def _gap_problems(site, conf: dict) -> list[str]:  # (conf: mkdocs.yml, as the project read it)
    problems = []
    for link in site.links.values():
        if link.url is None:
            problems.append(f"docs/_data/links.yml, entry '{link.id}': readers see its title without a link. "
                            f"Give its address in url: ({link.gap}).")
    for s in site.share.values():
        if s.link is None or site.links[s.link].url is None:
            problems.append(f"docs/_data/share.yml, entry '{s.id}': no resource for families to scan. Name an official "
                            f"resource in links.yml and give its id in link: ({s.gap or 'its link has no address'}).")
    rp = (conf.get("extra") or {}).get("report_problem") or {}
    if not rp.get("email"):
        problems.append("mkdocs.yml, extra.report_problem.email: no address for readers' reports, so 'Report a "
                        f"problem with this page' only sends readers to the About page. Give the address ({PARTNERSHIPS}).")
    return problems


def release_problems(root: Path, today: dt.date | None = None) -> list[str]:
    """Every reason the guide cannot be published yet, each with its fix; [] when it can be."""
    today = today or dt.date.today()
    try:
        project = load_project(root)
    except DataError as exc:
        return exc.errors
    return (_site_problems(project) + _page_problems(project, today) + _contact_problems(project.data, today)
            + _gap_problems(project.data, project.config))
