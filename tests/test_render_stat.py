import pytest

from macros.data.figures import figure
from macros.data.lookup import UnknownId
from macros.render.stat import stat


def test_stat_shows_the_computed_figure(site_data):
    s = site_data.statistics["panel-2022-23-under1s"]
    out = stat(site_data, s.id)
    assert f'data-stat-id="{s.id}"' in out
    assert f">{figure(s, site_data.statistics).replace('%', '&#37;')}<" in out


def test_unconfirmed_figures_are_flagged_and_confirmed_are_not(site_data):
    deck = next(s for s in site_data.statistics.values() if s.status == "deck")
    confirmed = next(s for s in site_data.statistics.values() if s.status == "confirmed")
    assert "as reported in the workshop slides" in stat(site_data, deck.id)
    assert "stat-status" not in stat(site_data, confirmed.id)


def test_unknown_id_names_the_page_and_nearest_id(site_data):
    with pytest.raises(UnknownId) as exc:
        stat(site_data, "panel-2022-23-under1", page="why.md")
    msg = str(exc.value)
    assert "docs/why.md" in msg and "'panel-2022-23-under1'" in msg and "statistics.yml" in msg
    assert "Did you mean 'panel-2022-23-under1s'" in msg
