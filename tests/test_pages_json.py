"""site/api/pages.json (a page index for machines) and the "Cite this page" block (issue 3)."""

from __future__ import annotations

import html
import json
import re

import pytest

from scripts.addresses import load_registry, sections_by_page
from scripts.siteinfo import file_for, mkdocs_config, site_url


@pytest.fixture(scope="module")
def index(built_site):
    return json.loads((built_site / "api" / "pages.json").read_text(encoding="utf-8"))


def _address(site, page):
    return "/" + page.relative_to(site).as_posix().removesuffix("index.html")


def _review_shown(page_html: str) -> dict:
    """The review dates and owner the page itself shows (overrides/partials/page-review.html)."""
    block = re.search(r'<aside class="page-review".*?</aside>', page_html, re.S).group(0)
    times = re.findall(r'<time datetime="([0-9-]+)"', block)
    owner = re.search(r"Owner:\s*(.*?)\s*</p>", block, re.S).group(1)
    return {"last_reviewed": times[0], "review_due": times[1], "owner": html.unescape(owner)}


def test_pages_json_lists_every_published_page_once(built_site, pages, index):
    published = {_address(built_site, p) for p in pages if p.name == "index.html"}
    listed = [p["path"] for p in index["pages"]]
    assert len(listed) == len(set(listed)) == index["count"]
    assert set(listed) == published


def test_each_entry_has_permanent_address_title_owner_and_review_dates(built_site, root, index):
    base = site_url(mkdocs_config(root))
    sections = sections_by_page(load_registry(root))
    for entry in index["pages"]:
        assert entry["address"] == base + entry["path"].lstrip("/")
        page_html = file_for(built_site, entry["path"]).read_text(encoding="utf-8")
        assert f"<title>{html.escape(entry['title'], quote=False)}" in page_html.replace("&#39;", "'") or (
            html.escape(entry["title"], quote=False) in page_html
        ), entry["path"]
        shown = _review_shown(page_html)
        assert {k: entry[k] for k in shown} == shown, entry["path"]
        assert entry["review_due"] > entry["last_reviewed"]
        assert entry["sections"] == sections.get(entry["path"], [])


def test_short_links_are_listed_with_their_page(index, site_data, root):
    base = site_url(mkdocs_config(root))
    listed = {link for entry in index["pages"] for link in entry["short_links"]}
    assert listed == {f"{base}go/{sid}/" for sid in site_data.shortlinks}


def test_every_page_has_a_cite_block_with_its_permanent_address(built_site, root, index, site_data):
    for entry in index["pages"]:
        page_html = file_for(built_site, entry["path"]).read_text(encoding="utf-8")
        block = re.search(r'<details class="cite-page[^"]*">.*?</details>', page_html, re.S)
        assert block, f"{entry['path']} has no 'Cite this page' block"
        text = html.unescape(re.sub(r"\s+", " ", block.group(0)))
        assert "Cite this page" in text
        assert entry["title"] in text
        assert f'href="{entry["address"]}"' in text
        assert f'<time datetime="{entry["last_reviewed"]}">' in text
        for area in site_data.areas.values():  # the partnerships
            assert area.partnership in text, (entry["path"], area.partnership)
