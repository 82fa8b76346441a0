from macros.data.changelog import changes
from macros.data.review import long_date
from macros.render.escape import esc
from macros.render.urls import relative


def whats_new(site, page: str = "a page") -> str:
    """Every change in changelog.yml, newest first: a heading (date and title, stable #id), what changed, which pages."""
    parts = []
    for c in changes(site):
        if c.pages:
            links = " · ".join(
                f'<a href="{esc(relative(page, p))}">{esc(site.page_titles.get(p, p))}</a>' for p in c.pages
            )
            scope = f'<p class="change__pages">Pages changed: {links}</p>'
        else:
            scope = '<p class="change__pages">The whole site.</p>'
        parts.append(
            f"## {esc(long_date(c.date))}: {esc(c.title)} {{ #{c.id} }}\n\n"
            f'<p class="change__summary">{esc(c.summary)}</p>{scope}\n'
        )
    if not parts:
        return '<p class="change__none">No changes have been published yet.</p>'
    return "\n".join(parts)
