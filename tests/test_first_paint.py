"""First paint: no page waits for a stylesheet or a script before showing its first screen,
and nothing on it moves when the full stylesheets arrive (issue 17).

overrides/main.html inlines overrides/partials/critical.html (written by scripts/critical_css.py)
and adds the full stylesheets without blocking. Here Chromium loads pages with every stylesheet
held back by the test: the page must paint, and must not move once they are let through.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import urllib.request

import pytest

PAGES = ["", "why-babies-are-at-risk/", "bruising/", "tools/", "bruising-decision/", "roles/midwife/", "glossary/"]
SIZES = [(390, 844), (1280, 800)]
REGENERATE = "run `python -m scripts.critical_css` and commit overrides/partials/critical.html"

# Sum of the page's layout shifts (not caused by input) from now on.
WATCH_SHIFTS = """() => { window.__shift = 0; new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: "layout-shift"}); }"""
PAINTED = "performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')"


@pytest.mark.parametrize("width,height", SIZES)
def test_pages_paint_before_the_stylesheets_arrive_and_do_not_move_when_they_do(browser, server, width, height):
    for path in PAGES:
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        held = []
        context.route("**/*.css", lambda route: held.append(route))  # every stylesheet request waits until released below
        page = context.new_page()
        page.goto(server + path, wait_until="domcontentloaded")
        page.wait_for_function(PAINTED, timeout=10000)  # painted while every stylesheet is held back
        assert held, f"/{path}: no stylesheet was requested"
        heading = page.locator("article h1").bounding_box()
        assert heading and heading["y"] < height, f"/{path}: the heading is not on the first screen before the CSS"
        page.evaluate(WATCH_SHIFTS)
        for route in held:
            route.continue_()
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        shift = page.evaluate("window.__shift")
        assert shift < 0.02, f"/{path} at {width}px: the page moved by {shift:.3f} when the stylesheets arrived; {REGENERATE}"
        assert page.locator("article h1").bounding_box() == heading, f"/{path}: the heading moved; {REGENERATE}"
        context.close()


@pytest.mark.parametrize("width,height", SIZES)
def test_the_inline_css_alone_draws_the_first_screen_as_the_full_stylesheets_do(browser, server, width, height):
    """The first-screen CSS leaves out what is not drawn there (the closed drawer's contents, transitions):
    nothing that shows may lose its look. A screenshot with every stylesheet request refused must match
    one with the stylesheets."""
    from PIL import Image, ImageChops

    for path in PAGES:
        shots = []
        for refuse in (True, False):
            context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
            if refuse:
                context.route("**/*.css", lambda route: route.abort())
            page = context.new_page()
            page.goto(server + path, wait_until="load")
            page.wait_for_timeout(300)
            shots.append(Image.open(io.BytesIO(page.screenshot())).convert("L"))
            context.close()
        differ = ImageChops.difference(*shots).point(lambda v: 255 if v > 24 else 0).histogram()[255]
        assert differ <= width * height // 1000, (
            f"/{path} at {width}px: {differ} pixels differ without the full stylesheets; {REGENERATE}")


def test_no_stylesheet_or_script_blocks_the_head(pages):
    """No <link rel=stylesheet> or <script src> in any page's <head> outside the <noscript> fallback."""
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        head = re.sub(r"<noscript\b.*?</noscript>", "", head, flags=re.S)
        assert not re.search(r"<link\b[^>]*\brel=\"?stylesheet", head), f"{page}: a stylesheet blocks the first paint"
        assert not re.search(r"<script\b[^>]*\bsrc=", head), f"{page}: a script in <head> blocks the first paint"


def test_without_javascript_the_full_stylesheets_still_load(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "bruising/", wait_until="load")
    sheets = page.evaluate("Array.from(document.styleSheets, s => s.href).filter(Boolean)")
    assert any("/stylesheets/main." in s for s in sheets) and any(re.search(r"/site\.[0-9a-f]{10}\.css$", s) for s in sheets), sheets
    context.close()



def test_make_serve_pages_load_their_fingerprinted_css_and_js(root):
    """`make serve` (the engine's own server): the names handed to the templates exist there too."""
    from tests.test_serve import _free_port, _make_serve_command, _wait_for

    extra_env, args = _make_serve_command(root)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", *args, "-a", f"127.0.0.1:{port}"], cwd=root,
                              env={**os.environ, **extra_env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        page = _wait_for(base + "bruising/", "<h1", 120)
        assets = re.findall(r'(?:href|src)="((?:\.\./)*assets/site\.[0-9a-f]{10}\.(?:css|js))"', page)
        assert {a.rsplit(".", 1)[1] for a in assets} == {"css", "js"}, assets
        for asset in assets:
            with urllib.request.urlopen(base + "bruising/" + asset, timeout=10) as response:
                assert response.status == 200 and len(response.read()) > 500, asset
    finally:
        server.terminate()
        server.wait(timeout=30)
