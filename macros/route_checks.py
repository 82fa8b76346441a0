"""Checks for the practitioner features: routes by role, search aliases, sharing with families.

Called by ``macros.data.load`` (so ``make check`` and the build both run them):

- every role a page's front matter names (``roles: [midwife, gp]``) is in roles.yml;
- every page, section, tool and contact a role names exists;
- every search alias points at a page (and section) that exists;
- every shared resource names a link in links.yml;
- glossary terms can be shown as abbreviations (no brackets or line breaks).

``practice_gaps`` lists what is still missing for the build's report: contacts
not checked for more than six months and resources with no official address.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .contact_checks import STALE_AFTER_MONTHS, stale_contacts
from .references import accounted_for, check_ref, shown_path
from .pages import _front_matter, is_page, nearest_page, page_paths
from .suggest import closest
_EXPLICIT_ID = re.compile(r"\{[^}\n]*#([A-Za-z0-9_-]+)[^}\n]*\}|\bid=\"([^\"]+)\"")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")


def _slug(text: str) -> str:
    from markdown.extensions.toc import slugify

    return slugify(text, "-")


def page_anchors(docs_dir: Path, page: str) -> set[str]:
    """The section ids a page's Markdown defines: '{ #id }' and id="..." and plain headings' slugs."""
    text = (docs_dir / page).read_text(encoding="utf-8")
    ids = {a or b for a, b in _EXPLICIT_ID.findall(text)}
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m and not m.group(3):
            ids.add(_slug(m.group(2)))
    return ids


def page_roles(docs_dir: Path) -> tuple[dict[str, list], list[str]]:
    """Each page's `roles:` from its front matter, and one error per page whose roles are not a list."""
    out, errors = {}, []
    for path in page_paths(docs_dir):
        src = path.relative_to(docs_dir).as_posix()
        meta, problem, _ = _front_matter(path)
        if problem or not meta or meta.get("roles") is None:
            continue
        roles = meta["roles"]
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            errors.append(f"docs/{src}: roles must be a list of role ids, e.g. roles: [midwife, gp]")
            continue
        out[src] = roles
    return out, errors


def check_practice(site, root: Path) -> list[str]:
    errors: list[str] = []
    docs_dir = site.docs_dir
    data = shown_path(docs_dir / "_data", root)

    def target_ok(where: str, page: str, anchor: str | None) -> None:
        """``where`` names the entry (and item) up to the field: ", field 'page'" or 'anchor' is added here."""
        if not is_page(docs_dir, page):
            close = nearest_page(docs_dir, page)
            hint = f"Did you mean '{close}'?" if close else "Give a path under docs/, such as bruising.md."
            errors.append(f"{where}, field 'page': the page '{page}' does not exist under docs/. {hint}")
            return
        if anchor:
            known = page_anchors(docs_dir, page)
            if anchor not in known:
                close = closest(anchor, known)
                hint = (f"Did you mean '{close}'?" if close else
                        f"Write one of the page's sections ({', '.join(sorted(known)[:8]) or 'it has none'}), "
                        "give the heading an id by writing { #your-id } at the end of it, or remove anchor.")
                errors.append(f"{where}, field 'anchor': the section '#{anchor}' is not on the page '{page}'. {hint}")

    for r in site.roles.values():
        where = f"{data}/roles.yml, entry '{r.id}'"
        for number, item in enumerate(r.matters, start=1):
            target_ok(f"{where}, field 'matters', item {number}", item.page, item.anchor)
        where += ", field"
        for t in r.tools:
            check_ref(errors, f"{where} 'tools'", "tool", t, site.tools, "tools.yml")
    for a in site.search_aliases.values():
        target_ok(f"{data}/search_aliases.yml, entry '{a.id}'", a.page, a.anchor)
    for s in site.share.values():
        if s.link is not None:
            check_ref(errors, f"{data}/share.yml, entry '{s.id}', field 'link'", "link", s.link, site.links, "links.yml")
    for t in site.glossary.values():
        for name in ("term", "expansion"):
            value = getattr(t, name) or ""
            if any(ch in value for ch in "[]\\\n\r"):
                errors.append(
                    f"{data}/glossary.yml, entry '{t.id}', field '{name}': must not contain [ ] \\ or a line break "
                    "(it is shown as a tooltip on every page)."
                )

    roles_by_page, role_errors = page_roles(docs_dir)
    errors.extend(role_errors)
    site.page_roles = roles_by_page
    for src, roles in roles_by_page.items():
        for role in roles:
            if not accounted_for(site.roles, role):

                close = closest(role, site.roles)
                hint = f"Did you mean '{close}'?" if close else f"Known roles: {', '.join(site.roles)}."
                errors.append(
                    f"docs/{src}: the role '{role}' in its front matter (roles:) is not an id in "
                    f"docs/_data/roles.yml. {hint}"
                )
    return errors


def practice_gaps(site, today: dt.date | None = None) -> list[str]:
    out = []
    for c in stale_contacts(site, today):
        out.append(
            f"contacts.yml '{c.id}': number {c.phone} was last checked on {c.checked_on.isoformat()}, "
            f"more than {STALE_AFTER_MONTHS} months ago — readers are told to check it before use; check it again "
            "at its source and update checked_on"
        )
    for s in site.share.values():
        if s.link is None:
            out.append(f"share.yml '{s.id}': no official resource to share with families yet — {s.gap}")
        elif s.link in site.links and site.links[s.link].url is None:
            out.append(f"share.yml '{s.id}': its link '{s.link}' has no address yet, so no QR code is shown")
    return out
