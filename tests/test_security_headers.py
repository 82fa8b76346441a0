"""Security headers: what the build writes, and every page working in Chromium under them.

The test server here applies the headers the build wrote to site/_headers (the
Netlify / Cloudflare Pages format, read by an independent little parser), and
answers unknown addresses with 404.html, as those hosts do.
"""

from __future__ import annotations

import base64
import fnmatch
import functools
import hashlib
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REQUIRED = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy")


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """[(path pattern, {header: value})] from a Netlify/Cloudflare _headers file."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            assert rules, f"header line before any path: {line!r}"
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pattern, headers in rules:
        if fnmatch.fnmatchcase(path, pattern.replace(":splat", "*")):
            out.update(headers)
    return out


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.fixture(scope="module")
def header_rules(built_site):
    return parse_headers_file((built_site / "_headers").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def global_headers(header_rules, built_site):
    return headers_for(header_rules, "/index.html")


@pytest.fixture(scope="module")
def secure_server(built_site, header_rules):
    """Serves the built site with the headers from its own _headers file."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            for name, value in headers_for(header_rules, urlsplit(self.path).path).items():
                self.send_header(name, value)
            super().end_headers()

        def send_error(self, code, message=None, explain=None):
            if code == 404 and (built_site / "404.html").is_file():
                body = (built_site / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
            super().send_error(code, message, explain)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


# Records every CSP violation the page reports (init scripts are not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(service_workers="allow")
    ctx.add_init_script(RECORD_VIOLATIONS)
    yield ctx
    ctx.close()


class Watch:
    """Console errors, page errors and requests to other hosts, for one page."""

    def __init__(self, page, base: str):
        self.problems: list[str] = []
        host = urlsplit(base).netloc
        page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"console {m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("request", lambda r: urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != host
                and self.problems.append(f"request to another host: {r.url}"))

    def check(self, page, where: str):
        violations = page.evaluate("window.__violations || []")
        assert not violations, f"{where}: CSP violations: {violations}"
        assert not self.problems, f"{where}: {self.problems}"


def page_urls(site: Path, pages) -> list[str]:
    return [p.relative_to(site).as_posix().removesuffix("index.html") for p in pages]


# --- What the build writes ---------------------------------------------------------------------


def test_every_required_header_is_set_for_every_page(global_headers):
    for name in REQUIRED:
        assert global_headers.get(name), f"_headers sets no {name} for /*"
    assert global_headers["X-Content-Type-Options"] == "nosniff"
    assert global_headers["Referrer-Policy"] in ("no-referrer", "strict-origin-when-cross-origin", "same-origin")
    assert "camera=()" in global_headers["Permissions-Policy"] and "geolocation=()" in global_headers["Permissions-Policy"]


def test_csp_allows_only_this_site_and_hashed_inline_scripts(global_headers):
    csp = directives(global_headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    scripts = csp["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts
    assert all(s == "'self'" or s.startswith("'sha256-") for s in scripts), scripts
    for sources in csp.values():
        assert not any(s.startswith(("http:", "https:")) or s in ("*", "http:", "https:") for s in sources), csp


def test_every_inline_script_in_every_page_has_its_hash_in_the_policy(built_site, global_headers):
    allowed = set(directives(global_headers["Content-Security-Policy"])["script-src"])
    found = 0
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
            if "src=" in attrs or "application/json" in attrs:
                continue
            found += 1
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, f"{page.relative_to(built_site)}: inline script not in the CSP"
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, re.I), f"{page}: an inline event handler"
    assert found, "expected the theme's inline scripts"


def test_every_page_carries_the_meta_fallback(built_site, pages, global_headers):
    header = directives(global_headers["Content-Security-Policy"])
    for page in [*pages, built_site / "404.html"]:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert len(found) == 1, f"{page}: {len(found)} CSP meta tags"
        meta = directives(found[0])
        assert "frame-ancestors" not in meta  # ignored by browsers in a meta policy
        # The site's policy, allowing only this page's own inline scripts (each is also in the header).
        own = set()
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", head + page.read_text(encoding="utf-8")
                                      .split("</head>", 1)[1], re.S | re.I):
            if "src=" not in attrs and "application/json" not in attrs:
                own.add(f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'")
        assert set(meta.pop("script-src")) == {"'self'", *own}, page
        assert own <= set(header["script-src"])
        assert meta == {k: v for k, v in header.items() if k not in ("frame-ancestors", "script-src")}
        assert head.index("Content-Security-Policy") < head.index("<script"), f"{page}: meta CSP after a script"


PAGE_ONLY = ("Content-Security-Policy", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options")


def _not_pages(site: Path) -> list[str]:
    """A sample of every kind of published file that is not a page, by its URL path."""
    out = {}
    for f in sorted(site.rglob("*")):
        if f.is_file() and f.suffix != ".html" and f.name not in ("_headers", "staticwebapp.config.json", "sw.js"):
            out.setdefault(f.suffix, "/" + f.relative_to(site).as_posix())
    return list(out.values())


def _hsts_max_age(value: str | None) -> int:
    found = re.fullmatch(r"max-age=(\d+)(;\s*includeSubDomains)?(;\s*preload)?", value or "")
    return int(found.group(1)) if found else 0


def test_page_headers_go_with_pages_only_and_nosniff_hsts_and_cache_rules_with_every_file(built_site, header_rules):
    from macros.publish.cache_rules import cache_control

    others = _not_pages(built_site)
    assert {".css", ".js", ".png", ".json", ".xml"} <= {Path(p).suffix for p in others}, others
    for path in others:
        got = headers_for(header_rules, path)
        assert got.get("X-Content-Type-Options") == "nosniff", path
        assert _hsts_max_age(got.get("Strict-Transport-Security")) >= 31536000, (path, got)
        assert not [h for h in PAGE_ONLY if h in got], f"{path}: page-only headers sent with a file that is not a page"
        if "immutable" in cache_control(path):
            assert "immutable" in got.get("Cache-Control", ""), path
    for path in ["/", "/bruising/", "/tools/icon/", "/404.html", "/no/such/page/", "/tools/index.html", "/sw.js"]:
        got = headers_for(header_rules, path)
        for name in (*PAGE_ONLY, "X-Content-Type-Options", "Strict-Transport-Security"):
            assert got.get(name), f"{path}: no {name}"


def _azure_headers(config: dict, path: str) -> dict[str, str]:
    """What Azure Static Web Apps sends: globalHeaders, plus the FIRST matching route's headers
    (a route may end in a wildcard only)."""
    out = dict(config["globalHeaders"])
    for route in config.get("routes", []):
        pattern = route["route"]
        if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            out.update(route.get("headers", {}))
            break
    return out


def test_azure_config_sends_the_same_headers_to_the_same_files(built_site, header_rules):
    config = json.loads((built_site / "staticwebapp.config.json").read_text(encoding="utf-8"))
    assert config["responseOverrides"]["404"]["rewrite"] == "/404.html"
    for route in config["routes"]:
        assert "*" not in route["route"][:-1], f"Azure allows a wildcard only at the end: {route['route']}"
    pages = ["/", "/bruising/", "/tools/icon/", "/go/icon/", "/404.html", "/bruising/index.html", "/sw.js"]
    for path in [*_not_pages(built_site), *pages]:
        assert _azure_headers(config, path) == headers_for(header_rules, path), path


def test_no_analytics_in_any_file(built_site):
    for path in built_site.rglob("*"):
        if path.suffix not in (".html", ".js", ".css", ".json", ".webmanifest") or "lunr" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for tracker in ("googletagmanager", "google-analytics", "gtag(", "plausible.io", "matomo.js", "_paq.push"):
            assert tracker not in text, f"{path}: {tracker}"


# --- Chromium under the headers ------------------------------------------------------------------


def test_every_page_loads_under_the_headers_without_a_violation(context, secure_server, built_site, pages):
    page = context.new_page()
    watch = Watch(page, secure_server)
    for url in page_urls(built_site, pages):
        watch.problems.clear()
        response = page.goto(secure_server + url, wait_until="load")
        assert response.status == 200, url
        for name in REQUIRED:
            assert response.headers.get(name.lower()), f"/{url}: no {name} header"
        page.wait_for_timeout(50)
        assert page.locator("article h1").count() == 1, f"/{url}: no page heading"
        watch.check(page, f"/{url}")
    assert context.cookies() == [], "the site set a cookie"
    page.close()


def test_search_works_under_the_headers(context, secure_server):
    page = context.new_page()
    watch = Watch(page, secure_server)
    page.goto(secure_server, wait_until="load")
    page.locator("input.md-search__input").click()
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=15000)  # index ready
    page.locator("input.md-search__input").press_sequentially("bruising", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    watch.check(page, "search")
    page.close()


def test_navigation_and_print_work_under_the_headers(context, secure_server):
    page = context.new_page()
    watch = Watch(page, secure_server)
    page.goto(secure_server, wait_until="load")
    page.locator("nav.md-nav--primary a.md-nav__link[href*='bruising']").first.click()
    page.wait_for_load_state("load")
    assert "/bruising/" in page.url
    assert "bruising" in page.locator("article h1").inner_text().lower()
    page.emulate_media(media="print")
    assert page.locator("article").is_visible()
    assert len(page.pdf()) > 1000  # printing (to PDF) works under the policy
    watch.check(page, "navigation and print")
    page.close()


def test_the_offline_worker_registers_under_the_headers_if_present(context, secure_server, built_site):
    workers = [p for p in ("sw.js", "service-worker.js") if (built_site / p).is_file()]
    if not workers:
        pytest.skip("no service worker in this build")
    page = context.new_page()
    watch = Watch(page, secure_server)
    page.goto(secure_server, wait_until="load")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope.startswith(secure_server)
    watch.check(page, "service worker")
    page.close()


def test_the_404_page_helps_under_the_headers(context, secure_server, site_data):
    page = context.new_page()
    watch = Watch(page, secure_server)
    response = page.goto(secure_server + "no/such/page/", wait_until="load")
    assert response.status == 404
    assert watch.problems == ["console error: Failed to load resource: the server responded with a status of 404 (Not Found)"]
    watch.problems.clear()  # that was the missing page itself
    assert response.headers.get("content-security-policy")
    home = page.locator("article a", has_text="home page")
    assert home.get_attribute("href") == "/"
    shortlinks = page.locator("article .not-found__shortlinks a")
    assert shortlinks.count() == len(site_data.shortlinks)
    for s in site_data.shortlinks.values():
        assert page.locator(f"article .not-found__shortlinks a[href='/go/{s.id}/']").count() == 1, s.id
    page.locator("#not-found-q").fill("bruising")
    page.locator("article button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url == secure_server + "?q=bruising"
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)  # the theme opens search from ?q=
    watch.check(page, "404 page and its search")
    page.close()


def test_the_site_refuses_to_be_framed(context, secure_server):
    page = context.new_page()
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.set_content(f'<iframe id="f" src="{secure_server}"></iframe>')
    page.wait_for_timeout(500)
    frame = page.frame_locator("#f")
    assert frame.locator("article h1").count() == 0, "the site was shown inside a frame"
    assert any("frame-ancestors" in m for m in messages), messages
    page.close()


def test_a_script_typed_into_a_page_is_refused_at_its_line_before_the_engine(tmp_path):
    """Scripts are refused where editors write; what the built pages carry is the theme's, and
    each of those is allowed by its hash."""
    from macros.data.load import DataError, load
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "fathers.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load(project / "docs")
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert any(e.startswith("docs/fathers.md") and f"line {line}" in e and "<script> tag is never allowed" in e
               for e in refused.value.errors), refused.value.errors


def test_every_inline_script_of_a_built_page_is_allowed_by_its_hash_and_no_other(built_site):
    import base64
    import hashlib

    from macros.publish import headers

    page = (built_site / "fathers" / "index.html").read_bytes()
    bodies = [b for a, b in re.findall(rb"<script\b([^>]*)>(.*?)</script>", page, re.S)
              if b"src=" not in a and b"application/json" not in a]  # (JSON data is never run)
    assert bodies, "the theme's pages carry inline scripts"
    want = {"'sha256-" + base64.b64encode(hashlib.sha256(b).digest()).decode() + "'" for b in bodies}
    assert headers.page_script_hashes(page) == want
    meta = re.search(rb'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1).decode()
    allowed = set(re.findall(r"'sha256-[^']+'", " ".join(directives(meta)["script-src"])))
    assert allowed == want, "the page's policy allows exactly its own inline scripts"


def test_every_inline_style_of_every_page_is_allowed_by_its_hash(built_site, global_headers):
    """The first screen's CSS is inlined in a <style> (overrides/main.html): the policy allows it by its
    hash, in the header and in the page's own <meta>, never with 'unsafe-inline'."""
    header = directives(global_headers["Content-Security-Policy"])["style-src"]
    assert "'unsafe-inline'" not in header and all(s == "'self'" or s.startswith("'sha256-") for s in header), header
    found = 0
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        for body in re.findall(r"<style\b[^>]*>(.*?)</style>", text, re.S | re.I):
            found += 1
            digest = f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
            assert digest in header, f"{page.relative_to(built_site)}: inline style not in the CSP header"
            assert meta and digest in directives(meta.group(1))["style-src"], f"{page}: inline style not in its meta CSP"
    assert found, "expected the inlined first-screen CSS in the pages"
