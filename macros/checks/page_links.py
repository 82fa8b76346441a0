"""The menu and the links between pages, checked on the sources before the engine runs.

The engine would stop on the same mistakes with messages in its own words; these say, for
editors, what to write instead. Both are resolved against the project's pages (``pages``:
macros.data.page_sources.read_pages), as the data's page paths are (macros/checks/references.py). Sections
(#anchors) of links between pages are checked after the engine, on the built pages
(macros/publish/check_links.py), because macros write some of the headings they point to.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from macros.data.pages import nearest_page

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")
_MD_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _nav_targets(nav) -> list[str]:
    """Every page path the menu names, in order."""
    found = []
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += _nav_targets(value)
    return [t for t in found if "://" not in t]


def check_menu(docs_dir: Path, conf: dict, pages: dict) -> list[str]:
    """Every menu entry is a page, and every page is in the menu."""
    errors = []
    named = _nav_targets(conf.get("nav") or [])
    for target in named:
        if target not in pages:
            close = nearest_page(docs_dir, target)
            hint = f"Did you mean '{close}'?" if close else "Write the page's path under docs/, e.g. tools/icon.md."
            errors.append(f"mkdocs.yml, nav: the entry '{target}' is not a page under docs/. {hint}")
    if conf.get("nav"):
        for src in pages:
            if src not in named:
                errors.append(f"docs/{src} is not in the site's menu, so readers cannot reach it: add it to nav: in "
                              "mkdocs.yml, under the section it belongs to (or delete it if it is not to be published).")
    return errors


def _links(text: str):
    """(line number, link target) of each Markdown link in a page, outside code."""
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            for match in _MD_LINK.finditer(_CODE_SPAN.sub("", line)):
                yield number, match.group(1)


def check_links(docs_dir: Path, pages: dict) -> list[str]:
    """Every Markdown link from one page to another leads to a page (with the nearest page suggested)."""
    errors = []
    for src, page in pages.items():
        folder = posixpath.dirname(src)
        for _, target in _links(page.text or ""):
            file, _, anchor = target.partition("#")
            if not file.endswith(".md") or ":" in file.split("/", 1)[0]:
                continue  # a section of the same page, another kind of file, or another site (refused elsewhere)
            wanted = posixpath.normpath(posixpath.join(folder, file))
            if wanted in pages:
                continue
            close = nearest_page(docs_dir, wanted)
            section = f"#{anchor}" if anchor else ""
            hint = (f"Did you mean '{posixpath.relpath(close, folder or '.')}{section}'?" if close else
                    "Link to a page's .md file")
            errors.append(f"docs/{src}: the link '{target}' leads to no page. {hint} (Links are written from the "
                          "page's own folder: from a page in tools/, the bruising page is ../bruising.md.)")
    return errors
