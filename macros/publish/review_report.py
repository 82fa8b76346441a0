"""The build's review report: pages overdue for review, due in the next 30 days, and not yet reviewed by a named owner.

Post-build step (prints; never fails the build: a page overdue for review is
published with its "overdue" notice). Also runnable alone:

    python -m macros.publish.review_report
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from macros.data.review import ReviewError
from macros.project import Project, load_project

ROOT = Path(__file__).resolve().parents[2]
SOON_DAYS = 30


def review_report(project: Project, today: dt.date | None = None) -> dict[str, list[dict]]:
    """{'overdue': [...], 'due_soon': [...], 'not_reviewed': [...]}, each page with its review fields
    (the project's one answer: Project.review). Pages with problems are left out: the data check
    reports them."""
    today = today or dt.date.today()
    pages = []
    for src, page in project.pages.items():
        if page.problem:
            continue
        try:
            info = project.review(src, today)
        except ReviewError:
            continue
        pages.append({"src": src, "title": str(page.meta.get("title") or src), **info})
    soon = today + dt.timedelta(days=SOON_DAYS)
    return {
        "overdue": sorted((p for p in pages if p["review_due"] < today), key=lambda p: p["review_due"]),
        "due_soon": sorted((p for p in pages if today <= p["review_due"] <= soon), key=lambda p: p["review_due"]),
        "not_reviewed": [p for p in pages if not p["reviewed"]],
    }


def format_report(report: dict[str, list[dict]], today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    lines = [f"Review report ({today.isoformat()}):"]
    sections = [
        ("overdue", "overdue for review (readers see an 'overdue' notice)"),
        ("due_soon", f"due for review in the next {SOON_DAYS} days"),
        ("not_reviewed", "not yet reviewed by a named owner (front matter owner and reviewed_by; readers see "
                         "'not yet reviewed', and make release refuses them)"),
    ]
    for key, what in sections:
        pages = report[key]
        lines.append(f"  {len(pages)} page{'s' if len(pages) != 1 else ''} {what}" + (":" if pages else "."))
        if key == "not_reviewed" and pages:
            shown = ", ".join(f"docs/{p['src']}" for p in pages[:12])
            lines.append("    " + shown + (f" and {len(pages) - 12} more" if len(pages) > 12 else ""))
            continue
        for p in pages:
            detail = f"due {p['review_due'].isoformat()}, owner: {p['owner'] or 'none named'}"
            lines.append(f"    - docs/{p['src']} ({p['title']}): last reviewed {p['last_reviewed'].isoformat()}, {detail}")
    return "\n".join(lines)


def run(site_dir: Path, project: Project) -> None:
    print(format_report(review_report(project)))


if __name__ == "__main__":
    run(ROOT / "site", load_project(ROOT))
