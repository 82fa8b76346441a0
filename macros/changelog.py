"""The changelog (docs/_data/changelog.yml): checks, and each page's latest significant change."""

from __future__ import annotations

from pathlib import Path


def changes(site) -> list:
    """Every change, newest first (by date; the file's order breaks ties)."""
    entries = list(getattr(site, "changelog", {}).values())
    return sorted(entries, key=lambda c: c.date, reverse=True)


def check_changelog(site, root: Path) -> list[str]:
    """Every page a change names must exist."""
    errors = []
    for c in getattr(site, "changelog", {}).values():
        for page in c.pages:
            if not (site.docs_dir / page).is_file():
                errors.append(
                    f"docs/_data/changelog.yml, entry '{c.id}', field 'pages': the page '{page}' does not exist "
                    "under docs/. Give a path such as bruising.md, or write [] for the whole site."
                )
    return errors


def latest_change(site, src: str):
    """The newest significant change to page ``src`` (a change naming it, or one to the whole site)."""
    for c in changes(site):
        if c.significant and (not c.pages or src in c.pages):
            return c
    return None
