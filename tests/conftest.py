"""Shared fixtures: the project root, a built site, a local server and a browser.

The site is built once per test session (the complete build, post-build steps
included) into a temporary folder, never into the working site/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site_data():
    from macros.data.load import load

    return load(ROOT / "docs")


@pytest.fixture(scope="session")
def project():
    """The project as the build reads it once (macros/project.py): mkdocs.yml, the pages, the data."""
    from macros.project import load_project

    return load_project(ROOT)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The complete site, built exactly as `make build` builds it."""
    from macros.build import build

    out = tmp_path_factory.mktemp("built") / "site"
    build(ROOT, out)
    return out


# A published address for tests of what a released guide prints (the real site_url is still a
# placeholder, so the real build is a preview). Test data only: no such site is claimed.
PUBLISHED_URL = "https://bsw-guide.github.io/under-1s/"


def with_site_url(project: Path, url: str) -> Path:
    """``project``'s mkdocs.yml with site_url set to ``url``."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("site_url:")
    end = text.index("\n", start)
    config.write_text(text[:start] + f"site_url: {url}" + text[end:], encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The complete site built as it would be published: a copy of the project with a real-looking
    site_url (so not a preview)."""
    from macros.build import build

    base = tmp_path_factory.mktemp("published")
    project = with_site_url(copy_project(base / "project"), PUBLISHED_URL)
    out = base / "site"
    build(project, out)
    return out


def html_pages(site: Path) -> list[Path]:
    """Every published HTML page (not the 404 page, not redirect stubs)."""
    pages = []
    for p in sorted(site.rglob("*.html")):
        if p.name == "404.html":
            continue
        text = p.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text[:600] and "md-content" not in text:
            continue  # a redirect stub
        pages.append(p)
    return pages


@pytest.fixture(scope="session")
def pages(built_site) -> list[Path]:
    return html_pages(built_site)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def server(built_site):
    """Serves the built site on 127.0.0.1; yields the base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make setup` (it installs Debian's chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def copy_project(dest: Path) -> Path:
    """A copy of the project (sources only) for tests that break things."""
    ignore = shutil.ignore_patterns(".venv", "site", ".site-build-*", ".git", "__pycache__", ".pytest_cache",
                                    "node_modules", ".hypothesis", "bench")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest
