"""Checks for the practitioner features: routes by role, search aliases, sharing with families.

Called by ``macros.data.load.load`` (so ``make check`` and the build both run them). The pages, sections,
tools and links that roles, search aliases and shared resources name, and the roles a page's front matter
names, are declared on their fields (macros/data/schema.py) and resolved with every other reference
(macros/checks/references.py). Here:

- glossary terms can be shown as abbreviations (no brackets or line breaks).

``practice_gaps`` lists what is still missing for the build's report: contacts
not checked for more than six months and resources with no official address.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from macros.checks.contacts import STALE_AFTER_MONTHS, stale_contacts
from macros.checks.references import shown_path


def check_practice(site, root: Path) -> list[str]:
    errors: list[str] = []
    data = shown_path(site.docs_dir / "_data", root)
    for t in site.glossary.values():
        for name in ("term", "expansion"):
            value = getattr(t, name) or ""
            if any(ch in value for ch in "[]\\\n\r"):
                errors.append(
                    f"{data}/glossary.yml, entry '{t.id}', field '{name}': must not contain [ ] \\ or a line break "
                    "(it is shown as a tooltip on every page)."
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
