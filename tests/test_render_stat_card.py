import html

from macros.data.figures import counts
from macros.render.stat_card import stat_card
from macros.render.status import LONG


def test_card_gives_period_base_source_and_status(site_data):
    s = site_data.statistics["panel-2022-23-deaths"]
    out = html.unescape(stat_card(site_data, s.id))
    assert s.period in out and s.base in out and s.label in out
    assert site_data.links[s.source].title in out
    assert LONG[s.status] in out
    assert f"({counts(s, site_data.statistics)})" in out
    assert f'id="stat-{s.id}"' in out


def test_card_shows_note_when_present(site_data):
    s = next(s for s in site_data.statistics.values() if s.note)
    assert html.unescape(s.note) in html.unescape(stat_card(site_data, s.id))
