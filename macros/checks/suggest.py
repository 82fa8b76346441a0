"""The one "did you mean?": the known name nearest to what an editor wrote.

Used by every message that suggests a correction (ids, fields, macros, settings, sections,
pages). Two cut-offs, for two kinds of name: short names and ids (a typo or two), and page
paths, which share long prefixes (tools/…), so only a close spelling counts.
"""

from __future__ import annotations

import difflib

NAME_CUTOFF = 0.6  # ids, fields, macro names, settings, section ids
PATH_CUTOFF = 0.85  # page paths under docs/


def closest(word: str, choices, cutoff: float = NAME_CUTOFF) -> str | None:
    """The choice nearest to ``word``, or None when none is near enough."""
    found = difflib.get_close_matches(str(word), sorted(str(c) for c in choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def nearest(word: str, choices) -> str:
    """A hint naming the choice nearest to ``word``, or listing the choices."""
    close = closest(word, choices)
    if close:
        return f"Did you mean '{close}'?"
    choices = sorted(choices)
    shown = ", ".join(choices[:12]) + (" …" if len(choices) > 12 else "")
    return f"Known ids: {shown}."
