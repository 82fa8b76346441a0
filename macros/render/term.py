from macros.data.lookup import get
from macros.render.escape import esc, esc_attr
from macros.render.urls import relative


def term(site, term_id: str, text: str | None = None, page: str = "a page") -> str:
    """A glossary term in a sentence, linked to its definition on the glossary page.
    An id not in glossary.yml stops the build, naming the page."""
    t = get(site, "glossary", term_id, page)
    title = f' title="{esc_attr(t.expansion)}"' if t.expansion else ""
    return (
        f'<a class="term" href="{esc_attr(relative(page, "glossary.md", t.id))}"{title}>'
        f"{esc(text if text is not None else t.term)}</a>"
    )
