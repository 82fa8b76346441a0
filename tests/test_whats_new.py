"""What's new: the changelog data renders a page, an Atom feed, and each page's latest significant change."""

from __future__ import annotations

import copy
import datetime as dt
import re
from urllib.parse import urljoin, urlsplit
import xml.etree.ElementTree as ET

import pytest

from macros.data.changelog import changes, latest_change
from macros.checks.references import Entries, resolve
from macros.data.schema import Change

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_whats_new_page_lists_every_change_newest_first(built_site, site_data):
    html = (built_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    entries = changes(site_data)
    assert entries, "changelog.yml holds no change"
    positions = []
    for c in entries:
        match = re.search(rf'<h2 id="{c.id}">([^<]*)<', html)
        assert match, f"no heading for change '{c.id}'"
        assert c.title in match.group(1) and str(c.date.year) in match.group(1)
        positions.append(match.start())
    assert positions == sorted(positions)
    assert [c.date for c in entries] == sorted((c.date for c in entries), reverse=True)


def test_the_atom_feed_has_every_change_linking_to_its_heading(built_site, site_data):
    feed = ET.parse(built_site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, f"the feed has no {tag}"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(site_data.changelog)
    whats_new = (built_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    for entry, change in zip(entries, changes(site_data)):
        assert entry.find(f"{ATOM}title").text == change.title
        assert entry.find(f"{ATOM}updated").text.startswith(change.date.isoformat())
        assert entry.find(f"{ATOM}summary").text == change.summary
        href = entry.find(f"{ATOM}link").get("href")
        # A preview (placeholder site_url): relative links and no id at the placeholder address.
        assert href == f"whats-new/#{change.id}" and f'id="{change.id}"' in whats_new
        assert entry.find(f"{ATOM}id").text == f"urn:x-preview:bsw-under-1s:whats-new/#{change.id}"
    assert "example.org" not in (built_site / "feed.xml").read_text(encoding="utf-8")
    assert "Preview" in feed.find(f"{ATOM}title").text


def test_a_published_feed_links_each_change_at_the_site_address(published_site):
    from tests.conftest import PUBLISHED_URL

    feed = ET.parse(published_site / "feed.xml").getroot()
    assert feed.find(f"{ATOM}id").text == PUBLISHED_URL + "feed.xml"
    for entry in feed.findall(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(PUBLISHED_URL + "whats-new/#") and entry.find(f"{ATOM}id").text == href


def test_every_page_links_the_feed_and_shows_its_latest_significant_change(built_site, pages, site_data):
    whats_new = (built_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="[^"]*feed\.xml"', html), page
        match = re.search(r'<p class="page-change">Latest significant change: <time datetime="([\d-]+)">[^<]+</time>,'
                          r'\s*<a href="([^"]*)#([a-z0-9-]+)">([^<]+)</a>', html)
        assert match, f"{page.relative_to(built_site)}: no latest change"
        change = site_data.changelog[match.group(3)]
        assert match.group(1) == change.date.isoformat() and match.group(4) == change.title
        url = "http://site/" + page.relative_to(built_site).as_posix().removesuffix("index.html")
        assert urlsplit(urljoin(url, match.group(2))).path == "/whats-new/", (page, match.group(2))
        assert f'id="{change.id}"' in whats_new


def _change(**fields) -> Change:
    return Change.model_validate({"id": "x", "title": "T", "summary": "S", **fields})


def test_latest_change_is_the_newest_significant_one_for_that_page(site_data):
    site = copy.copy(site_data)
    site.changelog = {
        "whole": _change(id="whole", date="2026-11-01"),
        "bruising": _change(id="bruising", date="2026-11-20", pages=["bruising.md"]),
        "minor": _change(id="minor", date="2026-11-25", pages=["bruising.md"], significant=False),
    }
    assert latest_change(site, "bruising.md").id == "bruising"
    assert latest_change(site, "fathers.md").id == "whole"
    assert [c.id for c in changes(site)] == ["minor", "bruising", "whole"]


@pytest.mark.parametrize("fields,expect", [
    ({"date": "2026-02-30"}, "'2026-02-30' is not a real date"),
    ({"date": (dt.date.today() + dt.timedelta(days=1)).isoformat()}, "is in the future"),
    ({"date": "2026-11-28", "title": ""}, "is empty"),
])
def test_a_bad_change_is_refused_with_a_message(fields, expect):
    with pytest.raises(Exception, match=re.escape(expect)):
        _change(**fields)


def test_a_change_naming_a_missing_page_is_reported():
    changelog = Entries(x=_change(date="2026-11-28", pages=["no-such-page.md", "bruising.md"]))
    [error] = resolve({"changelog.yml": changelog}, {"bruising.md": None}, "docs/_data")
    assert "changelog.yml, entry 'x', field 'pages'" in error and "'no-such-page.md' does not exist" in error
    assert "or write [] for the whole site" in error
