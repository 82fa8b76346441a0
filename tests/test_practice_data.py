"""Issue 7, bad input: roles, search aliases, sharing, contacts and glossary terms.

Each case breaks a copy of the project's docs/ (or one data value) and checks that
loading the data (what `make check` and the build both do) fails with a message
naming the page or entry; the last cases run the real strict build on a copy.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from macros.checks.contacts import stale_contacts
from macros.checks.routes import practice_gaps
from macros.data.load import DataError, load
from macros.data.page_sources import section_ids
from tests.conftest import PUBLISHED_URL, ROOT, copy_project, with_site_url


@pytest.fixture
def docs(tmp_path):
    """A copy of the project (sources only) whose docs/ a test may break."""
    project = copy_project(tmp_path / "project")
    return project / "docs"


def _errors(docs_dir) -> list[str]:
    with pytest.raises(DataError) as info:
        load(docs_dir)
    return info.value.errors


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_data_loads_with_roles_aliases_and_shares(site_data):
    assert set(site_data.roles) == {"midwife", "health-visitor", "gp", "childrens-social-care", "police", "early-years"}
    assert site_data.search_aliases and site_data.share
    # Every role page exists, and every page's roles are in the controlled list.
    for rid in site_data.roles:
        assert (ROOT / "docs" / "roles" / f"{rid}.md").is_file(), rid
    assert site_data.page_roles, "no page is tagged with a role"
    for src, roles in site_data.page_roles.items():
        assert set(roles) <= set(site_data.roles), src


def test_a_page_with_an_undefined_role_fails_naming_the_page(docs):
    _replace(docs / "fathers.md", "roles: [", "roles: [social-worker, ")
    errors = _errors(docs)
    hit = [e for e in errors if "social-worker" in e]
    assert len(hit) == 1 and hit[0].startswith("docs/fathers.md, front matter, field 'roles': "), errors
    assert "role 'social-worker' is not an id in roles.yml" in hit[0]
    assert "Write one of: midwife, health-visitor, gp" in hit[0], "a controlled list is named in full"


def test_a_role_that_is_not_a_list_fails_naming_the_page(docs):
    _replace(docs / "fathers.md", "roles: [midwife, health-visitor, gp, childrens-social-care, police, early-years]",
             "roles: midwife")
    errors = _errors(docs)
    assert any(e.startswith("docs/fathers.md, front matter field 'roles'") and "list of role ids" in e
               for e in errors), errors


def test_a_role_naming_a_missing_page_section_or_tool_fails(docs):
    roles = docs / "_data" / "roles.yml"
    _replace(roles, "    - page: tools/gcp2a.md\n      why: Section 1", "    - page: tools/nope.md\n      why: Section 1")
    _replace(roles, "      anchor: before-birth\n", "      anchor: not-a-section\n")
    _replace(roles, "  tools: [icon, bruising-policy]\n", "  tools: [icon, bruising-polcy]\n")
    text = "\n".join(_errors(docs))
    assert re.search(r"entry 'midwife', field 'matters', item \d+, field 'page': the page 'tools/nope\.md' does not "
                     r"exist under docs/\. Give a path under docs/, such as bruising\.md\.", text), text
    assert ("entry 'midwife', field 'matters', item 1, field 'anchor': the section '#not-a-section' is not on the "
            "page 'pre-birth-protocol.md'. Write one of the page's sections (") in text
    assert "give the heading an id by writing { #your-id } at the end of it, or remove anchor." in text
    assert "'bruising-polcy' is not an id in tools.yml" in text and "Did you mean 'bruising-policy'" in text


def test_a_contact_without_a_source_or_a_date_fails(docs):
    contacts = docs / "_data" / "contacts.yml"
    text = contacts.read_text(encoding="utf-8")
    start = text.index("- id: wiltshire-in-hours")
    entry = text[start:text.index("\n\n", start)]
    broken = entry.replace("  source: wiltshire-contact-childrens-services\n", "").replace("  checked_on: 2026-12-02\n", "")
    contacts.write_text(text.replace(entry, broken), encoding="utf-8")
    errors = _errors(docs)
    assert any("contacts.yml, entry 'wiltshire-in-hours'" in e and "'source' is missing" in e for e in errors), errors
    assert any("contacts.yml, entry 'wiltshire-in-hours'" in e and "'checked_on' is missing" in e for e in errors), errors
    assert not any("has no 'in-hours' route" in e for e in errors), "a refused entry is not reported again as missing"


def test_an_area_without_an_out_of_hours_route_fails(docs):
    contacts = docs / "_data" / "contacts.yml"
    text = contacts.read_text(encoding="utf-8")
    start = text.index("- id: swindon-out-of-hours")
    contacts.write_text(text[:start] + text[text.index("- id: swindon-emergency"):], encoding="utf-8")
    errors = _errors(docs)
    assert any("contacts.yml: the area 'swindon' has no 'out-of-hours' route" in e
               and "when: out-of-hours" in e for e in errors), errors


def test_an_alias_pointing_at_a_missing_page_or_section_fails(docs):
    aliases = docs / "_data" / "search_aliases.yml"
    _replace(aliases, "  page: tools/icon.md\n", "  page: tools/icon-coping.md\n")
    _replace(aliases, "  anchor: safer-sleep\n", "  anchor: safe-sleep\n")
    text = "\n".join(_errors(docs))
    assert "search_aliases.yml, entry 'icon', field 'page': the page 'tools/icon-coping.md' does not exist" in text
    assert ("search_aliases.yml, entry 'safer-sleep', field 'anchor': the section '#safe-sleep' is not on the page "
            "'why-babies-are-at-risk.md'. Did you mean 'safer-sleep'?") in text


def test_a_share_naming_an_unknown_link_or_a_null_link_without_gap_fails(docs):
    share = docs / "_data" / "share.yml"
    _replace(share, "  link: dadpad\n", "  link: dad-pad\n")
    _replace(share, "  link: nhs-sids\n", "  link: null\n")
    text = "\n".join(_errors(docs))
    assert "share.yml, entry 'dadpad', field 'link': link 'dad-pad' is not an id in links.yml" in text
    assert "share.yml, entry 'safer-sleep'" in text


def test_a_glossary_term_that_would_break_the_tooltips_fails(docs):
    _replace(docs / "_data" / "glossary.yml", "  term: MASH\n", "  term: MASH]\n")
    assert any("glossary.yml, entry 'mash', field 'term': must not contain [ ]" in e for e in _errors(docs))


def test_page_anchors_reads_explicit_ids_and_heading_slugs(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# Title\n\n## What to do { #what-to-do }\n\n## Plain heading\n\n<div id=\"box\"></div>\n")
    assert {"what-to-do", "plain-heading", "title", "box"} <= section_ids(page.read_text())
    assert "plain" not in section_ids(page.read_text())


def _with_checked(site, days_ago: int, today: dt.date):
    c = site.contacts["wiltshire-in-hours"].model_copy(update={"checked_on": today - dt.timedelta(days=days_ago)})
    site.contacts = {**site.contacts, "wiltshire-in-hours": c}
    return site


def test_contacts_checked_more_than_six_months_ago_are_reported(site_data):
    import copy

    today = dt.date(2026, 11, 28)
    base = copy.copy(site_data)
    base.contacts = {k: c.model_copy(update={"checked_on": today}) for k, c in site_data.contacts.items()}
    old = _with_checked(copy.copy(base), 200, today)
    fresh = _with_checked(copy.copy(base), 150, today)
    assert [c.id for c in stale_contacts(old, today)] == ["wiltshire-in-hours"]
    assert stale_contacts(fresh, today) == []
    assert any("'wiltshire-in-hours'" in g and "more than 6 months ago" in g for g in practice_gaps(old, today))
    assert not any("more than 6 months" in g for g in practice_gaps(fresh, today))


def test_the_build_report_lists_every_contact_gap_the_share_gap_and_the_missing_email(site_data, project):
    from macros.publish.practice_report import report_lines

    lines = report_lines(site_data, project.config)
    for c in site_data.contacts.values():
        if c.checked_how == "public copy":
            assert any(f"'{c.id}'" in line and "public copy" in line for line in lines), c.id
    for s in site_data.share.values():
        if s.link is None or site_data.links[s.link].url is None:
            assert any(f"share.yml '{s.id}'" in line for line in lines), s.id
    assert any("report_problem.email" in line for line in lines)


def _build(project):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "out")],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


def test_a_page_using_an_undefined_glossary_term_fails_the_build_naming_the_page(tmp_path):
    project = copy_project(tmp_path / "project")
    _replace(project / "docs" / "bruising-decision.md", "## 1. Is the baby independently mobile?\n",
             "## 1. Is the baby independently mobile?\n\n{{ term('not-mobile', 'what this means') }}\n")
    result = _build(project)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/bruising-decision.md uses the id 'not-mobile', which is not in docs/_data/glossary.yml" in out
    assert "Did you mean 'non-mobile'?" in out


def test_an_alias_whose_heading_is_gone_fails_the_build(tmp_path):
    """The page exists and the heading id is defined elsewhere on it, but not on a heading."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "why-babies-are-at-risk.md"
    _replace(page, "## Safer sleep { #safer-sleep }", "## Sleeping safely\n\n<span id=\"safer-sleep\"></span>")
    from macros.build import BuildFailed, build

    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "site", steps=["search_aliases"])
    out = str(failed.value)
    assert "search_aliases.yml" in out and "'safer-sleep'" in out and "why-babies-are-at-risk" in out, out


def test_report_a_problem_uses_the_email_from_config_with_the_page_address(tmp_path):
    """Once the partnerships give an address, every page's link is a mailto: carrying its own address
    (its path while the site is a preview, its full address once site_url is real)."""
    from urllib.parse import parse_qs, unquote, urlparse

    project = with_site_url(copy_project(tmp_path / "project"), PUBLISHED_URL)
    _replace(project / "mkdocs.yml", "    email: null\n", "    email: reports@example.org\n")
    result = _build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / "out" / "tools" / "dadpad" / "index.html").read_text(encoding="utf-8")
    import html as _html
    import re

    href = _html.unescape(re.search(r'class="report-problem__link" href="([^"]+)"', text).group(1))
    parts = urlparse(href)
    assert parts.scheme == "mailto" and unquote(parts.path) == "reports@example.org"
    query = parse_qs(parts.query)
    assert "tools/dadpad.md" in query["subject"][0]
    assert f"{PUBLISHED_URL}tools/dadpad/" in query["body"][0]


def test_report_a_problem_with_a_missing_fallback_page_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    _replace(project / "mkdocs.yml", "    fallback: about.md#report-a-problem\n", "    fallback: contact.md#report\n")
    result = _build(project)
    assert result.returncode != 0
    assert "extra.report_problem.fallback: the page 'contact.md' does not exist" in result.stdout + result.stderr
