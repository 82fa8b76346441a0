"""Small helpers shared by the tests (not fixtures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from macros.data.load import SiteData
from macros.data.schema import FILES


def make_site(tmp_path: Path, **files) -> SiteData:
    """Write data files (name -> list of entries) into tmp_path/docs/_data and load them.

    Files not given are written as empty lists. Pages named in ``pages`` are created.
    """
    from macros.data.load import load

    pages = files.pop("pages", [])
    data = tmp_path / "docs" / "_data"
    data.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        key = name.removesuffix(".yml")
        (data / name).write_text(yaml.safe_dump(files.get(key, []), sort_keys=False), encoding="utf-8")
    (data / "addresses.yml").write_text(yaml.safe_dump(files.get("addresses", [])), encoding="utf-8")
    for page in pages:
        p = tmp_path / "docs" / page
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"---\ntitle: {page}\n---\n# {page}\n", encoding="utf-8")
    return load(tmp_path / "docs")


def run_build(project: Path, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """Run the real build in ``project`` as `make build` does; returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "scripts.build", "--engine", engine],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )


LINK = {"id": "home", "title": "Home", "publisher": "Pub", "url": "https://example.org/"}


def set_entry_field(path: Path, entry: str, field: str, value: str | None) -> None:
    """In a data file, set one top-level field of the entry ``- id: <entry>`` to the YAML text ``value``
    (None removes the field, with any lines that continue its value); every other line stays as it was.

    The entry and the field must be there: a test set up against data that has since changed says so.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if line.rstrip("\n") == f"- id: {entry}"), None)
    assert start is not None, f"test setup: no entry '{entry}' in {path.name}"
    end = next((n for n in range(start + 1, len(lines))
                if lines[n].startswith("- ") or (lines[n].strip() and not lines[n].startswith(" "))), len(lines))
    at = next((n for n in range(start + 1, end) if lines[n].startswith(f"  {field}:")), None)
    assert at is not None, f"test setup: the entry '{entry}' in {path.name} has no field '{field}'"
    stop = at + 1
    while stop < end and lines[stop].startswith("   "):  # the rest of a value written over several lines
        stop += 1
    lines[at:stop] = [] if value is None else [f"  {field}: {value}\n"]
    path.write_text("".join(lines), encoding="utf-8")


def item_of(path: Path, entry: str) -> int:
    """Where the entry with that id is in a data file, counting from 1 as editors do."""
    return [e["id"] for e in yaml.safe_load(path.read_text(encoding="utf-8"))].index(entry) + 1


def set_front_matter(project: Path, rel: str, **fields) -> None:
    """Set (or replace) front matter fields of the page docs/<rel> in a copy of the project."""
    path = project / "docs" / rel
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---", 3)
    lines = [line for line in text[4:end].splitlines() if line.split(":")[0] not in fields]
    lines += [f"{k}: {v}" for k, v in fields.items()]
    path.write_text("---\n" + "\n".join(lines) + text[end:], encoding="utf-8")
