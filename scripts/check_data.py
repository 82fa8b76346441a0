"""Check every data file under docs/_data/ and list every problem at once.

    make check

Exit status 0 when the data is good, 1 otherwise. Also lists the marked gaps
(addresses and phone numbers nobody has supplied yet).
"""

import sys
from pathlib import Path

from macros.data.load import DataError, load

ROOT = Path(__file__).resolve().parent.parent

def main(docs_dir: Path = ROOT / "docs") -> int:
    try:
        site = load(docs_dir)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{len(getattr(site, a))} {a.replace('_', ' ')}"
        for a in ("links", "statistics", "tools", "areas", "case_reviews", "key_messages", "glossary", "contacts", "shortlinks")
    )
    print(f"Data OK: {counts}.")
    gaps = site.gaps()
    if gaps:
        print(f"\n{len(gaps)} gap(s) still to fill (not errors):")
        for g in gaps:
            print(f"  - {g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"))
