from ..escape import esc, esc_attr
from ..lookup import get
from .link import link


def contact(site, contact_id: str, page: str = "a page") -> str:
    """One area's route to report a concern. A number not yet verified says so;
    a missing number sends the reader to the partnership's website. Never a guess."""
    c = get(site, "contacts", contact_id, page)
    area = site.areas[c.area]
    partner = link(site, area.link, area.partnership, page=page)
    if c.phone is None:
        body = f"We do not hold a checked number yet. Use the route on the {partner} website."
    else:
        digits = c.phone.replace(" ", "")
        number = f'<a class="phone" href="tel:{esc_attr(digits)}">{esc(c.phone)}</a>'
        if c.verified_on is None:
            body = (
                f'{esc(c.service)}: {number} <strong class="check-number">Check this number</strong> '
                f"on the {link(site, c.source, 'partnership page', page=page)} before you rely on it: "
                "it has not been verified."
            )
        else:
            body = f"{esc(c.service)}: {number} <small>(checked {esc(c.verified_on.strftime('%-d %B %Y'))})</small>"
    note = f'<p class="contact__note">{esc(c.note)}</p>' if c.note else ""
    return (
        f'<div class="contact" data-contact-id="{esc_attr(c.id)}"><p><strong>{esc(area.name)}</strong>: {body}</p>'
        f"{note}</div>"
    )


def contacts(site, page: str = "a page") -> str:
    """Every area's route to report a concern, in the order of contacts.yml."""
    return "".join(contact(site, c, page) for c in site.contacts)
