import html

from macros.render.partnerships import partnerships


def test_three_partnerships_linked(site_data):
    out = partnerships(site_data)
    for a in site_data.areas.values():
        assert f'href="{html.escape(site_data.links[a.link].url)}"' in out
        assert a.partnership in html.unescape(out)
    assert out.count("<li>") == len(site_data.areas)
