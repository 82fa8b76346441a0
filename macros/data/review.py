"""Review dates: who owns a page, when it was last reviewed, when its review is due.

Each page's front matter gives ``last_reviewed`` (YYYY-MM-DD: the date its text was last
checked against its sources) and may give ``review_in`` ("6 months", "1 year"), ``owner``
(a named owner) and ``reviewed_by`` (who reviewed it). Until a named owner has reviewed
it, the page is a draft, and says so. Anything it leaves out comes from the defaults in
mkdocs.yml (``extra.review``), where the longest matching folder wins.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_INTERVAL = re.compile(r"^\s*(\d+)\s*(week|month|year)s?\s*$", re.IGNORECASE)


class ReviewError(ValueError):
    """A page's review fields are missing or wrong."""


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(last: dt.date, interval: str) -> dt.date:
    match = _INTERVAL.match(str(interval))
    if not match:
        raise ReviewError(f"review_in '{interval}' is not understood: write e.g. '6 months' or '1 year'")
    n, unit = int(match.group(1)), match.group(2).lower()
    if n <= 0:
        raise ReviewError(f"review_in '{interval}' must be at least 1 {unit}")
    if unit == "week":
        return last + dt.timedelta(weeks=n)
    return add_months(last, n * 12 if unit == "year" else n)


def defaults_for(src: str, defaults: dict) -> dict:
    """The merged defaults for a page: '' applies to all, 'tools/' to pages under tools/, and so on."""
    merged = {}
    for prefix in sorted(defaults or {}, key=len):
        if src.startswith(prefix):
            merged.update(defaults[prefix] or {})
    return merged


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ReviewError(f"{field} '{value}' is not a real date: write it as YYYY-MM-DD, e.g. 2026-11-28") from None


def review_info(src: str, meta: dict, defaults: dict, today: dt.date | None = None) -> dict:
    """Owner, last reviewed, review interval and due date for one page. Raises ReviewError."""
    today = today or dt.date.today()
    merged = {**defaults_for(src, defaults), **{k: v for k, v in (meta or {}).items() if v is not None}}
    missing = [f for f in ("last_reviewed", "review_in") if not merged.get(f)]
    if missing:
        raise ReviewError(
            f"docs/{src}: missing {', '.join(missing)}. Add it to the page's front matter "
            "(e.g. last_reviewed: 2026-11-28) or to extra.review in mkdocs.yml"
        )
    try:
        last = _date(merged["last_reviewed"], "last_reviewed")
    except ReviewError as exc:
        raise ReviewError(f"docs/{src}: {exc}") from None
    if last > today:
        raise ReviewError(f"docs/{src}: last_reviewed {last} is in the future: write the date the page was reviewed")
    try:
        due = due_date(last, merged["review_in"])
    except ReviewError as exc:
        raise ReviewError(f"docs/{src}: {exc}") from None
    owner = str(merged.get("owner") or "").strip() or None  # None until a named owner is given
    reviewed_by = str(merged.get("reviewed_by") or "").strip() or None  # None: drafted, not yet reviewed
    return {
        "owner": owner,
        "reviewed_by": reviewed_by,
        # The one answer to "has a named owner reviewed this page?": pages, printouts, the cite block,
        # the review report and make release all ask this, never owner or reviewed_by alone.
        "reviewed": bool(owner and reviewed_by),
        "last_reviewed": last,
        "review_in": str(merged["review_in"]),
        "review_due": due,
        "overdue": due < today,
    }


def long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"
