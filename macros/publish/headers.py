"""Security headers (the LAST post-build step).

Writes, into the built site:

- ``_headers``: the headers for Netlify and Cloudflare Pages (both read this file);
- ``staticwebapp.config.json``: the same headers for Azure Static Web Apps;
- a ``<meta http-equiv="Content-Security-Policy">`` in every page, as a fallback for
  hosts that cannot set headers (GitHub Pages): the same policy, allowing only that
  page's own inline scripts and styles. Browsers ignore ``frame-ancestors`` in a meta policy, so the
  fallback leaves it out: framing is only refused where the real header is sent.

Which header goes where: EVERY_FILE (nosniff, HSTS) with every response; PAGE_ONLY (the
policy, framing, referrer, permissions, opener) with HTML only (and the service worker, whose
own response's policy binds it): they mean nothing on a CSS file or an image, and were
about 1 KB on each of them. The cache rules of macros/publish/cache_rules.py go with every file.

The Content-Security-Policy allows scripts and styles from this site only, plus the
inline scripts and <style> elements of the built pages by their SHA-256 hash (worked out here from
the built pages, so a theme update cannot silently break the site): never ``'unsafe-inline'``.
Scripts are refused where editors write, before the engine runs: a <script> tag or
an on…= attribute in a page's text (macros/checks/macro_calls.py), HTML in front matter
(macros/data/pages.py), and every data value is escaped. So every inline script the
built pages carry is the theme's or the site's templates' (overrides/), and each is hashed into the policy.
It must run last, after every step that writes or changes HTML.

Cache rules, when macros/publish/cache_rules.py exists, are merged into the same files.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from macros.project import Project
from macros.publish import cache_rules

# Only executable scripts need a hash: JSON data blocks (type="application/json") are never run.
# Pages are read as bytes (large pages: no decoding) and the hash is of the script's UTF-8 text.
_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(rb"<style\b([^>]*)>(.*?)</style>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(rb"\bsrc\s*=", re.IGNORECASE)
_TYPE = re.compile(rb"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET = re.compile(rb"<meta\s+charset=[^>]*>", re.IGNORECASE)
_EXISTING_META = re.compile(rb'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)  # with the space before it (added with it)

# With every response. HSTS: browsers that once reached the site over HTTPS use HTTPS only, for a
# year (31536000 s, the value the HSTS preload list asks for as its minimum, and long enough that a
# practitioner who visits a few times a year is never sent over plain HTTP on a hotel or hospital
# Wi-Fi). No includeSubDomains: the site's address may be a subdomain of a partner's domain,
# whose other hosts this site cannot speak for. Browsers ignore it over plain HTTP (local testing).
EVERY_FILE = {
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=31536000",
}

# With HTML pages only (see the module's docstring); the Content-Security-Policy is added to these.
PAGE_ONLY = {
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": (
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), "
        "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
        "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), usb=(), "
        "xr-spatial-tracking=(), browsing-topics=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
}

# The addresses of pages, for _headers (Netlify, Cloudflare Pages: every matching rule applies):
# the home page, any address ending in "/" (a page, or a missing one answered by 404.html) and
# any .html file. No other published file's address ends so.
PAGE_PATTERNS = ("/", "/*/", "/*.html")


def page_script_hashes(html: str | bytes, page: Path | str = "a page") -> set[str]:
    """The CSP source ('sha256-…') of every inline script in one page. (Scripts are refused where editors
    write, in pages and data, before the engine runs: what the built page carries is the theme's.)"""
    data = html.encode("utf-8") if isinstance(html, str) else html
    hashes = set()
    for attrs, body in _SCRIPT.findall(data):
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).decode("ascii", "replace").lower() not in _JS_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
        hashes.add(f"'sha256-{digest}'")
    return hashes


def page_style_hashes(html: str | bytes) -> set[str]:
    """The CSP source ('sha256-…') of every inline <style> element in one page (what the built HTML
    carries, from whichever template wrote it). Style attributes are not allowed by hashes."""
    data = html.encode("utf-8") if isinstance(html, str) else html
    return {f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode('ascii')}'"
            for _attrs, body in _STYLE.findall(data)}


def policy(hashes: list[str], *, for_meta: bool = False, style_hashes: list[str] = ()) -> str:
    """The Content-Security-Policy. ``for_meta`` leaves out what a <meta> policy cannot carry."""
    directives = [
        ("default-src", "'self'"),
        ("script-src", " ".join(["'self'", *hashes])),
        ("style-src", " ".join(["'self'", *style_hashes])),
        ("img-src", "'self' data:"),
        ("font-src", "'self'"),
        ("connect-src", "'self'"),
        ("worker-src", "'self'"),
        ("manifest-src", "'self'"),
        ("media-src", "'self'"),
        ("frame-src", "'none'"),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        ("form-action", "'self'"),
    ]
    if not for_meta:
        directives.append(("frame-ancestors", "'none'"))
    return "; ".join(f"{name} {value}" for name, value in directives)


def headers_file(page_headers: dict[str, str], extra: dict[str, dict[str, str]]) -> str:
    """_headers: EVERY_FILE for /*, ``page_headers`` for PAGE_PATTERNS (and sw.js), then ``extra``
    (the cache rules). A request gets the headers of every rule that matches it."""
    lines = [
        "# Security headers (Netlify and Cloudflare Pages read this file): some for every file,",
        "# the page policy for pages only. Written by macros/publish/headers.py on every build: do not edit by hand.",
        "/*",
    ]
    lines += [f"  {k}: {v}" for k, v in EVERY_FILE.items()]
    for pattern in (*PAGE_PATTERNS, "/sw.js"):
        lines.append(pattern)
        lines += [f"  {k}: {v}" for k, v in page_headers.items()]
    for pattern, headers in extra.items():
        lines.append(pattern)
        lines += [f"  {k}: {v}" for k, v in headers.items()]
    return "\n".join(lines) + "\n"


def azure_routes(site_dir: Path, page_headers: dict[str, str], extra: dict[str, dict[str, str]]) -> list[dict]:
    """Azure Static Web Apps' routes. There the FIRST matching route alone applies, and a wildcard may
    only end a route: so the exact files of ``extra`` (with sw.js given the page policy too) come
    first, then every file that is not a page (a folder holding no page as one "/folder/*" route),
    with no page headers, and last "/*", the pages, with ``page_headers``."""
    routes = [{"route": path, "headers": {**(page_headers if path == "/sw.js" else {}), **headers}}
              for path, headers in extra.items()]
    taken = set(extra)
    for top in sorted(site_dir.iterdir()):
        if top.name in ("_headers", "staticwebapp.config.json") or top.name.startswith("."):
            continue
        if top.is_dir():
            files = [f for f in sorted(top.rglob("*")) if f.is_file()]
            if not any(f.suffix == ".html" for f in files):
                routes.append({"route": f"/{top.name}/*"})
                continue
        else:
            files = [top]
        for f in files:
            path = "/" + f.relative_to(site_dir).as_posix()
            if f.suffix != ".html" and path not in taken:
                routes.append({"route": path})
    routes.append({"route": "/*", "headers": page_headers})
    return routes


def azure_config(global_headers: dict[str, str], routes: list[dict]) -> dict:
    config = {
        "globalHeaders": global_headers,
        "responseOverrides": {"404": {"rewrite": "/404.html", "statusCode": 404}},
        "mimeTypes": {".xml": "application/xml", ".json": "application/json", ".webmanifest": "application/manifest+json"},
    }
    if routes:
        config["routes"] = routes
    return config


def with_meta(data: bytes, meta_policy: str, allowed: set[str], page: Path | str = "a page") -> bytes | None:
    """The page's bytes with the CSP <meta> in its head (an old one out), or None for a fragment
    that is not a full page (headers still apply to it)."""
    head_end = data.find(b"</head>")
    if head_end < 0:
        head_end = len(data)
    # Only the head is touched (pages can be large): a rebuilt page's old tag out, the new one in.
    head = _EXISTING_META.sub(b"", data[:head_end])
    tag = f'<meta http-equiv="Content-Security-Policy" content="{meta_policy}">'.encode("utf-8")
    match = _CHARSET.search(head)
    if match:
        head = head[: match.end()] + b"\n    " + tag + head[match.end():]
    elif b"<head>" in head:
        head = head.replace(b"<head>", b"<head>\n    " + tag, 1)
    else:
        return None
    # Adding the tag must not change any inline script (its hash would no longer match the policy);
    # only a script in the head could contain the place the tag went.
    if not page_script_hashes(head, page) <= allowed:
        raise RuntimeError(f"{page}: an inline script changed while adding the CSP meta tag; the policy would block it")
    return head + data[head_end:]


def add_meta(page: Path, meta_policy: str, allowed: set[str]) -> None:
    data = page.read_bytes()
    new = with_meta(data, meta_policy, allowed, page)
    if new is not None and new != data:
        page.write_bytes(new)


def run(site_dir: Path, project: Project) -> None:
    site_dir = Path(site_dir)
    pages = sorted(site_dir.rglob("*.html"))
    if not pages:
        raise RuntimeError(f"no HTML pages in {site_dir}: the build produced nothing to protect")
    own = {page: frozenset(page_script_hashes(page.read_bytes(), page)) for page in pages}
    styles = {page: frozenset(page_style_hashes(page.read_bytes())) for page in pages}
    hashes = sorted(set().union(*own.values()))
    page_headers = {"Content-Security-Policy": policy(hashes, style_hashes=sorted(set().union(*styles.values()))),
                    **PAGE_ONLY}
    extra = cache_rules.headers(site_dir, project.root)
    (site_dir / "_headers").write_text(headers_file(page_headers, extra), encoding="utf-8")
    (site_dir / "staticwebapp.config.json").write_text(
        json.dumps(azure_config(dict(EVERY_FILE), azure_routes(site_dir, page_headers, extra)), indent=2) + "\n",
        encoding="utf-8")
    for page, scripts in own.items():
        add_meta(page, meta_policy(scripts, styles[page]), scripts)


def meta_policy(scripts: frozenset[str], styles: frozenset[str] = frozenset()) -> str:
    """The <meta> policy of one page: the site's policy, with the hashes of that page's own
    inline scripts and styles only (and without frame-ancestors, which a <meta> cannot carry)."""
    return policy(sorted(scripts), for_meta=True, style_hashes=sorted(styles))
