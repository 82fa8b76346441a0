import html

import pytest

from macros.render.escape import esc_attr
from macros.data.lookup import UnknownId
from macros.render.link import link
from tests.helpers import make_site


def test_link_with_address(site_data):
    entry = site_data.links["nice-cg89"]
    out = link(site_data, entry.id)
    assert f'href="{esc_attr(entry.url)}"' in out
    assert html.unescape(out.split('href="')[1].split('"')[0]) == entry.url
    assert html.unescape(out).find(entry.title) > 0


def test_link_without_address_is_a_citation_not_an_anchor(site_data):
    entry = next(l for l in site_data.links.values() if l.url is None)
    out = link(site_data, entry.id)
    assert "<a" not in out and "<cite" in out


def test_legacy_http_link_is_flagged(site_data):
    entry = next(l for l in site_data.links.values() if l.legacy_http)
    assert "may be out of date" in link(site_data, entry.id)


def test_link_text_and_title_are_escaped(tmp_path):
    site = make_site(tmp_path, links=[{"id": "x", "title": "<img src=x onerror=alert(1)>", "publisher": "p",
                                       "url": "https://example.org/?a=1&b='2'"}])
    out = link(site, "x")
    assert "<img" not in out and "&lt;img" in out
    assert 'href="https://example.org/?a=1&amp;b=&#39;2&#39;"' in out  # (the schema refuses " < > in an address)


def test_unknown_link_id(site_data):
    with pytest.raises(UnknownId, match="links.yml"):
        link(site_data, "nice-cg8", page="bruising.md")
