import html

from macros.render.icon_messages import icon_messages


def test_four_messages_in_the_programmes_wording(site_data):
    out = html.unescape(icon_messages(site_data))
    for m in site_data.tools["icon"].messages:
        assert m.text in out
    assert out.count("<li>") == len(site_data.tools["icon"].messages) == 4
