"""Check every id that a page passes to a macro, before the engine renders anything.

The engine stops at the first macro error, so a page with two wrong ids (or two
pages with one each) would take an editor one build per mistake. This reads each
page's ``{{ macro('id' ...) }}`` calls and reports every unknown id at once, with
the same message the macro itself would give (naming the page and the nearest id).
Calls whose first argument is not a plain quoted id are left to the macro.

It also reads each page as the macros plugin will (Jinja), reporting every page
whose {{ ... }} cannot be read and every call with values its macro cannot take
(too many, a setting it does not have, one missing), at the line in the file.

Pages are not trusted to run code: between {{ and }} a page may only call one of the site's
macros (macros/registry.py MACROS) with values written out (quoted words, numbers, true/false),
and nothing else: no {% ... %} statements, no variables, attributes or filters. ``refused``
reads Jinja's own syntax tree (jinja2's parser, not patterns) and lists everything else; the
engine's macros refuse to render a page with any of it (macros/__init__.py). (mkdocs-macros has
no sandbox setting: it builds a plain jinja2 Environment.)
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import jinja2
from jinja2 import nodes

from macros.checks.references import accounted_for
from macros.checks.suggest import closest
from macros.data.lookup import UnknownId, get
from macros.data.pages import page_paths
from macros.registry import MACROS

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


# What a page's own text must not carry (Markdown and raw HTML alike): addresses of other sites
# (they live in links.yml, with their source), links that run code, event-handler attributes
# and embedded content from elsewhere.
_RAW_EXTERNAL = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)|\bhref\s*=\s*[\"']?(https?://[^\"'\s>]+)|<(https?://[^>\s]+)>",
                           re.IGNORECASE)
_UNSAFE_SCHEME = re.compile(r"(?:\]\(\s*<?|\b(?:href|src|action)\s*=\s*[\"']?)\s*(javascript|data|vbscript):", re.IGNORECASE)
_HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE)
_EMBED = re.compile(r"<(iframe|object|embed|frame|frameset|form|base|meta|link|style)\b", re.IGNORECASE)
_SCRIPT_TAG = re.compile(r"<script\b", re.IGNORECASE)


def unsafe_text(line: str) -> list[str]:
    """What is wrong with one line of a page's text, for editors (nothing when it is fine)."""
    found = []
    for match in _RAW_EXTERNAL.finditer(line):
        url = next(g for g in match.groups() if g)
        found.append(
            f"the address '{url}' is typed into the page. Addresses of other sites live in docs/_data/links.yml "
            "(with their source and the date they were checked), so each changes in one place: add an entry "
            "there and write {{ link('its-id') }} here")
    for match in _UNSAFE_SCHEME.finditer(line):
        found.append(f"a '{match.group(1).lower()}:' link runs code or hides content, and is never allowed. Link to "
                     "a page (e.g. bruising.md) or to an entry in docs/_data/links.yml")
    for match in _HANDLER.finditer(line):
        found.append(f"the attribute '{match.group(1)}=' runs a script, and is never allowed (the site's security "
                     "policy would block it anyway): remove it")
    if _SCRIPT_TAG.search(line):
        found.append("a <script> tag is never allowed in a page: the site's own behaviour belongs in "
                     "docs/assets/site.js. Remove it")
    for match in _EMBED.finditer(line):
        found.append(f"a <{match.group(1).lower()}> tag is never allowed in a page (it would embed or change things "
                     "readers cannot trust, and the security policy blocks it): remove it; link to other sites "
                     "through docs/_data/links.yml")
    return found


_ONE_BRACE = re.compile(r"(?<!\{)\{\s*([A-Za-z_]\w*)\s*\(")
_EXAMPLE = "{{ tool_card('dadpad', level=2) }}"


def _excerpt(lines: list[str], number: int) -> str:
    line = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    return line if len(line) <= 80 else line[:79] + "…"


def refused(tree, lines: list[str], first_line: int = 0) -> list[tuple[int, str]]:
    """(line in the file, what is wrong) for everything in the parsed page ``tree`` that is not text or a
    call of one of the site's macros with its values written out. ``lines``: the file's lines;
    ``first_line``: how many come before the text that was parsed (the front matter)."""

    macros = {fn.__name__ for fn in MACROS}
    found = []
    for node in tree.body:
        number = first_line + node.lineno
        if not isinstance(node, nodes.Output):
            found.append((number, f"'{_excerpt(lines, number)}': {{% … %}} (set, for, if, include and the like) is "
                                  f"not allowed in a page, which may only call the site's macros, as in {_EXAMPLE}. "
                                  "Remove it (to show {% as text, write {{ '{%' }})"))
            continue
        for part in node.nodes:
            number = first_line + part.lineno
            if isinstance(part, (nodes.TemplateData, nodes.Const)):
                continue  # text, or {{ '{{' }}
            if isinstance(part, nodes.Call) and isinstance(part.node, nodes.Name):
                name = part.node.name
                if name not in macros:
                    close = closest(name, macros)
                    hint = f"Did you mean '{close}'?" if close else "Check the name in the README."
                    found.append((number, f"there is no macro called '{name}'. {hint}"))
                elif (part.dyn_args or part.dyn_kwargs
                      or not all(isinstance(v, nodes.Const) for v in [*part.args, *(k.value for k in part.kwargs)])):
                    found.append((number, f"'{_excerpt(lines, number)}': the values given to {name}() must be "
                                          "written out (quoted words, numbers, true or false), as in "
                                          f"{_EXAMPLE}"))
                continue
            found.append((number, f"'{_excerpt(lines, number)}': between {{{{ and }}}} a page may only call one of the "
                                  f"site's macros, with its values written out, as in {_EXAMPLE}. Remove it (to show "
                                  "{{ as text, write {{ '{{' }})"))
    return found


def jinja_problems(text: str) -> list[tuple[int, str]]:
    """(line in ``text``, what is wrong) for what the macros plugin must not render in ``text``: what
    Jinja cannot read, and everything ``refused``. (The engine's macros ask this of the very text they
    are about to render.)"""

    try:
        tree = jinja2.Environment().parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return [(exc.lineno or 1, f"a macro call cannot be read ({exc.message or 'cannot be read'})")]
    return refused(tree, text.splitlines())


def _parse(text: str, whole: bool = False):
    """(the page's text parsed as the macros plugin parses it, or None; lines before that text in the
    file; (line in the file, what is wrong) when it cannot be parsed, or None). ``whole``: the whole file,
    its front matter too."""

    lines = text.splitlines()
    body_start = 0  # lines before the page's text: the front matter, with both '---' lines
    if lines and lines[0].startswith("---") and not whole:
        body_start = next((n + 1 for n in range(1, len(lines)) if lines[n].startswith("---")), 0)
    body = "\n".join(lines[body_start:])
    try:
        return jinja2.Environment().parse(body), body_start, None
    except jinja2.TemplateSyntaxError as exc:
        return None, body_start, (body_start + (exc.lineno or 1), exc.message or "cannot be read")


def usage(fn) -> str:
    """How an editor calls a macro: tool_card('tool_id', level=3)."""

    shown = []
    for param in list(inspect.signature(fn).parameters.values())[1:]:  # (not site: the site passes it)
        if param.name == "page" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        shown.append(f"'{param.name}'" if param.default is param.empty else f"{param.name}={param.default!r}")
    return f"{fn.__name__}({', '.join(shown)})"


def call_problems(text: str, macros: dict, parsed=None) -> list[tuple[int, str]]:
    """(line in the file, what is wrong) for each call of one of ``macros`` (name -> function) with
    arguments the function cannot take: too many, too few, or a name it does not have."""

    tree, body_start, _ = parsed or _parse(text)
    if tree is None:
        return []
    found = []
    for call in tree.find_all(nodes.Call):
        fn = macros.get(call.node.name) if isinstance(call.node, nodes.Name) else None
        if fn is None or call.dyn_args is not None or call.dyn_kwargs is not None:
            continue
        given = [kw.key for kw in call.kwargs]
        signature = inspect.signature(fn)
        try:  # as the site calls it (macros/__init__.py: fn(site, *args, page=..., **kwargs))
            signature.bind(None, *call.args, **{key: None for key in given if key != "page"}, page=None)
            problem = "page is filled in by the site: leave it out" if "page" in given else None
        except TypeError as exc:
            problem = _plain_call_error(str(exc), signature)
        if problem:
            found.append((body_start + call.lineno, f"{fn.__name__}(): {problem}. Write it as {usage(fn)}"))
    return found


def _plain_call_error(message: str, signature) -> str:
    names = [p for p in list(signature.parameters)[1:] if p != "page"]
    unexpected = re.search(r"unexpected keyword argument '(\w+)'", message)
    if unexpected:
        close = closest(unexpected.group(1), names)
        return f"it has no setting called '{unexpected.group(1)}'" + (f" (did you mean '{close}'?)" if close else "")
    missing = re.search(r"missing a required argument: '(\w+)'", message)
    if missing:
        return f"it needs the {missing.group(1).replace('_', ' ')}"
    if "multiple values" in message or "too many positional" in message:
        return "it was given more values than it takes"
    return message


def check_macro_calls(site, docs_dir: Path) -> list[str]:
    errors = []
    macros = {fn.__name__: fn for fn in MACROS}
    for path in page_paths(docs_dir):
        src = path.relative_to(docs_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        parsed = _parse(text)  # once: the checks below share it
        if parsed[0] is not None:
            for number, problem in refused(parsed[0], text.splitlines(), parsed[1]):
                errors.append(f"docs/{src}, line {number}: {problem}{'' if problem.endswith('?') else '.'}")
        for number, problem in call_problems(text, macros, parsed):
            errors.append(f"docs/{src}, line {number}: {problem}.")
        broken = parsed[2]
        if parsed[1]:  # the front matter too: the engine renders the whole file when its own reader of the
            #            front matter fails (as on a date such as 2025-02-31 in a field that is not a date).
            #            Its values are plain text (macros/data/pages.py says so); its comments are checked here.
            whole, lines = _parse(text, whole=True), text.splitlines()
            if whole[0] is not None:
                for number, problem in refused(whole[0], lines):
                    if number <= parsed[1] and lines[number - 1].lstrip().startswith("#"):
                        errors.append(f"docs/{src}, line {number}: {problem}{'' if problem.endswith('?') else '.'}")
            elif not broken:
                broken = whole[2]
        if broken:
            number, problem = broken
            line = text.splitlines()[number - 1].strip() if number <= len(text.splitlines()) else ""
            if "{#" in line and "comment" in problem:
                fix = "A heading's id is written with a space after the brace: { #your-id }"
            elif any(q in line for q in "‘’“”"):
                fix = "Use straight quotes inside {{ }}, as in {{ tool_card('dadpad') }}: curly quotes are for text"
            else:
                fix = "Close its brackets and quotes, e.g. {{ tool_card('dadpad') }}; to show {{ as text, write {{ '{{' }}"
            errors.append(f"docs/{src}, line {number}: a macro call cannot be read ({problem}): {line[:80]}. {fix}.")
        body_start = parsed[1]  # (front matter is checked by macros/data/pages.py)
        for number, line in enumerate(text.splitlines(), start=1):
            if number <= body_start:
                continue
            for problem in unsafe_text(line):
                errors.append(f"docs/{src}, line {number}: {problem}.")
            for match in _ONE_BRACE.finditer(line):
                if match.group(1) in macros:
                    errors.append(f"docs/{src}, line {number}: '{{ {match.group(1)}(' has one brace, so readers would "
                                  f"see the text. Write two on each side: {{{{ {match.group(1)}(…) }}}}.")
            for match in _CALL.finditer(line):
                macro, entry_id = match.group(1), match.group(3)
                kind = MACRO_KINDS[macro]
                if not getattr(site, kind, None) or accounted_for(getattr(site, kind), entry_id):
                    continue  # an entry that loaded, or one whose own problem (or its file's) is reported already
                try:
                    get(site, kind, entry_id, src)
                except UnknownId as exc:
                    errors.append(f"{exc} (line {number}: {macro}('{entry_id}'))")
    return errors
