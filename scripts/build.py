"""`make build`: build the complete site into site/, atomically.

    python -m scripts.build [--engine properdocs] [--site-dir DIR]

The build itself, step by step, is macros/build.py.
"""

import sys

from macros.build import main

if __name__ == "__main__":
    sys.exit(main())
