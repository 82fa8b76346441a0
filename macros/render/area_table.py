from macros.render.escape import esc, esc_attr
from macros.render.stat import stat
from macros.render.status import SHORT
from macros.render.urls import relative


def area_table(site, page: str = "a page", detail_page: str = "case-reviews/local-picture.md") -> str:
    """The local picture: one row per area, its figures and the reviews the deck names.

    When every figure shares one period and one status, the caption says so once
    instead of flagging each figure."""
    stats = [site.statistics[s] for a in site.areas.values() for s in a.statistics]
    periods = {s.period for s in stats}
    statuses = {s.status for s in stats}
    shared_status = len(statuses) == 1 and SHORT[next(iter(statuses))]
    rows = []
    for a in site.areas.values():
        figures = "<br>".join(
            f"{stat(site, s, page, flag=not shared_status)} {esc(site.statistics[s].label)}" for s in a.statistics
        )
        reviews = "<br>".join(
            f'<a href="{esc_attr(relative(page, detail_page, r))}">{esc(site.case_reviews[r].name)}</a>'
            for r in a.reviews
        ) or "None named"
        rows.append(
            f'<tr><th scope="row"><a href="{esc_attr(relative(page, detail_page, a.id))}">{esc(a.short)}</a></th>'
            f"<td>{figures}</td><td>{reviews}</td></tr>"
        )
    caption = "Notifications to the national Panel"
    if len(periods) == 1:
        caption += f", {next(iter(periods))}"
    if shared_status:
        caption += f" ({shared_status})"
    return (
        f'<table class="area-table"><caption>{esc(caption)}</caption>'
        '<thead><tr><th scope="col">Area</th><th scope="col">Notifications</th>'
        '<th scope="col">Reviews named</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
