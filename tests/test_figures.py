import pytest

from macros.data.figures import counts, figure, percent_of
from macros.data.schema import Statistic

BASE = dict(period="p", base="b", source="s", status="confirmed")


def test_percent_is_computed_and_rounded_half_up():
    assert percent_of(142, 393) == 36
    assert percent_of(1, 8) == 13  # 12.5 rounds up, not to even
    with pytest.raises(ValueError):
        percent_of(1, 0)


def test_figure_from_counts_and_counts_text():
    total = Statistic(id="total", label="t", unit="count", value=393, **BASE)
    share = Statistic(id="share", label="s", unit="percent", count=146, of="total", **BASE)
    stats = {"total": total, "share": share}
    assert figure(share, stats) == f"{round(146 / 393 * 100)}%"
    assert counts(share, stats) == "146 of 393"
    assert counts(total, stats) == ""


def test_figure_typed_value_and_qualifier():
    s = Statistic(id="x", label="l", unit="percent", value=1, qualifier="under", **BASE)
    assert figure(s, {}) == "under 1%"
    c = Statistic(id="y", label="l", unit="count", value=1234, **BASE)
    assert figure(c, {}) == "1,234"
