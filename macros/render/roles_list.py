from macros.render.escape import esc, esc_attr
from macros.render.urls import relative


def roles_list(site, page: str = "a page") -> str:
    """One link per role, to its page under roles/ (docs/roles/<id>.md)."""
    items = "".join(
        f'<li><a href="{esc_attr(relative(page, f"roles/{r.id}.md"))}"><strong>{esc(r.name)}</strong></a>'
        f" — {esc(r.summary)}</li>"
        for r in site.roles.values()
    )
    return f'<ul class="roles-list">{items}</ul>'
