import html

from macros.render.tool_card import tool_card
from tests.helpers import LINK, make_site


def test_card_has_heading_with_stable_id_and_every_part(site_data):
    t = site_data.tools["gcp2a"]
    out = tool_card(site_data, t.id, page="tools/index.md")
    assert out.startswith("### ") and "{ #gcp2a }" in out.splitlines()[0]
    text = html.unescape(out)
    for part in (t.what, t.who, t.when, "What it is", "Who uses it", "When", "Where to get it", "Source"):
        assert part in text
    for link_id in t.get + t.sources:
        assert f'data-link-id="{link_id}"' in out
    assert 'href="gcp2a/"' in out  # "More about" link, relative to tools/index.md


def test_card_on_its_own_page_does_not_link_to_itself(site_data):
    out = tool_card(site_data, "icon", page="tools/icon.md")
    assert "More about" not in out


def test_icon_card_lists_the_four_messages_in_order(site_data):
    out = html.unescape(tool_card(site_data, "icon"))
    positions = [out.index(m.text) for m in site_data.tools["icon"].messages]
    assert positions == sorted(positions) and len(positions) == 4


def test_card_escapes_values(tmp_path):
    site = make_site(tmp_path, links=[LINK], tools=[{
        "id": "t", "name": "T <b>bold</b>", "short": "T", "summary": "<i>s</i>", "what": "<script>x</script>", "who": "w",
        "when": "n", "get": ["home"], "sources": ["home"], "status": "confirmed"}])
    out = tool_card(site, "t")
    assert "<script>" not in out and "<b>" not in out
