"""Addresses of pages inside the site, worked out from their source paths.

Macro output is HTML, which MkDocs does not rewrite, so links between pages are
computed here the way MkDocs does with use_directory_urls: true.
"""

import posixpath


def page_url(src: str) -> str:
    """'tools/icon.md' -> 'tools/icon/'; 'tools/index.md' -> 'tools/'; 'index.md' -> ''."""
    path = src[:-3] if src.endswith(".md") else src
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
        return path
    return path + "/"


def relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """The relative address of page ``to_src`` as seen from page ``from_src``."""
    start = page_url(from_src) or "."
    target = page_url(to_src) or "."
    rel = posixpath.relpath(target, start)
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")
