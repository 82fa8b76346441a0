"""`make release` refuses to publish while anything on the release checklist is open, and lists
every problem at once with its fix; `make build` still builds (a marked preview).

Each refusal is shown on a copy of the project with that one thing open, and a copy with
everything done passes.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from macros.checks.release import release_problems
from tests.conftest import PUBLISHED_URL, copy_project, with_site_url
from tests.helpers import set_front_matter

TODAY = dt.date(2026, 12, 2)


def _ready(tmp_path):
    """A copy of the project with every checklist item done (test values, not real ones)."""
    project = with_site_url(copy_project(tmp_path / "project"), PUBLISHED_URL)
    for page in sorted((project / "docs").rglob("*.md")):
        rel = page.relative_to(project / "docs").as_posix()
        if not rel.startswith("_data/"):
            set_front_matter(project, rel, owner="Test owner", reviewed_by="Test reviewer", last_reviewed="2026-12-01")
    contacts = project / "docs" / "_data" / "contacts.yml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("checked_how: public copy", "checked_how: confirmed"),
                        encoding="utf-8")
    links = project / "docs" / "_data" / "links.yml"
    text = links.read_text(encoding="utf-8")
    text = re.sub(r"  url: null\n  gap: (>-\n(    .*\n)+|.*\n)", "  url: https://test.example.net/document\n", text)
    links.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    email: null\n", "    email: reports@bsw.test\n"),
                      encoding="utf-8")
    return project


@pytest.fixture
def ready(tmp_path):
    project = _ready(tmp_path)
    assert release_problems(project, TODAY) == [], "a project with every item done must pass"
    return project


def test_the_real_project_is_refused_with_every_open_item_and_its_fix(root):
    problems = release_problems(root, TODAY)
    text = "\n".join(problems)
    assert "mkdocs.yml, site_url (https://bsw-under-1s.example.org/) is a placeholder" in text
    assert "have no named owner" in text and "have not been reviewed by a named owner" in text
    assert "entry 'wiltshire-in-hours' (0300 456 0108): only read in a public copy" in text
    assert "extra.report_problem.email" in text
    assert "only the partnerships can supply this" in text


@pytest.mark.parametrize("url", ["https://bsw-under-1s.example.org/", "http://localhost:8000/", "https://guide.example.com/",
                                 "https://127.0.0.1/"])
def test_a_placeholder_site_url_is_refused(ready, url):
    with_site_url(ready, url)
    assert any("site_url" in p and "placeholder" in p for p in release_problems(ready, TODAY))


def test_a_page_without_a_named_owner_or_review_is_refused(ready):
    set_front_matter(ready, "fathers.md", owner="", reviewed_by="")
    text = "\n".join(release_problems(ready, TODAY))
    assert "1 page(s) have no named owner" in text and "docs/fathers.md" in text
    assert "1 page(s) have not been reviewed by a named owner" in text and "reviewed_by:" in text


def test_a_page_overdue_for_review_is_refused(ready):
    set_front_matter(ready, "reflect.md", last_reviewed="2026-01-02", review_in="6 months")
    assert any(p.startswith("docs/reflect.md: overdue for review (due 2026-07-02)") for p in release_problems(ready, TODAY))


def test_a_contact_checked_more_than_six_months_ago_or_only_in_a_public_copy_is_refused(ready):
    contacts = ready / "docs" / "_data" / "contacts.yml"
    text = contacts.read_text(encoding="utf-8")
    start = text.index("- id: swindon-in-hours")
    entry = text[start:text.index("\n\n", start)]
    contacts.write_text(text.replace(entry, entry.replace("checked_on: 2026-12-02", "checked_on: 2026-05-01")
                                     .replace("checked_how: confirmed", "checked_how: public copy")), encoding="utf-8")
    problems = [p for p in release_problems(ready, TODAY) if "'swindon-in-hours'" in p]
    assert any("more than 6 months ago" in p for p in problems), problems
    assert any("only read in a public copy" in p for p in problems), problems


def test_a_reader_facing_gap_is_refused(ready):
    config = ready / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    email: reports@bsw.test\n", "    email: null\n"),
                      encoding="utf-8")
    share = ready / "docs" / "_data" / "share.yml"
    share.write_text(share.read_text(encoding="utf-8").replace("  link: nhs-sids\n",
                                                               "  link: null\n  gap: Not named yet.\n"), encoding="utf-8")
    text = "\n".join(release_problems(ready, TODAY))
    assert "extra.report_problem.email" in text and "share.yml, entry 'safer-sleep'" in text


def test_make_release_stops_before_building_and_keeps_the_last_good_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scripts.release_check"], cwd=project, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert result.stderr.startswith("RELEASE REFUSED") and "site/ was not changed" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "last good site"
    assert not list(project.glob(".site-build-*")), "nothing was built"
