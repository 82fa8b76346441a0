"""Every internal link and anchor works, checked on the built HTML of every page."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import PUBLISHED_URL, copy_project, with_site_url
from macros.build import STEPS, BuildFailed, build
from macros.publish.check_links import check
from macros.publish.built_site import read_page
from macros.project import load_project


def test_every_internal_link_and_anchor_on_the_built_site_works(built_site, project, pages):
    assert check(built_site, project) == []
    # The checker really read the pages: every page has navigation, theme and content links.
    for page in pages:
        links = [v for _, _, v in read_page(page).links]
        assert any(v.endswith(".css") for v in links), page  # theme
        assert sum(1 for v in links if not v.startswith(("http", "mailto:", "tel:"))) > 10, page


@pytest.fixture()
def site_copy(built_site, tmp_path):
    dest = tmp_path / "site"
    shutil.copytree(built_site, dest)
    return dest


def _inject(page, html):
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", html + "</article>", 1), encoding="utf-8")


def test_checker_names_the_page_and_the_link_for_each_kind_of_break(site_copy, project):
    base = project.site_url
    _inject(
        site_copy / "bruising" / "index.html",
        '<a href="../tools/icn/">missing page</a>'
        '<a href="../tools/icon/#mesages">missing anchor</a>'
        '<a href="#patterns">fine</a>'
        f'<a href="{base}no-such-page/">missing page through site_url</a>',
    )
    messages = check(site_copy, project)
    assert len(messages) == 3, messages
    text = "\n".join(messages)
    assert "docs/bruising.md (/bruising/): link '../tools/icn/'" in text
    assert "/tools/icn/, which does not exist" in text and "redirect_maps" in text
    assert "'#mesages', which is not on /tools/icon/. Did you mean '#messages'?" in text
    assert f"link '{base}no-such-page/'" in text


def test_checker_covers_navigation_and_theme_links_on_every_page(site_copy, project, pages):
    shutil.rmtree(site_copy / "tools" / "dadpad")  # a page every navigation links to
    for script in (site_copy / "assets").glob("site*.js"):  # the site's script (fingerprinted or not), on every page
        script.unlink()
    messages = check(site_copy, project)
    nav = [m for m in messages if "/tools/dadpad/, which does not exist" in m and "(a href)" in m]
    js = [m for m in messages if "assets/site." in m and "(script src)" in m]
    assert nav and js, messages
    assert re.search(r"and \d+ more pages", nav[0]) and re.search(r"and \d+ more pages", js[0])


def test_anchor_behind_a_redirect_is_checked_on_the_page_it_leads_to(site_copy, project):
    _inject(site_copy / "reflect" / "index.html", '<a href="../go/bruising/#no-such-part">x</a>')
    messages = check(site_copy, project)
    assert len(messages) == 1 and "'#no-such-part', which is not on /bruising/" in messages[0]


def test_the_link_check_is_a_build_step_after_every_step_that_writes_pages():
    order = list(STEPS)  # the steps, by name, in the order they run
    assert "check_links" in order
    assert order.index("check_links") > max(order.index(s) for s in ("shortlinks", "redirects"))
    if "headers" in order:  # the headers step only adds a CSP meta tag, and must stay last
        assert order.index("check_links") < order.index("headers")


def test_a_broken_link_fails_the_build_naming_page_link_and_fix(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "reflect.md"
    original = page.read_text(encoding="utf-8")
    # Raw HTML links are not checked by MkDocs' own validation: the post-build check must catch them.
    page.write_text(original + '\n\n<p><a href="../bruising/#what-to-doo">Act now</a></p>\n', encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "site1")
    message = str(failed.value)
    assert "docs/reflect.md (/reflect/)" in message
    assert "'../bruising/#what-to-doo'" in message and "Did you mean '#what-to-do'?" in message
    assert not (tmp_path / "site1").exists()

    # A Markdown link to a missing page is caught by the engine's own validation (strict).
    page.write_text(original + "\n\nSee [the old page](no-such-page.md).\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "site2")
    assert "reflect.md" in str(failed.value) and "no-such-page.md" in str(failed.value)


def test_addresses_in_files_for_machines_are_checked(published_site, tmp_path):
    """The full addresses in the files for machines (sitemap, api/pages.json) are checked. They are
    full addresses in a published build: the real build is a preview (site_url a placeholder),
    whose pages.json gives paths, so this checks the site built with a published address."""
    root = with_site_url(copy_project(tmp_path / "project"), PUBLISHED_URL)
    site_copy = tmp_path / "site"
    shutil.copytree(published_site, site_copy)
    base = load_project(root).site_url
    assert base == PUBLISHED_URL
    sitemap = site_copy / "sitemap.xml"
    assert f"<loc>{base}bruising/</loc>" in sitemap.read_text(encoding="utf-8")
    index = site_copy / "api" / "pages.json"
    assert f'"address": "{base}tools/icon/"' in index.read_text(encoding="utf-8")
    assert check(site_copy, load_project(root)) == []
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace(f"<loc>{base}bruising/</loc>", f"<loc>{base}bruising-old/</loc>"),
        encoding="utf-8",
    )
    index.write_text(index.read_text(encoding="utf-8").replace(f"{base}tools/icon/", f"{base}tools/icon/#gone", 1),
                     encoding="utf-8")
    messages = check(site_copy, load_project(root))
    assert len(messages) == 2, messages
    assert any(m.startswith("sitemap.xml: address") and "/bruising-old/, which does not exist" in m for m in messages)
    assert any(m.startswith("api/pages.json: address") and "'#gone'" in m for m in messages)


def test_fast_page_scanner_agrees_with_the_standard_html_parser(built_site):
    """The link check's regular-expression scanner finds exactly what html.parser finds, on every file."""
    from macros.publish.built_site import parse_html, parse_html_reference

    files = sorted(built_site.rglob("*.html"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse_html(text) == parse_html_reference(text), path
    tricky = '<!-- <a href="/gone/"> --><script>var s = "<a href=\'/x/\'>";</script><a title="a > b" href="/y/" id=z>'
    assert parse_html(tricky) == parse_html_reference(tricky)
    assert [link[2] for link in parse_html(tricky).links] == ["/y/"]


def test_shared_link_results_match_working_each_link_out_afresh(project, tmp_path):
    """Pages share worked-out links (own folder; ../ links under one parent folder). Whatever order
    pages are checked in, each link goes where resolving it from scratch on its own page says."""
    from macros.publish.check_links import Site

    pages = ["/", "/a/", "/a/b/", "/a/c/", "/a/b/c.html", "/404.html", "/a/b/c/", "/b/", "/b/x.html"]
    links = ["../", "../..", "../../a/b/#c", "../../../../z", "..//x", "../a/../b/", "./x", "x", "#f", "../#f",
             "../../", "?q", "../?q", "../ ", " ../x", "../mailto:x", "../https://example.org/", "../a:b/c",
             "../%7Ex/", "../../index.html#x", "", "/abs/", "mailto:a@b", "https://bsw-under-1s.example.org/go/x/"]
    shared = Site(tmp_path, project)
    for order in (pages, list(reversed(pages))):
        shared = Site(tmp_path, project)
        for page in order:
            for link in links:
                fresh = Site(tmp_path, project)._internal_path(page[: page.rfind("/") + 1], link)
                assert shared.internal_path(page, link) == fresh, (page, link)


def test_broken_links_across_the_site_and_through_a_redirect_stub_are_all_reported(site_copy, project):
    """Broken links on pages spread over the whole site, and a redirect stub pointing at a missing
    section, are each reported."""
    html_files = sorted(site_copy.rglob("*.html"))
    for i, page in enumerate(html_files[:: max(1, len(html_files) // 5)]):  # pages spread over the site
        if "</article>" in page.read_text(encoding="utf-8"):
            _inject(page, f'<a href="/tools/icn-{i % 2}/">missing</a><a href="/tools/icon/#nope">anchor</a>')
    # A redirect stub, pointing at a page section that does not exist.
    (site_copy / "zz-old").mkdir()
    (site_copy / "zz-old" / "index.html").write_text(
        '<html data-redirect="../bruising/#no-such-section"><head><meta http-equiv="refresh" '
        'content="0; url=../bruising/#no-such-section"></head></html>', encoding="utf-8")
    _inject(site_copy / "about" / "index.html", '<a href="../zz-old/">old address</a>')
    found = check(site_copy, project)
    assert len(found) >= 4, found
    assert any("zz-old" in m and "#no-such-section" in m for m in found), found
