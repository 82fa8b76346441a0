"""Check every id that a page passes to a macro, before the engine renders anything.

The engine stops at the first macro error, so a page with two wrong ids (or two
pages with one each) would take an editor one build per mistake. This reads each
page's ``{{ macro('id' ...) }}`` calls and reports every unknown id at once, with
the same message the macro itself would give (naming the page and the nearest id).
Calls whose first argument is not a plain quoted id are left to the macro.
"""

from __future__ import annotations

import re
from pathlib import Path

from .lookup import UnknownId, get

# macro name -> which data the first argument is an id in
MACRO_KINDS = {
    "stat": "statistics",
    "stat_card": "statistics",
    "link": "links",
    "source": "links",
    "tool_card": "tools",
    "area": "areas",
    "area_contacts": "areas",
    "case_review": "case_reviews",
    "contact": "contacts",
    "term": "glossary",
    "role_page": "roles",
    "share_panel": "share",
}
_CALL = re.compile(r"\{\{-?\s*(" + "|".join(MACRO_KINDS) + r")\(\s*(['\"])([^'\"\n]*)\2")


_ANY_CALL = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)\s*\(")
BUILTINS = {"context", "macros_info", "now", "fix_url", "range", "dict", "lipsum", "cycler", "joiner", "namespace"}


def _known_macros() -> set[str]:
    from . import MACROS  # lazily: this module is loaded while the package is

    return {fn.__name__ for fn in MACROS} | BUILTINS


def template_syntax_error(text: str) -> tuple[int, str] | None:
    """(line in the file, what is wrong) for the first {{ ... }} or {% ... %} the macros plugin could not
    read in a page's text (front matter included, as in the file), or None."""
    import jinja2

    lines = text.splitlines()
    body_start = 0  # lines before the page's text: the front matter, with both '---' lines
    if lines and lines[0].startswith("---"):
        body_start = next((n + 1 for n in range(1, len(lines)) if lines[n].startswith("---")), 0)
    body = "\n".join(lines[body_start:])
    try:
        jinja2.Environment().parse(body)
    except jinja2.TemplateSyntaxError as exc:
        return body_start + (exc.lineno or 1), exc.message or "cannot be read"
    return None


def check_page_ids(site, docs_dir: Path) -> list[str]:
    import difflib

    errors = []
    known = _known_macros()
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        if src.startswith("_data/"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        broken = template_syntax_error(text)
        if broken:
            number, problem = broken
            line = text.splitlines()[number - 1].strip() if number <= len(text.splitlines()) else ""
            errors.append(
                f"docs/{src}, line {number}: a macro call cannot be read ({problem}): {line[:80]}. Close its "
                "brackets and quotes, e.g. {{ tool_card('dadpad') }}; to show {{ as text, write {{ '{{' }}."
            )
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _ANY_CALL.finditer(line):
                if match.group(1) not in known:
                    close = difflib.get_close_matches(match.group(1), sorted(known), n=1)
                    hint = f"Did you mean '{close[0]}'?" if close else "Check the name in the README."
                    errors.append(f"docs/{src}, line {number}: there is no macro called '{match.group(1)}'. {hint}")
            for match in _CALL.finditer(line):
                macro, entry_id = match.group(1), match.group(3)
                kind = MACRO_KINDS[macro]
                if not getattr(site, kind, None):
                    continue  # that data file is missing or empty: reported as such
                try:
                    get(site, kind, entry_id, src)
                except UnknownId as exc:
                    errors.append(f"{exc} (line {number}: {macro}('{entry_id}'))")
    return errors
