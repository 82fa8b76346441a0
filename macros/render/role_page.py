from macros.data.lookup import get
from macros.render.contacts import contacts
from macros.render.escape import esc, esc_attr
from macros.render.urls import relative


def _title(site, src: str) -> str:
    return site.page_titles.get(src, src)


def role_page(site, role_id: str, page: str = "a page") -> str:
    """A role's way in: how to report a concern first (each area's routes, in and out of
    hours, and where to start for an unborn baby), then what matters most, the tools it
    uses and other pages tagged with the role."""
    r = get(site, "roles", role_id, page)
    parts = [f'<p class="lead role-summary">{esc(r.summary)}</p>\n']
    unborn = (f'<p class="role-unborn"><strong>Worried about an unborn baby?</strong> See '
              f'<a href="{esc_attr(relative(page, "pre-birth-protocol.md", "worried"))}">what to do before the birth</a>, '
              "and use your area's routes below.</p>")
    parts.append(f'## Report a concern {{ #contacts }}\n\n{unborn}<div class="role-contacts">{contacts(site, page=page)}</div>\n')
    items = "".join(
        f'<li><a href="{esc_attr(relative(page, i.page, i.anchor or ""))}"><strong>{esc(_title(site, i.page))}</strong></a>'
        f" — {esc(i.why)}</li>"
        for i in r.matters
    )
    parts.append(f'## What matters most {{ #matters }}\n\n<ol class="role-matters">{items}</ol>\n')
    if r.tools:
        tools = []
        for tid in r.tools:
            t = get(site, "tools", tid, page)
            name = esc(t.name)
            if t.page:
                name = f'<a href="{esc_attr(relative(page, t.page, t.id if t.page == "tools/index.md" else ""))}">{name}</a>'
            tools.append(f"<li>{name}: {esc(t.when)}</li>")
        parts.append(f'## Tools you use {{ #tools }}\n\n<ul class="role-tools">{"".join(tools)}</ul>\n')
    tagged = sorted(
        (src for src, roles in getattr(site, "page_roles", {}).items() if role_id in roles and src != page),
        key=lambda s: _title(site, s).lower(),
    )
    listed = {i.page for i in r.matters}
    more = [s for s in tagged if s not in listed]
    if more:
        links = "".join(f'<li><a href="{esc_attr(relative(page, s))}">{esc(_title(site, s))}</a></li>' for s in more)
        parts.append(f'## Also for {esc(r.plural)} {{ #more }}\n\n<ul class="role-more">{links}</ul>\n')
    return "\n".join(parts)
