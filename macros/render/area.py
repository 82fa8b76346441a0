from macros.data.lookup import get
from macros.render.case_review import case_review
from macros.render.escape import esc, esc_attr
from macros.render.link import link
from macros.render.stat import stat


def area(site, area_id: str, page: str = "a page") -> str:
    """One area's local picture: its figures, the reviews named, its partnership. The page says once
    where the figures come from, so they are not flagged one by one."""
    a = get(site, "areas", area_id, page)
    figures = "".join(
        f"<li>{stat(site, s, page, flag=False)} {esc(site.statistics[s].label)}</li>" for s in a.statistics
    )
    reviews = "".join(case_review(site, r, page) for r in a.reviews)
    return (
        f'<div class="area" data-area-id="{esc_attr(a.id)}">'
        f'<ul class="area__figures">{figures}</ul>{reviews}'
        f'<p class="area__partnership">Partnership: {link(site, a.link, a.partnership, page=page)}</p></div>'
    )
