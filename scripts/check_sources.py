"""What must be refused before the engine reads anything; `make serve` runs this first.

    make check-sources

The engine reads mkdocs.yml with PyYAML's full loader, so a !!python tag there would run as code the
moment it starts, and it publishes whatever a link under docs/ or overrides/ points at. `make build`
and `make check` refuse both in their data check (macros/data/load.py) before the engine starts;
`make serve` starts the engine itself (and shows every other problem in the browser), so it asks
this first. Exit status 0 when both are fine, 1 otherwise, with every problem listed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from macros.data.pages import links_leading_outside, site_config

ROOT = Path(__file__).resolve().parent.parent


def problems(root: Path) -> list[str]:
    """mkdocs.yml's problem (a !!python tag, aliases past the limit, INHERIT, or YAML it cannot read),
    or each link under docs/ and overrides/ that leads outside the project."""
    try:
        config = site_config(root)
    except ValueError as exc:
        return [str(exc)]
    docs_dir = root / str((config or {}).get("docs_dir") or "docs")
    return links_leading_outside(root, docs_dir, config)


def main(root: Path = ROOT) -> int:
    found = problems(root)
    if found:
        print("The engine was not started, so nothing ran. Fix:\n" + "\n".join(f"  - {p}" for p in found),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
