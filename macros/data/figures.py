"""Compute and format a statistic's figure. Percentages are computed from counts."""

from decimal import ROUND_HALF_UP, Decimal


def percent_of(count, total) -> int:
    """``count`` as a whole-number percentage of ``total``, rounded half up."""
    if not total:
        raise ValueError("cannot compute a percentage of a total of 0")
    share = Decimal(count) * 100 / Decimal(str(total))
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _number(value) -> str:
    value = float(value)
    text = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return text


def figure(stat, statistics) -> str:
    """The figure as readers see it: '36%', '379', 'under 1%'."""
    if stat.count is not None:
        text = f"{percent_of(stat.count, statistics[stat.of].value)}%"
    else:
        text = _number(stat.value) + ("%" if stat.unit == "percent" else "")
    if stat.qualifier:
        text = f"{stat.qualifier} {text}"
    return text


def counts(stat, statistics) -> str:
    """For a computed percentage, the counts behind it: '142 of 393'; else ''."""
    if stat.count is None:
        return ""
    return f"{_number(stat.count)} of {_number(statistics[stat.of].value)}"
