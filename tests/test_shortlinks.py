"""Short links /go/<id>/ for posters, policies and printouts."""

from __future__ import annotations

import re

import pytest

from macros.build import STEPS, BuildFailed, build
from macros.publish.check_links import Site
from macros.publish.built_site import file_for, page_url, read_page
from tests.conftest import copy_project


def test_every_short_link_leads_to_its_page_and_section(built_site, project, site_data):
    assert site_data.shortlinks, "shortlinks.yml is empty"
    base = project.site_url
    site = Site(built_site, project)
    for entry in site_data.shortlinks.values():
        stub = built_site / "go" / entry.id / "index.html"
        assert stub.is_file(), f"/go/{entry.id}/ was not written"
        parsed = read_page(stub)
        assert parsed.is_stub
        target, final, problem = site.resolve(f"/go/{entry.id}/")
        assert problem == "" and target == file_for(built_site, "/" + page_url(entry.page)), entry.id
        if entry.anchor:
            assert final.endswith(f"#{entry.anchor}") and entry.anchor in read_page(target).ids
        html = stub.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{base}{page_url(entry.page)}' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline scripts (CSP)"


def test_issue_examples_exist(built_site):
    for name in ("bruising", "icon", "dadpad", "key-messages"):
        assert (built_site / "go" / name / "index.html").is_file(), name


@pytest.mark.parametrize("javascript", [True, False])
def test_short_links_work_in_a_browser_with_and_without_scripts(browser, server, site_data, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    try:
        for entry in site_data.shortlinks.values():
            want = page_url(entry.page) + (f"#{entry.anchor}" if entry.anchor else "")
            page.goto(f"{server}go/{entry.id}/")
            page.wait_for_url(f"{server}{want}", timeout=10_000)
            assert page.locator("h1").count() == 1
        if javascript:  # the script keeps the visitor's #section; the meta refresh alone cannot
            page.goto(f"{server}go/bruising/#why")
            page.wait_for_url(f"{server}bruising/#why", timeout=10_000)
    finally:
        context.close()


def test_a_short_link_to_a_missing_page_or_section_fails_the_build(tmp_path):
    steps = [s for s in STEPS if s in {"redirects", "shortlinks"}]
    project = copy_project(tmp_path / "project")
    data = project / "docs" / "_data" / "shortlinks.yml"
    original = data.read_text(encoding="utf-8")
    data.write_text(original + "- id: posters\n  page: no-such-page.md\n  title: Posters\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "site1", steps=steps)
    assert "shortlinks.yml, entry 'posters'" in str(failed.value) and "no-such-page.md" in str(failed.value)

    data.write_text(
        original + "- id: posters\n  page: bruising.md\n  anchor: what-to-d\n  title: Posters\n", encoding="utf-8"
    )
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "site2", steps=steps)
    message = str(failed.value)
    assert "shortlinks.yml, entry 'posters'" in message
    assert "'#what-to-d' is not on /bruising/" in message and "Did you mean 'what-to-do'?" in message
