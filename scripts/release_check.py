"""`make release`, step 1: refuse to publish while anything on the release checklist is open.

    python -m scripts.release_check

Prints every problem at once, each with its fix, and exits 1; exits 0 when the guide can
be published (then `make release` builds it, as `make build` does). The checks are in
macros/checks/release.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from macros.checks.release import release_problems

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    problems = release_problems(ROOT)
    if problems:
        print(f"RELEASE REFUSED — {len(problems)} problem{'s' if len(problems) != 1 else ''}; nothing was built and "
              "site/ was not changed (the last good site is still there). Fix:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("Release checks passed: building the guide for publication.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
