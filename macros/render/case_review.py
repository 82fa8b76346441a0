from macros.data.lookup import get
from macros.render.escape import esc, esc_attr
from macros.render.stat import stat
from macros.render.status import SHORT


def case_review(site, review_id: str, page: str = "a page") -> str:
    """A local case review as the deck names it, with any warning note."""
    r = get(site, "case_reviews", review_id, page)
    year = f" ({r.year})" if r.year else ""
    figure = ""
    if r.related_statistic:
        s = site.statistics[r.related_statistic]
        figure = f" It drew on {stat(site, s.id, page, flag=False)} {esc(s.label)}."  # (the status follows once)
    status = f' <small class="stat-status">({esc(SHORT[r.status])})</small>' if SHORT[r.status] else ""
    note = f'<p class="case-review__note"><strong>Note:</strong> {esc(r.note)}</p>' if r.note else ""
    return (
        f'<div class="case-review" id="{esc_attr(r.id)}">'
        f"<p><strong>{esc(r.name)}</strong>{esc(year)} — {esc(r.kind)}. {esc(r.summary)}{figure}{status}</p>"
        f"{note}</div>"
    )
