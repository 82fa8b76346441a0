"""Redirect pages: one template for moved pages and for short links.

Post-build step: rewrites the pages that mkdocs-redirects writes for
``redirect_maps`` in mkdocs.yml, because its template carries an inline script,
which the Content-Security-Policy blocks. Ours has none: the address is in
``<html data-redirect>``, and a few lines in assets/site.js follow it keeping the
visitor's #section (the meta refresh still works with scripts off).

macros/publish/shortlinks.py writes /go/<id>/ with the same template.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin

from macros.project import Project
from macros.publish.built_site import address_of

SCRIPT = "assets/site.js"

TEMPLATE = """<!doctype html>
<html lang="en" data-redirect="{url}">
<head>
<meta http-equiv="refresh" content="0; url={url}">
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
{script}</head>
<body>
<p>{message} <a href="{url}">{label}</a></p>
</body>
</html>
"""

# What mkdocs-redirects writes (its template has an inline script).
_PLUGIN_STUB = re.compile(r'<title>Redirecting\.\.\.</title>\s*<link rel="canonical" href="([^"]*)">')


def relative_url(from_address: str, to_address: str) -> str:
    """The relative address from one site path to another ('/go/icon/', '/tools/icon/#when' -> '../../tools/icon/#when')."""
    path, _, fragment = to_address.partition("#")
    start = from_address if from_address.endswith("/") else posixpath.dirname(from_address) + "/"
    rel = posixpath.relpath(path or "/", start)
    if path.endswith("/") and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def stub_html(site: Path, from_address: str, to_address: str, base_url: str, title: str, message: str) -> str:
    """A redirect page at ``from_address`` (a site path such as '/go/icon/') to ``to_address``."""
    external = not to_address.startswith("/")
    url = to_address if external else relative_url(from_address, to_address)
    script = ""
    if (site / SCRIPT).is_file():
        script = f'<script src="{html.escape(relative_url(from_address, "/" + SCRIPT))}"></script>\n'
    canonical = to_address if external else urljoin(base_url or "/", to_address.lstrip("/"))
    return TEMPLATE.format(
        url=html.escape(url),
        canonical=html.escape(canonical),
        title=html.escape(title),
        message=html.escape(message),
        label=html.escape(title),
        script=script,
    )


def write_stub(site: Path, from_address: str, to_address: str, base_url: str, title: str, message: str) -> Path:
    out = site / from_address.lstrip("/") / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(stub_html(site, from_address, to_address, base_url, title, message), encoding="utf-8")
    return out


def run(site_dir: Path, project: Project) -> None:
    base = project.site_url
    for page in sorted(site_dir.rglob("*.html")):
        with open(page, "rb") as f:  # the plugin's stubs say so at the top: only that part is read
            text = f.read(1000).decode("utf-8", errors="ignore")
        match = _PLUGIN_STUB.search(text)
        if not match:
            continue
        here = address_of(site_dir, page)
        target = urljoin("https://site.invalid" + here, html.unescape(match.group(1)))
        target = target.removeprefix("https://site.invalid")
        page.write_text(
            stub_html(site_dir, here, target, base, _title_of(site_dir, target), "This page has moved to"),
            encoding="utf-8",
        )


def _title_of(site: Path, address: str) -> str:
    """The <title> of the built page at a site path, for the link text on a redirect page."""
    target = site / address.split("#", 1)[0].lstrip("/") / "index.html"
    if address.startswith("/") and target.is_file():
        match = re.search(r"<title>(.*?)</title>", target.read_text(encoding="utf-8"), re.S)
        if match:
            return html.unescape(match.group(1)).strip()
    return "its new address"
