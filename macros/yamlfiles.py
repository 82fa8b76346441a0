"""Reading YAML the one way the project needs it: data files, page front matter, mkdocs.yml.

- ``TextDates``: a safe loader (libyaml's parser when available) that keeps dates
  as text, so a schema can report an impossible date such as 2025-02-31 instead
  of PyYAML crashing on it, and that refuses a field written twice in one entry.
- ``front_matter(path)``: a page's front matter as a dict ({} when it has none or
  it cannot be read; macros/pages.py reports those problems to editors).
- ``read_config(root)``: mkdocs.yml, ignoring tags only the engine understands.
"""

from __future__ import annotations

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


def front_matter(path: Path) -> dict:
    """A page's front matter; {} when it has none or it cannot be read."""
    block = split_front_matter(path.read_text(encoding="utf-8"))
    if block is None:
        return {}
    try:
        meta = yaml.load(block, Loader=TextDates)
    except (yaml.YAMLError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def read_config(root: Path) -> dict:
    """mkdocs.yml under ``root`` as a dict. Raises OSError or yaml.YAMLError."""
    return yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=AnyTags) or {}
