from macros.render.escape import esc
from macros.render.link import link


def partnerships(site, page: str = "a page") -> str:
    """The three safeguarding partnerships, each linked to its website."""
    items = "".join(
        f"<li><strong>{esc(a.short)}</strong>: {link(site, a.link, a.partnership, page=page)}</li>"
        for a in site.areas.values()
    )
    return f'<ul class="partnerships">{items}</ul>'
