from ..escape import esc
from ..lookup import get
from .contacts import contact
from .link import link


def area_contacts(site, area_id: str, page: str = "a page") -> str:
    """An area's routes to report a concern, from contacts.yml. An area with no
    entry sends the reader to its partnership's website. Never a guess."""
    area = get(site, "areas", area_id, page)
    routes = [c for c in site.contacts.values() if c.area == area.id]
    if routes:
        return "".join(contact(site, c.id, page=page) for c in routes)
    partner = link(site, area.link, area.partnership, page=page)
    return (
        f'<div class="contact contact--missing"><p><strong>{esc(area.name)}</strong>: '
        f"We do not hold a route to report a concern yet. Use the route on the {partner} website.</p></div>"
    )
