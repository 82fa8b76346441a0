"""The pages' sources, read once: each page's text, its front matter and its section ids.

``read_pages(docs_dir)`` reads every page (macros.data.pages.page_paths) once; the project model
(macros/project.py) holds the result, and the data check (macros/data/load.py) resolves page paths and
#anchors against it. ``section_ids`` is the one answer to "what are a page's section ids".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify

from macros.data.pages import page_paths
from macros.data.yamlfiles import read_front_matter, read_text
from macros.render.urls import page_url

# '{ #id }' (attr_list) and id="..." (HTML in a page); a heading without an explicit id gets its slug.
_EXPLICIT_ID = re.compile(r"\{[^}\n]*#([A-Za-z0-9_-]+)[^}\n]*\}|\bid=\"([^\"]+)\"")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")


def section_ids(text: str) -> set[str]:
    """The section ids a page's Markdown defines: '{ #id }', id="..." and plain headings' slugs (as the
    toc extension makes them, mkdocs.yml keeping its default slugify). Sections a macro writes are
    checked on the built pages instead (macros/publish/check_links.py)."""
    ids = {a or b for a, b in _EXPLICIT_ID.findall(text)}
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m and not m.group(3):
            ids.add(slugify(m.group(2), "-"))
    return ids


@dataclass(frozen=True)
class Page:
    """One page: its source path under docs/ ('tools/icon.md'), its file, its text and its front matter."""

    src: str
    path: Path
    meta: dict = field(default_factory=dict)  # {} when it has none or it cannot be read
    problem: str | None = None  # what is wrong with the front matter (the data check reports it)
    text: str | None = None  # None when it is not UTF-8 text (``problem`` says so)

    @property
    def address(self) -> str:
        """Its site path: '/', '/bruising/', '/tools/icon/'."""
        return "/" + page_url(self.src)

    @property
    def section_ids(self) -> set[str]:
        return section_ids(self.text or "")


def read_pages(docs_dir: Path) -> dict[str, Page]:
    """Every page (macros.data.pages.page_paths) by its path under docs/, read once."""
    pages = {}
    for path in page_paths(docs_dir):
        src = path.relative_to(docs_dir).as_posix()
        try:
            text = _text_or_none(path)
            meta, problem = read_front_matter(path)
        except OSError as exc:
            meta, problem, text = None, f"cannot be read ({exc})", None
        pages[src] = Page(src=src, path=path, meta=meta if meta is not None else {}, problem=problem, text=text)
    return pages


def _text_or_none(path: Path) -> str | None:
    try:
        return read_text(path)
    except UnicodeDecodeError:
        return None
