import html

from macros.data.figures import figure
from macros.render.area import area
from macros.render.area_table import area_table


def test_area_shows_each_figure_review_and_partnership(site_data):
    for a in site_data.areas.values():
        out = area(site_data, a.id, page="case-reviews/local-picture.md")
        text = html.unescape(out)
        for sid in a.statistics:
            s = site_data.statistics[sid]
            assert f'data-stat-id="{sid}"' in out and s.label in text
            assert figure(s, site_data.statistics) in text
        for rid in a.reviews:
            assert f'id="{rid}"' in out
        assert f'data-link-id="{a.link}"' in out and a.partnership in text


def test_area_table_has_a_row_per_area_linking_to_its_section(site_data):
    out = area_table(site_data, page="case-reviews/index.md")
    assert out.count("<tr>") == len(site_data.areas) + 1  # plus the header row
    for a in site_data.areas.values():
        assert f'href="local-picture/#{a.id}"' in out
    assert "<caption>" in out


def test_table_caption_states_a_shared_status_once_instead_of_per_figure(site_data):
    out = area_table(site_data, page="case-reviews/local-picture.md")
    statuses = {site_data.statistics[s].status for a in site_data.areas.values() for s in a.statistics}
    if statuses == {"deck"}:
        assert "as reported in the workshop slides" in html.unescape(out.split("</caption>")[0])
        assert "stat-status" not in out


def test_table_flags_each_figure_when_statuses_differ(site_data):
    import copy

    site = copy.deepcopy(site_data)
    first = site.areas["banes"].statistics[0]
    site.statistics[first] = site.statistics[first].model_copy(update={"status": "confirmed"})
    out = area_table(site, page="case-reviews/local-picture.md")
    assert "stat-status" in out and "(as reported" not in out.split("</caption>")[0]
