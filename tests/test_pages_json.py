"""site/api/pages.json (a page index for machines) and the "Cite this page" block.

The real site_url is a placeholder, so the session's built site is a preview: pages.json gives
each page's path as its address (site_url ""), and "Cite this page" gives no permanent address.
The same site built with a published address (``published_site``) gives full addresses.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.conftest import PUBLISHED_URL
from macros.data.review import review_info
from macros.data.site_address import PREVIEW_LABEL, is_preview
from macros.data.yamlfiles import front_matter
from macros.publish.check_addresses import load_registry, sections_by_page
from macros.publish.built_site import file_for

BUILDS = ["preview", "published"]


def _index(site):
    return json.loads((site / "api" / "pages.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index(built_site):
    return _index(built_site)


@pytest.fixture()
def build(request, project):
    """(site, its pages.json, the site_url it should give) for the preview (the real build, as
    site_url is a placeholder: "", so addresses are paths) or the published build (PUBLISHED_URL)."""
    if request.param == "preview":
        assert is_preview(project.config), "mkdocs.yml's site_url is not a placeholder: the real build is no preview"
        site = request.getfixturevalue("built_site")
        return site, _index(site), ""
    site = request.getfixturevalue("published_site")
    return site, _index(site), PUBLISHED_URL


def _full(base: str, path: str) -> str:
    """The address given for a path: a full address when published, the path itself in a preview."""
    return base + path.lstrip("/") if base else path


def _address(site, page):
    return "/" + page.relative_to(site).as_posix().removesuffix("index.html")


def _review_shown(page_html: str) -> dict:
    """The review dates, reviewer and owner the page itself shows (overrides/partials/page-review.html):
    who reviewed it and its owner once a named owner has reviewed it, none while it is a draft."""
    block = re.search(r'<aside class="page-review".*?</aside>', page_html, re.S).group(0)
    times = re.findall(r'<time datetime="([0-9-]+)"', block)
    shown = {"last_reviewed": times[0], "review_due": times[1]}
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", block)))
    reviewed = re.search(r"Last reviewed .+? by (.+?)(?: · Owner: (.+?))? · Next review due", text)
    if reviewed:
        shown.update(reviewed_by=reviewed.group(1), owner=reviewed.group(2))
    else:
        assert "not yet reviewed by a named owner" in text and "Owner:" not in text, text
        shown.update(reviewed_by=None)
    return shown


def test_pages_json_lists_every_published_page_once(built_site, pages, index):
    published = {_address(built_site, p) for p in pages if p.name == "index.html"}
    listed = [p["path"] for p in index["pages"]]
    assert len(listed) == len(set(listed)) == index["count"]
    assert set(listed) == published


@pytest.mark.parametrize("build", BUILDS, indirect=True)
def test_each_entry_has_permanent_address_title_owner_and_review_dates(build, root, project):
    site, index, base = build
    config = project.config
    sections = sections_by_page(load_registry(project))
    defaults = (config.get("extra") or {}).get("review") or {}
    assert index["site_url"] == base
    if not base:  # a preview: never the placeholder, as an address or anywhere else
        text = (site / "api" / "pages.json").read_text(encoding="utf-8")
        assert project.site_url not in text, "a preview's pages.json gives the placeholder site_url"
    for entry in index["pages"]:
        assert entry["address"] == _full(base, entry["path"]), entry
        page_html = file_for(site, entry["path"]).read_text(encoding="utf-8")
        assert f"<title>{html.escape(entry['title'], quote=False)}" in page_html.replace("&#39;", "'") or (
            html.escape(entry["title"], quote=False) in page_html
        ), entry["path"]
        shown = _review_shown(page_html)
        assert {k: entry[k] for k in shown} == shown, entry["path"]
        # The owner: none (null) until the front matter names one.
        src = entry["source"].removeprefix("docs/")
        expected = review_info(src, front_matter(root / entry["source"]), defaults)
        assert entry["owner"] == expected["owner"] and entry["reviewed_by"] == expected["reviewed_by"], entry
        if not front_matter(root / entry["source"]).get("owner"):
            assert entry["owner"] is None, entry
        assert entry["review_due"] > entry["last_reviewed"]
        assert entry["sections"] == sections.get(entry["path"], [])


@pytest.mark.parametrize("build", BUILDS, indirect=True)
def test_short_links_are_listed_with_their_page(build, site_data):
    _site, index, base = build
    listed = [link for entry in index["pages"] for link in entry["short_links"]]
    assert len(listed) == len(set(listed))
    assert set(listed) == {_full(base, f"/go/{sid}/") for sid in site_data.shortlinks}


def _canonical(page_html: str) -> str:
    return html.unescape(re.search(r'<link rel="canonical" href="([^"]+)"', page_html).group(1))


@pytest.mark.parametrize("build", BUILDS, indirect=True)
def test_every_page_has_a_cite_block_with_its_permanent_address(build, project):
    site, index, base = build
    config = project.config
    for entry in index["pages"]:
        page_html = file_for(site, entry["path"]).read_text(encoding="utf-8")
        block = re.search(r'<details class="cite-page[^"]*">.*?</details>', page_html, re.S)
        assert block, f"{entry['path']} has no 'Cite this page' block"
        text = html.unescape(re.sub(r"\s+", " ", block.group(0)))
        assert "Cite this page" in text
        assert entry["title"] in text and config["site_name"] in text, entry["path"]
        assert f'<time datetime="{entry["last_reviewed"]}">' in text
        if entry["reviewed_by"]:
            assert "Last reviewed" in text, entry["path"]
        else:
            assert "Drafted" in text and "not yet reviewed by a named owner" in text, entry["path"]
        if base:  # published: the page's own permanent address
            assert entry["address"] == _canonical(page_html), entry["path"]
            assert re.findall(r'href="([^"]+)"', text) == [entry["address"]], (entry["path"], text)
            assert f">{entry['address']}</a>" in text and PREVIEW_LABEL not in text
        else:  # a preview: no permanent address yet, and it says so
            assert f"{PREVIEW_LABEL}: this guide has no permanent address yet." in text, (entry["path"], text)
            assert "href=" not in text and "Permanent address" not in text, (entry["path"], text)
            assert project.site_url.removeprefix("https://").rstrip("/") not in text, (entry["path"], text)
