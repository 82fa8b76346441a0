from macros.data.lookup import get
from macros.render.escape import esc
from macros.render.link import link


def source(site, link_id: str, page: str = "a page") -> str:
    """A full citation: title (linked when it has an address), publisher, date."""
    entry = get(site, "links", link_id, page)
    parts = [link(site, link_id, page=page)]
    if entry.publisher and entry.publisher not in entry.title:
        parts.append(esc(entry.publisher))
    if entry.published:
        parts.append(esc(entry.published))
    return ", ".join(parts)
