"""External links: every address comes from docs/_data/links.yml, well formed and used; and the
internet checker (`make check-external`) tested offline against a local server."""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from scripts.check_external import check_links, write_reports


def _web_links(site_data):
    return [l for l in site_data.links.values() if l.url and l.url.startswith(("https://", "http://"))]


def test_every_external_address_is_well_formed_https_with_title_and_owner(site_data):
    links = _web_links(site_data)
    assert links
    for link in site_data.links.values():
        assert link.title.strip() and link.publisher.strip(), link.id
    for link in links:
        parts = urlsplit(link.url)
        assert parts.scheme in ("https", "http") and "." in parts.hostname, link.id
        assert not re.search(r"\s", link.url) and parts.hostname == parts.hostname.lower(), link.id
        assert parts.scheme == "https" or link.legacy_http, f"{link.id}: {link.url} is http"
    legacy = [l for l in site_data.links.values() if l.legacy_http]
    assert len(legacy) <= 1, "only the deck's one legacy link may be http"
    for link in legacy:
        assert link.url.startswith("http://") and "2019" in link.url


def test_every_external_address_is_unique(site_data):
    seen = {}
    for link in _web_links(site_data):
        key = link.url.rstrip("/").lower()
        assert key not in seen, f"{link.id} and {seen[key]} have the same address"
        seen[key] = link.id


def test_every_link_is_used_by_at_least_one_page(built_site, pages, site_data):
    used = set()
    for page in pages:
        used |= set(re.findall(r'data-link-id="([^"]+)"', page.read_text(encoding="utf-8")))
    unused = sorted(set(site_data.links) - used)
    # A link is used when a page shows it: by link() or a data file that names it (a statistic's,
    # contact's or glossary entry's source, a glossary entry's see, a tool's get or sources, a share).
    assert not unused, f"links.yml entries no page shows (remove them, or use them on a page or in the data): {unused}"


def test_no_page_links_outside_the_data(built_site, project, site_data):
    """Every external <a href> on every built page, theme included, is a links.yml address shown by link()."""
    base = project.site_url
    by_id = {l.id: l.url for l in site_data.links.values()}
    anchor = re.compile(r"<a\b[^>]*>", re.I)
    for page in sorted(built_site.rglob("*.html")):
        for tag in anchor.findall(page.read_text(encoding="utf-8")):
            href = re.search(r'\bhref="([^"]*)"', tag)
            if not href or not re.match(r"(?i)(https?:)?//", href.group(1)) or href.group(1).startswith(base):
                continue
            link_id = re.search(r'data-link-id="([^"]+)"', tag)
            where = page.relative_to(built_site)
            assert link_id, f"{where}: {href.group(1)} is not from links.yml"
            assert by_id.get(link_id.group(1)) == href.group(1).replace("&amp;", "&"), f"{where}: {tag}"


def test_the_legacy_http_link_is_marked_on_the_page(pages, site_data):
    for link in (l for l in site_data.links.values() if l.legacy_http):
        shown = [p for p in pages if f'data-link-id="{link.id}"' in p.read_text(encoding="utf-8")]
        assert shown
        for page in shown:
            assert re.search(rf'class="external legacy" data-link-id="{link.id}"', page.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the internet checker, offline


class _Handler(http.server.BaseHTTPRequestHandler):
    calls: dict = {}

    def log_message(self, *args):
        pass

    def _answer(self, body: bool):
        path = self.path
        self.calls[path] = self.calls.get(path, 0) + 1
        if path == "/ok":
            code, headers = 200, {}
        elif path == "/gone":
            code, headers = 404, {}
        elif path == "/moved":
            code, headers = 301, {"Location": "/ok"}
        elif path == "/slow":
            time.sleep(0.4)
            code, headers = 200, {}
        elif path == "/flaky":  # busy on the first try, fine on the second
            code, headers = (503, {}) if self.calls[path] == 1 else (200, {})
        elif path == "/no-head":
            code, headers = (405, {}) if self.command == "HEAD" else (200, {})
        else:
            code, headers = 500, {}
        self.send_response(code)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@pytest.fixture(scope="module")
def local_web():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_checker_sorts_addresses_into_ok_dead_redirected_slow(local_web, tmp_path):
    def link(i, path):
        return SimpleNamespace(id=i, url=(local_web + path) if path else None, title=i.title(), publisher="P")

    links = [link("ok", "/ok"), link("gone", "/gone"), link("moved", "/moved"), link("slow", "/slow"),
             link("flaky", "/flaky"), link("no-head", "/no-head"), link("gap", None),
             SimpleNamespace(id="phone", url="tel:01234", title="T", publisher="P"),
             SimpleNamespace(id="closed", url="http://127.0.0.1:9/", title="C", publisher="P")]
    results = {r.id: r for r in check_links(links, timeout=2, retries=1, backoff=0.05, slow=0.3)}
    assert {k: r.status for k, r in results.items()} == {
        "ok": "ok", "gone": "dead", "moved": "redirected", "slow": "slow", "flaky": "ok", "no-head": "ok",
        "gap": "not-checked", "phone": "not-checked", "closed": "dead",
    }
    assert results["moved"].final_url == local_web + "/ok"
    assert results["flaky"].attempts == 2 and results["gone"].attempts == 1  # retried only when worth it
    assert results["closed"].attempts == 2 and results["closed"].code is None

    md, js = write_reports(list(results.values()), tmp_path)
    report = json.loads(js.read_text(encoding="utf-8"))
    assert {r["id"]: r["status"] for r in report["results"]} == {k: r.status for k, r in results.items()}
    text = md.read_text(encoding="utf-8")
    assert "## Dead" in text and f"| gone | {local_web}/gone | HTTP 404 |" in text
    assert f"now {local_web}/ok" in text and "## Slow" in text


def test_check_external_is_not_part_of_the_offline_tests(root):
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    # The checker runs as a module (python -m scripts.check_external) or as a file (scripts/check_external.py).
    assert re.search(r"^check-external:.*\n\t.*\bscripts(?:\.check_external\b|/check_external\.py)", makefile, re.M)
    test_recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "check_external" not in test_recipe and "check-external" not in test_recipe
    assert "make check-external" in (root / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("bad, said", [
    ("htps://www.nice.org.uk/guidance/cg89", "has scheme 'htps'"),
    ("http://www.nice.org.uk/guidance/cg89", "uses http, which is not allowed"),
    ("https://www.nice.org.uk/guid ance/cg89", "contains a space"),
    ("https://nice/guidance/cg89", "has no valid host name"),
])
def test_a_malformed_address_in_the_data_is_named_with_what_to_do(tmp_path, bad, said):
    from macros.data.load import DataError, load
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    links = project / "docs" / "_data" / "links.yml"
    text = links.read_text(encoding="utf-8")
    assert text.count("url: https://www.nice.org.uk/guidance/cg89\n") == 1
    links.write_text(text.replace("url: https://www.nice.org.uk/guidance/cg89\n", f"url: {bad}\n"), encoding="utf-8")
    with pytest.raises(DataError) as failed:
        load(project / "docs")
    message = str(failed.value)
    assert "links.yml, entry 'nice-cg89'" in message and said in message
