"""When a phone number in contacts.yml needs checking again: more than 6 months after it was
last read at its source. The pages (\"check before use\"), the build's report and `make release`
all ask this one question here."""

from __future__ import annotations

import datetime as dt

from macros.data.review import add_months

STALE_AFTER_MONTHS = 6


def is_stale(contact, today: dt.date | None = None) -> bool:
    """True when the number was last checked more than 6 months ago."""
    today = today or dt.date.today()
    return add_months(contact.checked_on, STALE_AFTER_MONTHS) < today


def stale_contacts(site, today: dt.date | None = None) -> list:
    """Contacts whose number was last checked more than six months ago."""
    return [c for c in site.contacts.values() if is_stale(c, today)]


ROUTES = ("in-hours", "out-of-hours", "emergency")  # the order pages show them in


def missing_routes(site, data: str = "docs/_data") -> list[str]:
    """One error per area without an in-hours, out-of-hours or emergency route: every route
    a reader follows must end in a number to ring."""
    errors = []
    for a in site.areas.values():
        have = {c.when for c in site.contacts.values() if c.area == a.id}
        for when in ROUTES:
            if when not in have:
                errors.append(f"{data}/contacts.yml: the area '{a.id}' has no '{when}' route. Add an entry with "
                              f"area: {a.id} and when: {when} (its service, phone, hours, source and checked_on).")
    return errors
