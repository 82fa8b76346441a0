"""Each area's routes to report a concern about a baby, from contacts.yml: in office hours,
out of hours and 999. Every number is a tel: link, and says where and when it was checked."""

import datetime as dt

from macros.checks.contacts import ROUTES, is_stale
from macros.data.lookup import get
from macros.data.review import long_date
from macros.render.escape import esc, esc_attr
from macros.render.link import link

WHEN = {"in-hours": "In office hours", "out-of-hours": "Out of hours", "emergency": "In immediate danger"}


def phone_link(number: str) -> str:
    digits = number.replace(" ", "")
    return f'<a class="phone" href="tel:{esc_attr(digits)}">{esc(number)}</a>'


def _numbers(c) -> str:
    return phone_link(c.phone) + (f" or {phone_link(c.also)}" if c.also else "")


def routes_of(site, area_id: str) -> list:
    """An area's routes, in-hours first, then out of hours, then 999."""
    return sorted((c for c in site.contacts.values() if c.area == area_id), key=lambda c: ROUTES.index(c.when))


def _page_dates(site, routes) -> str:
    """The sources' own dates: '(undated pages)' when none shows one, else each source's."""
    dates = {c.source: c.source_date for c in routes}
    if all(d.strip().lower() == "undated" for d in dates.values()):
        return "(undated page)" if len(dates) == 1 else "(undated pages)"
    return "(" + "; ".join(f"{site.links[s].title}: {d}" for s, d in dates.items()) + ")"


def checked_lines(site, routes, page: str, today: dt.date | None = None) -> str:
    """Where and when the numbers were checked: one line for each date and way they were checked,
    naming every source; 'Check before use' when that was more than 6 months ago."""
    lines = []
    for checked_on, how in dict.fromkeys((c.checked_on, c.checked_how) for c in routes):
        group = [c for c in routes if (c.checked_on, c.checked_how) == (checked_on, how)]
        sources = list(dict.fromkeys(c.source for c in group))
        names = ", ".join(link(site, s, page=page) for s in sources[:-1])
        names = f"{names} and {link(site, sources[-1], page=page)}" if names else link(site, sources[-1], page=page)
        when = esc(long_date(checked_on))
        if how == "public copy":
            copies = "a public copy" if len(sources) == 1 else "public copies"
            text = (f"Checked against {copies} of {names} {esc(_page_dates(site, group))} on {when}; "
                    "not yet confirmed with the services.")
        else:
            text = f"Checked against {names} {esc(_page_dates(site, group))} on {when}."
        if any(is_stale(c, today) for c in group):
            text = '<strong class="check-number">Check before use:</strong> ' + text
        lines.append(f'<p class="contact__checked">{text}</p>')
    return "".join(lines)


def area_contacts(site, area_id: str, page: str = "a page") -> str:
    """One area's routes to report a concern: service, number(s), hours, and where they were checked."""
    area = get(site, "areas", area_id, page)
    routes = routes_of(site, area.id)
    items = "".join(
        f'<li data-contact-id="{esc_attr(c.id)}" data-when="{esc_attr(c.when)}">'
        f'<span class="contact__when">{WHEN[c.when]}:</span> {_numbers(c)} — {esc(c.service)}'
        f'<span class="contact__hours"> ({esc(c.hours)})</span></li>'
        for c in routes
    )
    notes = "".join(f'<p class="contact__note">{esc(c.note)}'
                    + (f" See: {link(site, c.see_also, page=page)}." if c.see_also else "") + "</p>"
                    for c in routes if c.note or c.see_also)
    return (
        f'<div class="contact" data-area-id="{esc_attr(area.id)}"><p class="contact__area"><strong>{esc(area.name)}</strong></p>'
        f'<ul class="contact__routes">{items}</ul>{checked_lines(site, routes, page)}{notes}</div>\n'
    )


def _cell(c) -> str:
    return (f'<td data-contact-id="{esc_attr(c.id)}" data-when="{esc_attr(c.when)}">{_numbers(c)}'
            f'<br>{esc(c.service)}<br><small class="contact__hours">{esc(c.hours)}</small></td>')


def contacts(site, page: str = "a page") -> str:
    """Every area's routes as one table (an area a row: in office hours, out of hours), with 999
    in the caption when every area gives the same emergency number (else in a column of its own),
    then where and when the numbers were checked."""
    by_area = {a.id: {c.when: c for c in routes_of(site, a.id)} for a in site.areas.values()}
    emergency = {routes["emergency"].phone for routes in by_area.values()}
    shared = len(emergency) == 1
    columns = ("in-hours", "out-of-hours") if shared else ROUTES
    rows = "".join(
        f'<tr data-area-id="{esc_attr(a.id)}"><th scope="row">{esc(a.short)}</th>'
        + "".join(_cell(by_area[a.id][when]) for when in columns) + "</tr>"
        for a in site.areas.values()
    )
    caption = "Report a concern about a baby."
    if shared:
        caption += f" In immediate danger, ring {phone_link(next(iter(emergency)))}."
    head = "".join(f'<th scope="col">{WHEN[when]}</th>' for when in columns)
    every = [c for routes in by_area.values() for c in routes.values()]
    return (  # one block element, so that Markdown leaves it whole (a bare <p> after </table> got wrapped)
        f'<div class="contacts"><table class="contacts-table"><caption>{caption}</caption><thead><tr>'
        f'<th scope="col">Area</th>{head}</tr></thead><tbody>{rows}</tbody></table>'
        f'{checked_lines(site, every, page)}</div>\n'
    )
