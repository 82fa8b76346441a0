"""Reading YAML the one way the project needs it: data files, page front matter, mkdocs.yml.

- ``TextDates``: a safe loader (libyaml's parser when available) that keeps dates
  as text, so a schema can report an impossible date such as 2025-02-31 instead
  of PyYAML crashing on it, and that refuses a field written twice in one entry.
- ``front_matter(path)``: a page's front matter as a dict ({} when it has none or
  it cannot be read; macros/pages.py reports those problems to editors).
- ``read_config(root)``: mkdocs.yml, ignoring tags only the engine understands.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextDates(_SafeBase):
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


class AnyTags(_SafeBase):
    """Reads mkdocs.yml even with !!python/name or !ENV tags (their values are not needed here)."""


AnyTags.add_multi_constructor("", lambda loader, suffix, node: None)
AnyTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def split_front_matter(text: str) -> str | None:
    """The YAML between a page's opening '---' and the next '---' line, or None."""
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    return text[3:end] if end > 0 else None


# Front matter parsed so far, by its text: the data check, the engine's macros and the
# post-build steps each ask for every page's; each distinct block is parsed once.
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
        mark = exc.problem_mark or exc.context_mark
        line = f" (line {mark.line + 1})" if mark else ""
        problem = exc.problem or exc.context or "cannot be read"
        return None, f"front matter{line}: YAML syntax error: {problem}. Check the colons and quotes on that line"
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
    """mkdocs.yml under ``root`` as a dict. Raises OSError or yaml.YAMLError."""
    return yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=AnyTags) or {}
