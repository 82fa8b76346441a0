"""What the post-build steps need to know about the built site.

Plain Python (no engine imports), so the build runs with MkDocs or ProperDocs: small
helpers to find and read a built HTML page (its ids, links and redirect target).
What they need to know about the sources (mkdocs.yml, the pages, the data) comes
from the one project model each step is handed: macros/project.py.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from macros.render.urls import page_url  # noqa: F401  (re-exported for the build steps)


def address_of(site: Path, html_file: Path) -> str:
    """'site/tools/icon/index.html' -> '/tools/icon/'; 'site/404.html' -> '/404.html'."""
    rel = html_file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def file_for(site: Path, path: str) -> Path | None:
    """The built file that serves a site path ('/tools/icon/' -> .../tools/icon/index.html), or None."""
    path = unquote(path.split("#", 1)[0].split("?", 1)[0])
    rel = path.lstrip("/")
    candidate = site / rel
    if path.endswith("/") or rel == "":
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    return None


# --------------------------------------------------------------------------- HTML


LINK_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "form": ("action",),
    "object": ("data",),
}


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    redirect: str | None = None  # the target of a redirect stub
    is_stub: bool = False


def _record(page: ParsedPage, tag: str, a: dict) -> None:
    """Note the ids and links of one start tag (attribute values already unescaped)."""
    if a.get("id"):
        page.ids.add(a["id"])
    if tag == "a" and a.get("name"):
        page.ids.add(a["name"])
    if tag == "html" and a.get("data-redirect"):
        page.redirect = a["data-redirect"]
        page.is_stub = True
    if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
        match = re.search(r"url\s*=\s*(.+)$", a.get("content", ""), re.IGNORECASE)
        if match:
            target = match.group(1).strip().strip("'\"")
            page.links.append((tag, "http-equiv=refresh", target))
            page.is_stub = True
            page.redirect = page.redirect or target
    for attr in LINK_ATTRS.get(tag, ()):
        if a.get(attr):
            page.links.append((tag, attr, a[attr]))


class _Parser(HTMLParser):
    """The reference parser (the standard library's); parse_html gives the same result faster."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag, attrs):
        _record(self.page, tag, {k: (v or "") for k, v in attrs})

    handle_startendtag = handle_starttag


def parse_html_reference(text: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.page


# A start tag with its attributes (quoted values may hold '>'), and one attribute (bytes: no decoding
# of the whole page; only a tag not seen before is decoded).
_START_TAG = re.compile(
    rb"<[a-zA-Z][-.:\w]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
)
_TAG_NAME = re.compile(r"<([a-zA-Z][-.:\w]*)")
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
# Markup that holds no tags: comments, and the text inside script and style (the tags themselves stay).
_MAYBE_NO_TAGS = re.compile(rb"<(?:!--|script|style)", re.I)
_NO_TAGS = re.compile(rb"<(?:!--.*?-->|((script|style)\b[^>]*>).*?(</\2\s*>))", re.S | re.I)


def _without_no_tag_markup(data: bytes) -> bytes:
    """The page without comments and without the text inside script and style elements."""
    out, pos = [], 0
    for candidate in _MAYBE_NO_TAGS.finditer(data):
        if candidate.start() < pos:
            continue  # inside markup already taken out
        match = _NO_TAGS.match(data, candidate.start())
        if match:
            out.append(data[pos:match.start()])
            if match.group(1):
                out.append(b"<" + match.group(1) + match.group(3))
            pos = match.end()
    out.append(data[pos:])
    return b"".join(out)


class _Tag:
    """What one start tag adds to a page (worked out once per distinct tag text)."""

    __slots__ = ("ids", "links", "redirect", "is_stub", "redirect_wins")

    def __init__(self, raw: bytes):
        text = raw.decode("utf-8", errors="replace")
        tag_name = _TAG_NAME.match(text)
        attrs = {}
        for attr, dq, sq, bare in _ATTR.findall(text, tag_name.end()):
            attrs[attr.lower()] = html.unescape(dq or sq or bare)
        one, name = ParsedPage(), tag_name.group(1).lower()
        _record(one, name, attrs)
        self.ids, self.links, self.redirect, self.is_stub = one.ids, one.links, one.redirect, one.is_stub
        # <html data-redirect> names the target whatever came before; a meta refresh only when nothing did.
        self.redirect_wins = name == "html"


_TAGS: dict[bytes, _Tag] = {}


def parse_html(text: str | bytes) -> ParsedPage:
    """Ids and links of a built page. A regular-expression scan of start tags, each distinct tag
    worked out once (a large navigation repeats the same tags on every page): many times faster
    than html.parser, with the same result (tests check both agree on every built file)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    page = ParsedPage()
    ids, links, cache = page.ids, page.links, _TAGS
    for raw in _START_TAG.findall(_without_no_tag_markup(data)):
        tag = cache.get(raw)
        if tag is None:
            tag = cache[raw] = _Tag(raw)
        if tag.ids:
            ids.update(tag.ids)
        if tag.links:
            links.extend(tag.links)
        if tag.is_stub:
            page.is_stub = True
            if tag.redirect_wins or page.redirect is None:
                page.redirect = tag.redirect or page.redirect
    return page


def read_page(path: Path) -> ParsedPage:
    return parse_html(path.read_bytes())
