import html

import pytest

from macros.render.key_messages import key_messages


def test_list_links_each_message_to_its_section(site_data):
    out = key_messages(site_data, page="index.md")
    for m in site_data.key_messages.values():
        assert f'href="key-messages/#{m.id}"' in out
        assert m.text in html.unescape(out)
    assert out.count("<li") == len(site_data.key_messages)


def test_headings_carry_stable_ids_and_related_pages(site_data):
    out = key_messages(site_data, page="key-messages.md", style="headings")
    for m in site_data.key_messages.values():
        assert f"{{ #{m.id} }}" in out
        for p in m.related:
            assert site_data.page_titles[p] in html.unescape(out)


def test_unknown_style_is_an_error_naming_the_page(site_data):
    with pytest.raises(ValueError, match="docs/index.md"):
        key_messages(site_data, page="index.md", style="cards")
