"""Reading YAML the one way the project needs it: data files, page front matter, mkdocs.yml.

- ``TextDates``: a safe loader (libyaml's parser when available) that keeps dates
  as text, so a schema can report an impossible date such as 2025-02-31 instead
  of PyYAML crashing on it, and that refuses a field written twice in one entry.
- ``front_matter(path)``: a page's front matter as a dict ({} when it has none or
  it cannot be read; macros/data/pages.py reports those problems to editors).
- ``read_config(root)``: mkdocs.yml, ignoring tags only the engine understands, and refusing the
  ``!!python/...`` tags with which the engine's own reader would run code.

Every loader here refuses aliases (``*name``) that repeat more than ALIAS_LIMIT values (a "billion
laughs"): PyYAML has no such limit of its own, and such a file would make every check hang.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# How many values aliases (*name) may repeat in one file or front matter. A few repeated entries are
# harmless; a "billion laughs" (aliases of aliases) repeats millions and hangs every check.
ALIAS_LIMIT = 1000


class EditorYAMLError(yaml.constructor.ConstructorError):
    """A YAML file that parses but is refused; ``problem`` is the whole message for editors."""


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_aliases(root) -> None:
    """Raise EditorYAMLError when aliases in the composed document ``root`` repeat more than ALIAS_LIMIT
    values, or when a value contains itself. Each node is visited once (sizes are remembered), so this
    takes as long as the file is, not as long as its expansion."""
    sizes: dict[int, int] = {}  # id(node) -> how many values it holds, aliases written out
    repeated: list = []  # nodes reached again through an alias
    open_nodes: set[int] = set()  # the nodes being counted (the path from the root)
    stack = [(root, False)]
    while stack:
        node, counted = stack.pop()
        key = id(node)
        if counted:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            repeated.append(node)
            continue
        if key in open_nodes:
            raise EditorYAMLError(None, None, "an alias (*name) here refers to the value it is part of, so the "
                                  "value never ends. Write the value out instead of using & and *", node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    if sizes[id(root)] - len(sizes) > ALIAS_LIMIT:
        worst = max(repeated, key=lambda n: sizes[id(n)])
        raise EditorYAMLError(None, None, f"the aliases (*name) here repeat more than {ALIAS_LIMIT:,} values (the "
                              "file would take minutes to read). Write the values out instead of using & and *",
                              worst.start_mark)


class _AliasLimit:
    """Checks the composed document (check_aliases) before building any value from it."""

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        self.check_node(node)
        return self.construct_document(node)

    def check_node(self, node) -> None:
        check_aliases(node)


class TextDates(_AliasLimit, _SafeBase):
    """Safe YAML with dates kept as text and duplicate fields refused."""


TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping_no_duplicates(loader, node, deep=False):
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"the field '{key}' appears twice in one entry", key_node.start_mark
            )
        keys.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


TextDates.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_no_duplicates)


# The !!python/... tags mkdocs.yml may use (e.g. Material's emoji settings,
# "tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji"), each in full: none at present.
# The engine reads mkdocs.yml with PyYAML's full loader, which runs any other such tag as Python.
ENGINE_PYTHON_TAGS: frozenset[str] = frozenset()
_PYTHON_TAG = "tag:yaml.org,2002:python/"


class AnyTags(_AliasLimit, _SafeBase):
    """Reads mkdocs.yml even with !ENV tags or the allowed python tags (their values are not needed here);
    refuses every other !!python/... tag, listing each."""

    def check_node(self, node) -> None:
        check_aliases(node)  # (first: the walk below would otherwise follow every alias)
        found, seen, stack = [], set(), [node]
        while stack:
            item = stack.pop()
            if id(item) in seen:
                continue
            seen.add(id(item))
            if item.tag.startswith(_PYTHON_TAG) and item.tag not in ENGINE_PYTHON_TAGS:
                found.append(item)
            stack.extend(_children(item))
        if found:
            found.sort(key=lambda n: n.start_mark.line)
            where = ", ".join(f"line {n.start_mark.line + 1} (!!{n.tag.removeprefix('tag:yaml.org,2002:')[:60]})"
                              for n in found)
            raise EditorYAMLError(
                None, None, f"a !!python tag makes the engine run Python code when it reads mkdocs.yml, so it is "
                f"never allowed: {where}. Write the plain value instead (e.g. copyright: Text), or remove the line",
                found[0].start_mark)


AnyTags.add_multi_constructor("", lambda loader, suffix, node: None)
AnyTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


# What the YAML parser's complaints usually mean, in an editor's words (first match wins).
_YAML_HINTS = (
    ("tab", "a tab character: YAML is indented with spaces only. Replace the tab at the start of the line "
            "with spaces, lining the field up with the ones above it"),
    ("mapping values are not allowed", "a colon followed by a space inside a value, or a line indented "
            "further than the field above it. Put a value that holds ': ' in quotes (e.g. title: 'Bruising: what "
            "to do'), or line the field up with the ones above it"),
    ("expected '-' indicator", "a line indented less than the fields of its entry. Line it up with the "
            "fields above it (each entry starts with '- id:', its other fields two spaces in)"),
    ("expected key", "a line that does not fit the entry it is in: often a quote inside a quoted value (inside "
            "'…' write an apostrophe twice, as in 'baby''s', or put the value in double quotes) or a line "
            "indented differently from the fields above it"),
    ("cannot start any token", "a value starting with a character YAML keeps for itself (such as @ ` % or "
            "!). Put the value in quotes"),
    ("undefined alias", "a value starting with * or &, which YAML keeps for itself. Put the value in quotes"),
    ("expected node content", "a value starting with a character YAML keeps for itself ([ { * & ! % @ or `), or "
            "a bracket [ or { that is never closed. Close the bracket, or put the value in quotes"),
    ("expected <block end>", "a line indented differently from the lines around it. Line the field up with the "
            "fields of the same entry above it (each entry starts with '- id:')"),
    ("could not find expected ':'", "a field without a colon, or a value carried onto the next line. Write "
            "'field: value' on one line, or put a long value in quotes"),
    ("expected alphabetic or numeric character", "a value starting with * or &, which YAML keeps for itself. "
            "Put the value in quotes"),
)


def _unclosed_bracket(text: str, before_line: int) -> int | None:
    """The first line before ``before_line`` that opens more [ or { than it closes."""
    for number, line in enumerate(text.splitlines()[: before_line - 1], start=1):
        code = line.split(" #")[0]
        if code.count("[") > code.count("]") or code.count("{") > code.count("}"):
            return number
    return None


def _unclosed_double_quote(text: str, before_line: int) -> int | None:
    """The first line before ``before_line`` with an odd number of double quotes (a quote left open)."""
    for number, line in enumerate(text.splitlines()[: before_line - 1], start=1):
        if line.lstrip().startswith("#"):
            continue
        if (line.count('"') - line.count('\\"')) % 2:
            return number
    return None


_BLOCK_START = re.compile(r":\s*[>|][+-]?\d*\s*$")


def hidden_comments(text: str) -> list[tuple[int, str]]:
    """(line, the text YAML would drop) for each value with ' #' in it that is not in quotes: YAML reads
    the rest of the line as a comment, so the value is silently cut short (or lost, as in 'note: #1')."""
    found = []
    block_indent = None  # inside a >- or | block, where '#' is text
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#") or stripped.startswith("---"):
            continue
        if _BLOCK_START.search(line):
            block_indent = indent
            continue
        match = re.match(r"^\s*(?:-\s+)?(?:[\w-]+:(?:\s+|$))?(.*)$", line)
        value = match.group(1) if match else stripped
        if not value or value[0] in "\"'":
            continue
        if value.startswith("#") or " #" in value or "\t#" in value:
            cut = value[value.index("#") if value.startswith("#") else value.index(" #") + 1:]
            found.append((number, cut))
    return found


def explain_yaml_error(exc: "yaml.MarkedYAMLError", text: str = "") -> tuple[int | None, str]:
    """(line, what is wrong and how to fix it) for a YAML syntax error, in an editor's words.
    ``text``, the YAML itself, lets it find where an unclosed bracket was opened."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "cannot be read"
    if isinstance(exc, EditorYAMLError):
        return (mark.line + 1 if mark else None), problem
    if "appears twice" in problem:
        return (mark.line + 1 if mark else None), f"{problem}. Keep one of them"
    if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
        return exc.context_mark.line + 1, (
            "YAML syntax error: a quote opened on this line is never closed. Close it with the same kind of "
            "quote (inside '…' write an apostrophe twice, as in 'baby''s')")
    if "expected key" in problem and mark is not None:
        opened = _unclosed_double_quote(text, mark.line + 1)
        if opened:  # the quoted value ran on to the next double quote, many lines later
            return opened, (
                f"YAML syntax error: a double quote opened on this line is never closed (the value ran on to "
                f"line {mark.line + 1}). Close it with a double quote")
    if "flow" in (exc.context or "") and mark is not None:
        opened = _unclosed_bracket(text, mark.line + 1)
        if opened:  # the parser only notices where it gives up, often many lines later
            return opened, ("YAML syntax error: a bracket [ or { opened on this line is never closed. Close it "
                            "on the same line (e.g. roles: [midwife, gp]), or put the value in quotes")
    for needle, hint in _YAML_HINTS:
        if needle in problem or needle in (exc.context or ""):
            return (mark.line + 1 if mark else None), "YAML syntax error: " + hint
    return (mark.line + 1 if mark else None), (
        f"YAML syntax error: {problem}. Check the indentation, colons and quotes on that line and the line before it"
    )


class Excerpt:
    """A value as a message echoes it: its start only (str() and repr() alike), so that a message about a
    long value stays a line an editor can read."""

    LIMIT = 60

    def __init__(self, value):
        self.value = value

    @staticmethod
    def _cut(text: str) -> str:
        return text if len(text) <= Excerpt.LIMIT else text[: Excerpt.LIMIT - 1] + "…"

    def __str__(self) -> str:
        return self._cut(str(self.value))

    def __repr__(self) -> str:
        return self._cut(repr(self.value))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def cut_echo(message: str, value) -> str:
    """``message`` with ``value``, where it echoes it whole, cut to its start (a validator's own message)."""
    text = str(value) if isinstance(value, (str, int, float)) else ""
    return message.replace(text, str(Excerpt(text))) if len(text) > Excerpt.LIMIT else message


def split_front_matter(text: str) -> str | None:
    """The YAML between a page's opening '---' and the next '---' line, or None."""
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    return text[3:end] if end > 0 else None


# Front matter parsed so far, by its text: the data check, the engine's macros and the project model
# (macros/project.py, handed to the post-build steps) each ask for every page's; each block is parsed once.
_FRONT_MATTER: dict[str, tuple[dict | None, str | None]] = {}  # by the text up to the closing '---'


def utf8_problem(data: bytes) -> str | None:
    """None when ``data`` is UTF-8 text; otherwise where it is not, and what to do, for editors."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        before = data[data.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")[-30:].strip()
        after = f" after '{before}'" if before else " at the start of the line"
        return (
            f"line {line}: is not UTF-8 text (the byte 0x{data[exc.start]:02X}{after}, often a character pasted "
            "from a word processor). Save the file as UTF-8 (in most editors: Save As, Encoding UTF-8), "
            "or delete and retype that character"
        )
    return None


def read_text(path: Path) -> str:
    """A page or data file as text (a byte order mark some editors add is dropped, as the engine does).
    Raises UnicodeDecodeError when it is not UTF-8: see utf8_problem()."""
    return Path(path).read_bytes().decode("utf-8-sig")


def read_front_matter(path: Path) -> tuple[dict | None, str | None]:
    """(a page's front matter, None), or (None, what is wrong with it, for editors)."""
    try:
        text = read_text(path)
    except UnicodeDecodeError:
        return None, utf8_problem(Path(path).read_bytes())
    end = text.find("\n---", 3) if text.startswith("---") else -1
    block = text[:end] if end >= 0 else "\0" + text[:3]  # (no block, or not closed: parsed alike)
    if block not in _FRONT_MATTER:
        _FRONT_MATTER[block] = _parse_front_matter(text)
    meta, problem = _FRONT_MATTER[block]
    return copy.deepcopy(meta), problem  # a copy: callers may change theirs


def _parse_front_matter(text: str) -> tuple[dict | None, str | None]:
    if not text.startswith("---"):
        return None, "has no front matter. Start the page with a block such as:\n" \
            "      ---\n      title: …\n      description: …\n      ---"
    end = text.find("\n---", 3)
    if end < 0:
        return None, "its front matter is not closed: add a line '---' after the last field"
    try:
        meta = yaml.load(text[3:end], Loader=TextDates)
    except yaml.MarkedYAMLError as exc:
        number, problem = explain_yaml_error(exc, text[3:end])
        line = f" (line {number})" if number else ""
        return None, f"front matter{line}: {problem}"
    except (yaml.YAMLError, ValueError) as exc:
        return None, f"front matter cannot be read ({exc})"
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, "front matter must be 'field: value' lines between the two '---' lines"
    return meta, None


def front_matter(path: Path) -> dict:
    """A page's front matter; {} when it has none or it cannot be read."""
    meta, _ = read_front_matter(path)
    return meta if meta is not None else {}


def read_config(root: Path) -> dict:
    """mkdocs.yml under ``root`` as a dict. Raises OSError or yaml.YAMLError (EditorYAMLError for a
    !!python tag, too many aliases, or INHERIT)."""
    text = (Path(root) / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=AnyTags) or {}
    if isinstance(config, dict) and "INHERIT" in config:
        # (the engine would read another file, with its own full loader, that these checks never see)
        line = next((n for n, l in enumerate(text.splitlines()) if l.startswith("INHERIT")), 0)
        raise EditorYAMLError(None, None, "INHERIT is not used in this project: every setting is in mkdocs.yml "
                              "itself, so the checks read what the engine reads. Copy the settings here instead",
                              yaml.Mark("mkdocs.yml", 0, line, 0, None, None))
    return config
