"""No page makes a request to any other host: not on load, not for fonts, not from the
service worker. Links to other sites are fine (they are only followed when clicked)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from html.parser import HTMLParser

# What a browser fetches by itself: these link relations, and these attributes.
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload", "modulepreload",
                "prefetch", "preconnect", "dns-prefetch", "prerender"}
FETCHING_ATTRS = {"src", "srcset", "data", "poster"}
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)""", re.I)


def external(url: str) -> bool:
    url = url.strip()
    parts = urlsplit(url)
    return url.startswith("//") or (parts.scheme in ("http", "https") and bool(parts.hostname))


class Fetched(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and FETCHED_RELS & set((a.get("rel") or "").lower().split()):
            self.urls.append(a.get("href") or "")
        for name in FETCHING_ATTRS & a.keys():
            self.urls += [part.strip().split(" ")[0] for part in (a[name] or "").split(",")] if name == "srcset" else [a[name] or ""]
        if a.get("style"):
            self.urls += [x or y for x, y in CSS_URL.findall(a["style"])]


def test_no_page_or_stylesheet_refers_to_another_host_for_anything_it_loads(built_site):
    found, checked = [], 0
    for f in sorted(built_site.rglob("*")):
        if f.suffix == ".html":
            parser = Fetched()
            parser.feed(f.read_text(encoding="utf-8"))
            checked += len(parser.urls)
            found += [f"{f.relative_to(built_site)}: {u}" for u in parser.urls if external(u)]
        elif f.suffix == ".css":
            urls = [a or b for a, b in CSS_URL.findall(f.read_text(encoding="utf-8", errors="replace"))]
            found += [f"{f.relative_to(built_site)}: {u}" for u in urls if external(u)]
        elif f.suffix == ".webmanifest":
            urls = re.findall(r'"(?:src|start_url|scope|id)"\s*:\s*"([^"]+)"', f.read_text(encoding="utf-8"))
            found += [f"{f.relative_to(built_site)}: {u}" for u in urls if external(u)]
    assert checked > 0
    assert not found, "\n".join(found)


def test_the_check_catches_a_font_from_another_host():
    parser = Fetched()
    parser.feed('<link rel="stylesheet" href="https://fonts.example.com/css"><link rel="canonical" href="https://x.org/">'
                '<img srcset="a.png 1x, //cdn.example.com/b.png 2x"><a href="https://elsewhere.org/">a link</a>')
    assert [u for u in parser.urls if external(u)] == ["https://fonts.example.com/css", "//cdn.example.com/b.png"]


def test_no_request_leaves_the_machine_from_any_page(built_site, server, pages, browser):
    """Every page, loaded in Chromium with its service worker running: every request goes to the local server."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    seen, elsewhere = [], []

    def check(route):
        url = route.request.url
        seen.append(url)
        if not url.startswith(server) and not url.startswith("data:"):
            elsewhere.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", check)
    page = context.new_page()
    try:
        for f in pages:
            page.goto(server + f.relative_to(built_site).as_posix().removesuffix("index.html"), wait_until="networkidle")
        page.evaluate("navigator.serviceWorker.ready")  # its background saving has run too
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert len(seen) > len(pages), "requests were observed"
    assert not elsewhere, "requests to other hosts:\n" + "\n".join(sorted(set(elsewhere)))
