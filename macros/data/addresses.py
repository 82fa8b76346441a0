"""The registry of permanent addresses, docs/_data/addresses.yml: read and checked with the data.

Each line is a site address (/page/, /page/#section-id or /go/<id>/), validated by pydantic like
every other data file; the build checks after the engine that each still resolves
(macros/publish/check_addresses.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import StringConstraints, TypeAdapter, ValidationError

REGISTRY = "addresses.yml"  # under docs/_data/
ADDRESS_PATTERN = r"^/([a-z0-9]+(-[a-z0-9]+)*/)*(#[A-Za-z0-9_][A-Za-z0-9_-]*)?$"
SiteAddress = Annotated[str, StringConstraints(pattern=ADDRESS_PATTERN)]
_REGISTRY = TypeAdapter(list[SiteAddress])


class RegistryError(Exception):
    pass


def registry_path(docs_dir: Path) -> Path:
    return Path(docs_dir) / "_data" / REGISTRY


def load_registry(docs_dir: Path, root: Path | None = None) -> list[str]:
    """The registered addresses, in file order. Raises RegistryError naming each bad line."""
    path = registry_path(docs_dir)
    root = root or Path(docs_dir).parent
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.is_file():
        raise RegistryError(f"{rel} is missing: restore it (git checkout -- {rel}). It lists every permanent address.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError(f"{rel}: YAML syntax error ({exc}). Each line must be '- /address/'.") from None
    if not isinstance(raw, list):
        raise RegistryError(f"{rel}: must be a list of addresses, one per line, e.g. '- /bruising/#what-to-do'.")
    problems = []
    try:
        _REGISTRY.validate_python(raw)
    except ValidationError as exc:
        for err in exc.errors():
            i = err["loc"][0] + 1
            problems.append(f"{rel}, item {i}: {raw[i - 1]!r} is not a site address. Write it as /page/ or "
                            "/page/#section-id (lower case, starting and ending with /, e.g. /tools/icon/#messages).")
    seen = set()
    for i, item in enumerate(raw, 1):
        if isinstance(item, str) and item in seen:
            problems.append(f"{rel}, item {i}: {item} is listed twice. Remove one of the two lines.")
        seen.add(item if isinstance(item, str) else None)
    if problems:
        raise RegistryError("\n".join(problems))
    return list(raw)
