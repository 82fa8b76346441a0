"""Review dates: every page shows them, turns "overdue" without a rebuild, and the build reports them.

- In Chromium with a mocked clock, a page's overdue notice is hidden up to its due
  date and shown the day after (the script in docs/assets/site.js), with no rebuild.
- The build's review report lists pages overdue, due in the next 30 days and
  not yet reviewed by a named owner; site/api/pages.json carries the same fields.
- A page no named owner has reviewed says it is a draft, never "last reviewed".
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from tests.conftest import copy_project
from tests.helpers import set_front_matter


def _due(page_html: str) -> str:
    match = re.search(r'data-review-due="(\d{4}-\d{2}-\d{2})"', page_html)
    assert match, "the page has no review due date"
    return match.group(1)


DRAFTED = (r"Drafted from the workshop slides and public sources on \d{1,2} \w+ \d{4}; not yet reviewed by a named "
           r"owner\.\s*Review due by \d{1,2} \w+ \d{4}")
REVIEWED = r"Last reviewed \d{1,2} \w+ \d{4} by [^·]+?(· Owner: [^·]+?)?\s*· Next review due \d{1,2} \w+ \d{4}"


def _review_line(page_html: str) -> str:
    block = page_html.split('class="page-review__dates"', 1)[1].split("</p>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", "", block.split(">", 1)[1]).split())


def test_every_page_says_when_it_was_drafted_until_a_named_owner_reviews_it(pages):
    for page in pages:
        line = _review_line(page.read_text(encoding="utf-8"))
        assert re.fullmatch(DRAFTED, line) or re.fullmatch(REVIEWED, line), f"{page}: {line!r}"
    # Today no page has been reviewed by a named owner: none may claim a review.
    assert not any("Last reviewed" in _review_line(p.read_text(encoding="utf-8")) for p in pages)


def test_a_page_reviewed_by_a_named_owner_says_who_and_when(tmp_path):
    from macros.build import build

    project = copy_project(tmp_path / "project")
    set_front_matter(project, "fathers.md", last_reviewed="2026-11-30", owner="BaNES safeguarding team",
         reviewed_by="A. Named Reviewer, BaNES CSSP")
    out = tmp_path / "site"
    build(project, out, steps=[])
    line = _review_line((out / "fathers" / "index.html").read_text(encoding="utf-8"))
    assert re.fullmatch(REVIEWED, line), line
    assert "30 November 2026 by A. Named Reviewer, BaNES CSSP" in line and "Owner: BaNES safeguarding team" in line


def test_a_reviewer_without_a_named_owner_is_still_a_draft_everywhere(tmp_path):
    """Reviewed means owner and reviewed_by (review_info's one answer): the page, the cite block and the
    review report agree, so no page claims a review the release gate would refuse."""
    from macros.project import load_project
    from macros.build import build
    from macros.publish.review_report import review_report

    project = copy_project(tmp_path / "project")
    set_front_matter(project, "fathers.md", last_reviewed="2026-11-30", owner="", reviewed_by="A. Reviewer")
    out = tmp_path / "site"
    build(project, out, steps=[])
    line = _review_line((out / "fathers" / "index.html").read_text(encoding="utf-8"))
    assert re.fullmatch(DRAFTED, line) and "A. Reviewer" not in line, line
    report = review_report(load_project(project))
    assert "fathers.md" in {p["src"] for p in report["not_reviewed"]}


@pytest.mark.parametrize("offset,overdue", [(-1, False), (0, False), (1, True), (400, True)])
def test_the_overdue_notice_appears_once_the_due_date_has_passed(browser, server, built_site, offset, overdue):
    html = (built_site / "bruising" / "index.html").read_text(encoding="utf-8")
    due = dt.date.fromisoformat(_due(html))
    assert 'class="page-review__overdue"' in html and "hidden" in html.split('class="page-review__overdue"')[1][:80], \
        "the built page must not already say it is overdue (or this test proves nothing)"
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime.combine(due + dt.timedelta(days=offset), dt.time(12, 0)))
    page.goto(server + "bruising/", wait_until="load")
    notice = page.locator(".page-review__overdue")
    assert notice.is_visible() is overdue
    if overdue:
        assert "This page is overdue for review" in notice.inner_text()
    context.close()


def test_the_review_report_lists_overdue_due_soon_and_unreviewed_pages(tmp_path, capsys):
    import dataclasses

    from macros.data.page_sources import read_pages
    from macros.project import load_project
    from macros.publish.review_report import format_report, review_report, run

    project = copy_project(tmp_path / "project")
    model = load_project(project)  # (read before the dates below, which are in the future of the real today)
    today = dt.date(2027, 6, 1)
    set_front_matter(project, "fathers.md", last_reviewed="2026-11-28", review_in="6 months")  # due 2027-05-28: overdue
    set_front_matter(project, "bruising.md", last_reviewed="2026-11-28", review_in="1 year", owner="Named team",
         reviewed_by="A. Reviewer")  # not due, reviewed
    set_front_matter(project, "reflect.md", last_reviewed="2027-05-20", review_in="3 weeks")  # due 2027-06-10: soon
    model = dataclasses.replace(model, pages=read_pages(model.docs_dir))  # the pages as set above
    report = review_report(model, today)
    assert "fathers.md" in [p["src"] for p in report["overdue"]]
    assert "reflect.md" in [p["src"] for p in report["due_soon"]]
    assert all(today <= p["review_due"] <= today + dt.timedelta(days=30) for p in report["due_soon"])
    assert all(p["review_due"] < today for p in report["overdue"])
    drafts = [p["src"] for p in report["not_reviewed"]]
    assert "bruising.md" not in drafts and "fathers.md" in drafts
    text = format_report(report, today)
    assert "overdue for review" in text and "docs/fathers.md" in text and "due 2027-05-28" in text
    assert "due for review in the next 30 days" in text and "docs/reflect.md" in text
    run(project / "site", model)  # the build step prints it and never fails the build
    assert "Review report" in capsys.readouterr().out


def test_the_build_prints_the_review_report(root):
    from macros.build import STEPS

    assert "review_report" in STEPS
    assert list(STEPS)[-1] == "headers"


def test_pages_json_carries_the_review_fields(built_site, project):
    from macros.publish.review_report import review_report

    data = json.loads((built_site / "api" / "pages.json").read_text(encoding="utf-8"))
    by_source = {p["source"]: p for p in data["pages"]}
    reviewed = {p["src"]: p for k in ("overdue", "due_soon", "not_reviewed") for p in review_report(project)[k]}
    assert by_source, "pages.json lists no pages"
    for page in by_source.values():
        for field in ("last_reviewed", "review_due"):
            assert page.get(field), f"{page['source']}: no {field} in pages.json"
        assert "owner" in page and "reviewed_by" in page, f"{page['source']}: no owner or reviewed_by (null until named)"
    for src, p in reviewed.items():
        entry = by_source[f"docs/{src}"]
        assert entry["owner"] == p["owner"] and entry["review_due"] == p["review_due"].isoformat()
