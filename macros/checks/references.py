"""References between files, declared on the data models' fields and resolved in one loop.

A field that names something in another file says so in its type (macros/data/schema.py):

    source: Annotated[str, RefersTo("links.yml", "source")]      an id in links.yml
    page: Annotated[str, PageRef()]                               a page under docs/
    anchor: Annotated[Optional[str], SectionOf("page")]           a section id on the page named by 'page'

``resolve(files, pages, data)`` walks every entry that loaded (lists and nested models too), and
checks each declared value against what loaded: the entries of the other data files (``Entries``)
and the project's pages with their section ids (macros/data/page_sources.py). Follow-on errors are
suppressed by what loaded, not by what was said: an id whose entry was refused, or that names a
file that could not be read, is not reported again (``accounted_for``); an anchor on a page that
does not exist is not checked (the page's own message says it).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from macros.checks.suggest import closest


def shown_path(path: Path, root: Path) -> str:
    """``path`` as editors see it in a message: relative to the project when it is inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


class Entries(dict):
    """One data file's entries that loaded, by id. Also what its own errors already said: the ids of
    entries that were refused, and whether the file could not be read at all. A reference to one of
    those is not reported again: the editor fixes the entry (or the file) once."""

    refused: frozenset = frozenset()
    unreadable: bool = False


def accounted_for(known, value) -> bool:
    """True when ``value`` is an entry of ``known``, or one whose own problem is already reported."""
    return value in known or value in getattr(known, "refused", ()) or getattr(known, "unreadable", False)


# --- what a field may declare ----------------------------------------------------------------------

@dataclass(frozen=True)
class RefersTo:
    """The value (or each value of a list) is the id of an entry in ``file``; ``kind`` is what the
    message calls it ("source 'x' is not an id in links.yml")."""

    file: str
    kind: str


@dataclass(frozen=True)
class PageRef:
    """The value (or each value of a list) is a page, as a path under docs/ (bruising.md). ``hint`` is
    the fix shown when no page is near enough to suggest."""

    hint: str = "Give a path under docs/, such as bruising.md."


@dataclass(frozen=True)
class SectionOf:
    """The value is a section id on the page named by the same entry's field ``page_field``."""

    page_field: str = "page"


MARKERS = (RefersTo, PageRef, SectionOf)


def declared(model: type[BaseModel]) -> dict[str, tuple]:
    """{field name: its reference markers} for the fields of ``model`` that declare any."""
    out = {}
    for name, info in model.model_fields.items():
        found = tuple(m for m in info.metadata if isinstance(m, MARKERS))
        if found:
            out[name] = found
    return out


def references(entry: BaseModel, where: str):
    """(where, marker, value, the model holding the field) for every declared reference in ``entry``,
    its lists and its nested models. ``where`` names the entry; each field (and list item of nested
    models) is added to it as editors are told: "…, field 'matters', item 2, field 'page'"."""
    markers = declared(type(entry))
    for name in type(entry).model_fields:
        value = getattr(entry, name, None)  # (None: not given, or left out as wrong: its own message says so)
        if value is None:
            continue
        here = f"{where}, field '{name}'"
        values = value if isinstance(value, list) else [value]
        for marker in markers.get(name, ()):
            for item in values:
                yield here, marker, item, entry
        for number, item in enumerate(values, start=1):
            if isinstance(item, BaseModel):
                yield from references(item, f"{here}, item {number}" if isinstance(value, list) else here)


# --- resolving them --------------------------------------------------------------------------------

FEW = 8  # a file with this many entries or fewer is named in full when no id is close


def id_problem(kind: str, value, known, filename: str) -> str | None:
    """What is wrong with ``value`` as an id in ``filename`` (``known``: its Entries), or None."""
    if accounted_for(known, value):
        return None
    close = closest(value, known)
    if close:
        hint = f"Did you mean '{close}'?"
    elif 0 < len(known) <= FEW:  # a short controlled list (roles, areas): name them all
        hint = f"Write one of: {', '.join(known)} (or add an entry with id '{value}' to {filename})."
    else:
        hint = f"Add an entry with id '{value}' to {filename}."
    return f"{kind} '{value}' is not an id in {filename}. {hint}"


def outside_docs(page: str) -> bool:
    """True when ``page`` does not stay under docs/ (../, a leading /, a drive or a backslash)."""
    text = str(page)
    return (text.startswith("/") or "\\" in text or ":" in text
            or posixpath.normpath(text).split("/", 1)[0] == "..")


def page_problem(page, pages, hint: str = PageRef.hint, nearest=None) -> str | None:
    """What is wrong with ``page`` as a page under docs/ (``pages``: the project's pages, by path under
    docs/), or None. ``nearest(page)``: the page the editor most likely meant, or None."""
    if page in pages:
        return None
    if outside_docs(page):
        return (f"the page '{page}' is outside docs/, and only pages of this site can be named. "
                "Write its path from docs/, without ../ or a leading /, such as bruising.md.")
    close = nearest(page) if nearest else closest(page, pages)
    return f"the page '{page}' does not exist under docs/. " + (f"Did you mean '{close}'?" if close else hint)


def section_problem(anchor: str, page: str, known: set[str]) -> str | None:
    """What is wrong with ``anchor`` as a section id on ``page`` (whose section ids are ``known``)."""
    if anchor in known:
        return None
    close = closest(anchor, known)
    hint = (f"Did you mean '{close}'?" if close else
            f"Write one of the page's sections ({', '.join(sorted(known)[:8]) or 'it has none'}), "
            "give the heading an id by writing { #your-id } at the end of it, or remove anchor.")
    return f"the section '#{anchor}' is not on the page '{page}'. {hint}"


def resolve(files: dict[str, Entries], pages: dict, data: str, nearest=None,
            front_matter: dict | None = None) -> list[str]:
    """One message for each declared reference, in any entry that loaded, to something that is not there.

    ``files``: each data file's Entries, by file name ('links.yml'), in the order files are checked;
    ``pages``: the project's pages by path under docs/ (each with ``section_ids``); ``data``: the data
    folder as messages name it ('docs/_data'); ``nearest``: the nearest-page suggester; ``front_matter``:
    each page's checked front matter (macros.data.pages.check_page), by its path under docs/."""
    errors = []
    entries = [(f"{data}/{filename}, entry '{entry.id}'", entry) for filename, known in files.items()
               for entry in known.values()]
    entries += [(f"docs/{src}, front matter", model) for src, model in (front_matter or {}).items()]
    for name, entry in entries:
        for where, marker, value, holder in references(entry, name):
            if isinstance(marker, RefersTo):
                problem = id_problem(marker.kind, value, files.get(marker.file, Entries()), marker.file)
            elif isinstance(marker, PageRef):
                problem = page_problem(value, pages, marker.hint, nearest)
            else:
                page = getattr(holder, marker.page_field)
                problem = section_problem(value, page, pages[page].section_ids) if page in pages else None
            if problem:
                errors.append(f"{where}: {problem}")
    return errors
