from ..escape import esc, esc_attr
from ..urls import relative
from .stat import stat


def area_table(site, page: str = "a page", detail_page: str = "case-reviews/local-picture.md") -> str:
    """The local picture: one row per area, figures and the reviews the deck names."""
    rows = []
    for a in site.areas.values():
        figures = "<br>".join(f"{stat(site, s, page)} {esc(site.statistics[s].label)}" for s in a.statistics)
        reviews = "<br>".join(
            f'<a href="{esc_attr(relative(page, detail_page, r))}">{esc(site.case_reviews[r].name)}</a>'
            for r in a.reviews
        ) or "None named"
        rows.append(
            f'<tr><th scope="row"><a href="{esc_attr(relative(page, detail_page, a.id))}">{esc(a.short)}</a></th>'
            f"<td>{figures}</td><td>{reviews}</td></tr>"
        )
    return (
        '<table class="area-table"><caption>Notifications to the national Panel, 2021 to the date of the '
        "workshop, as reported in the workshop deck</caption>"
        '<thead><tr><th scope="col">Area</th><th scope="col">Notifications</th>'
        '<th scope="col">Reviews named</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
