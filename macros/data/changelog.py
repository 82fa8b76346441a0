"""The changelog (docs/_data/changelog.yml): every change, and each page's latest significant change.
(The pages a change names are checked with every other reference: macros/checks/references.py.)"""

from __future__ import annotations


def changes(site) -> list:
    """Every change, newest first (by date; the file's order breaks ties)."""
    entries = list(getattr(site, "changelog", {}).values())
    return sorted(entries, key=lambda c: c.date, reverse=True)


def latest_change(site, src: str):
    """The newest significant change to page ``src`` (a change naming it, or one to the whole site)."""
    for c in changes(site):
        if c.significant and (not c.pages or src in c.pages):
            return c
    return None
