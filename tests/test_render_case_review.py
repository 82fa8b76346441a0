import html

from macros.render.case_review import case_review


def test_baby_m_is_marked_as_the_banes_review_not_the_national_one(site_data):
    out = html.unescape(case_review(site_data, "banes-baby-m"))
    assert "Baby M" in out and "BaNES local review" in out and "national" in out


def test_review_with_related_figure_and_year(site_data):
    r = site_data.case_reviews["swindon-babies-with-injuries"]
    out = case_review(site_data, r.id)
    assert f'data-stat-id="{r.related_statistic}"' in out and str(r.year) in out
    assert "as reported in the workshop slides" in out
