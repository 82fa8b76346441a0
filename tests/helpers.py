"""Small helpers shared by the tests (not fixtures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from macros.data import SiteData
from macros.schema import FILES


def make_site(tmp_path: Path, **files) -> SiteData:
    """Write data files (name -> list of entries) into tmp_path/docs/_data and load them.

    Files not given are written as empty lists. Pages named in ``pages`` are created.
    """
    from macros.data import load

    pages = files.pop("pages", [])
    data = tmp_path / "docs" / "_data"
    data.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        key = name.removesuffix(".yml")
        (data / name).write_text(yaml.safe_dump(files.get(key, []), sort_keys=False), encoding="utf-8")
    for page in pages:
        p = tmp_path / "docs" / page
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"---\ntitle: {page}\n---\n# {page}\n", encoding="utf-8")
    return load(tmp_path / "docs")


def run_build(project: Path, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """Run the real build script in ``project``; returns the finished process."""
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "build.py"), "--engine", engine],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )


LINK = {"id": "home", "title": "Home", "publisher": "Pub", "url": "https://example.org/"}
