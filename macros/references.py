"""Small helpers the data checks share: how a file is named in a message, and the check that an id
one data file uses is an entry of another (with the nearest id as a suggestion)."""

from __future__ import annotations

from pathlib import Path

from .suggest import closest


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


def check_ref(errors: list[str], where: str, kind: str, value, known, filename: str) -> None:
    """Append an error when ``value`` is not an id in ``known`` (the entries of ``filename``)."""
    if not accounted_for(known, value):
        close = closest(value, known)
        hint = f"Did you mean '{close}'?" if close else f"Add an entry with id '{value}' to {filename}."
        errors.append(f"{where}: {kind} '{value}' is not an id in {filename}. {hint}")
