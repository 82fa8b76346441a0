import datetime as dt

import pytest

from macros.data.review import ReviewError, add_months, defaults_for, due_date, review_info

DEFAULTS = {"": {"owner": "Partnerships", "review_in": "6 months"}, "tools/": {"review_in": "1 year"}}
TODAY = dt.date(2026, 11, 28)


def test_due_date_intervals():
    assert due_date(dt.date(2026, 1, 31), "1 month") == dt.date(2026, 2, 28)
    assert due_date(dt.date(2026, 5, 1), "1 year") == dt.date(2027, 5, 1)
    assert due_date(dt.date(2026, 5, 1), "2 weeks") == dt.date(2026, 5, 15)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    with pytest.raises(ReviewError):
        due_date(dt.date(2026, 1, 1), "soon")


def test_folder_defaults_longest_prefix_wins():
    assert defaults_for("tools/icon.md", DEFAULTS)["review_in"] == "1 year"
    assert defaults_for("bruising.md", DEFAULTS)["review_in"] == "6 months"


def test_review_info_merges_front_matter_over_defaults():
    info = review_info("tools/icon.md", {"last_reviewed": "2026-01-10", "owner": "ICON lead"}, DEFAULTS, TODAY)
    assert info["owner"] == "ICON lead" and info["review_due"] == dt.date(2027, 1, 10)
    assert not info["overdue"]


def test_overdue_when_due_date_passed():
    assert review_info("a.md", {"last_reviewed": "2025-01-01"}, DEFAULTS, TODAY)["overdue"]


@pytest.mark.parametrize("meta,needle", [
    ({}, "missing last_reviewed"),
    ({"last_reviewed": "2026-02-31"}, "not a real date"),
    ({"last_reviewed": "2027-01-01"}, "in the future"),
    ({"last_reviewed": "2026-01-01", "review_in": "often"}, "not understood"),
])
def test_bad_review_fields_name_the_page(meta, needle):
    with pytest.raises(ReviewError) as exc:
        review_info("bruising.md", meta, DEFAULTS, TODAY)
    assert "docs/bruising.md" in str(exc.value) and needle in str(exc.value)
