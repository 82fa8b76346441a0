"""Offline use: the service worker, the offline banner, the reload prompt, the manifest.

Each test serves the built site from its own local server, which can be switched
"offline" (every connection is dropped unanswered, as with no signal), made slow,
made to answer with a server error, or switched to a newer publication of the site.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from macros.publish import offline
from macros.render import site_assets
from tests.site_server import SiteServer, publish_newer

PUBLISHED = re.compile(r'<meta name="guidance-published" content="([^"]+)"')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@pytest.fixture
def live(built_site):
    s = SiteServer(built_site)
    yield s
    s.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context
    context.close()


def url_of(site: Path, page: Path) -> str:
    return page.relative_to(site).as_posix().removesuffix("index.html")


def human_date(iso: str) -> str:
    d = dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return f"{d.day} {d:%B %Y}"


def precache(site: Path) -> list[str]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"const PRECACHE = (\[.*?\]);", text, re.S).group(1))


def install(page, url: str) -> None:
    """Open `url` and wait until the service worker has saved the site and controls the page."""
    page.goto(url)
    page.evaluate("""async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller)
            await new Promise(r => navigator.serviceWorker.addEventListener("controllerchange", r, {once: true}));
    }""")


# --- the generated worker (no browser) ---------------------------------------------------------

def test_the_worker_saves_every_page_the_search_index_and_the_assets(built_site, pages):
    saved = set(precache(built_site))
    for page in pages:
        assert (url_of(built_site, page) or "./") in saved, f"{page} is not saved for offline use"
    assert "search/search_index.json" in saved
    assert "manifest.webmanifest" in saved
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for asset in re.findall(r'(?:href|src)="(assets/[^"]+\.(?:css|js))"', html):
        assert asset in saved, f"{asset}, used by the home page, is not saved for offline use"
    assert not [p for p in saved if p.endswith((".map", ".pdf"))], "source maps and PDFs are not saved in advance"


def test_a_new_publication_gets_a_new_version(built_site, tmp_path):
    copy = shutil.copytree(built_site, tmp_path / "site")
    version = offline.write_service_worker(copy)
    assert offline.write_service_worker(copy) == version, "the same site must give the same version"
    page = copy / "glossary" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>Changed.</p></article>", 1))
    assert offline.write_service_worker(copy) != version


def test_pages_use_fingerprinted_site_assets(built_site, pages):
    for page in pages:
        html = page.read_text(encoding="utf-8")
        used = re.findall(r'assets/(site(?:\.[0-9a-f]{10})?\.(?:css|js))"', html)
        assert used and all(re.fullmatch(r"site\.[0-9a-f]{10}\.(css|js)", u) for u in used), (page, used)
        for name in used:
            assert (built_site / "assets" / name).exists()


def test_every_page_starts_the_stand_in_for_the_search_worker(built_site, pages, root):
    """The theme's settings on every page name assets/search-on-demand.<hash>.js as the search worker, and that
    file loads the theme's own worker, a file the site has (overrides/main.html, docs/assets/search-on-demand.js)."""
    stand_in = site_assets.names(root / "docs" / "assets")["search-on-demand.js"]
    for page in pages:
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                      page.read_text(encoding="utf-8"), re.S).group(1))
        assert (page.parent / config["search"]).resolve() == (built_site / "assets" / stand_in).resolve(), page
    loads = re.findall(r'importScripts\("([^"]+)"\)', (built_site / "assets" / stand_in).read_text(encoding="utf-8"))
    workers = [p.relative_to(built_site / "assets").as_posix()
               for p in (built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")]
    assert len(workers) == 1 and loads == workers, (loads, workers)


def test_the_fingerprinted_names_are_known_before_the_engine_and_match_the_files(built_site, root):
    """macros/render/site_assets.py names the files from docs/assets alone (handed to the templates before the
    engine runs); the built files under those names hold the minified sources, and no page was rewritten."""
    names = site_assets.names(root / "docs" / "assets")
    for source, name in names.items():
        built = (built_site / "assets" / name).read_bytes()
        assert site_assets.minified(source, (root / "docs" / "assets" / source).read_text(encoding="utf-8")) == (name, built)
        assert len(built) < (root / "docs" / "assets" / source).stat().st_size, f"{name} is not minified"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'assets/{names["site.css"]}"' in home and f'assets/{names["site.js"]}"' in home


def test_the_offline_step_saves_the_fingerprinted_copies_and_stops_without_one(built_site, root, tmp_path):
    """What is saved for offline use is what the pages load: the fingerprinted copies, never the originals; a
    site missing one (the engine's on_post_build did not write it) stops the build, naming it."""
    names = site_assets.names(root / "docs" / "assets")
    paths = offline.precache_list(built_site)
    assert {f"assets/{n}" for n in names.values()} <= set(paths)
    assert not {f"assets/{n}" for n in names} & set(paths), "the un-hashed originals are never saved"
    copy = shutil.copytree(built_site, tmp_path / "site")
    (copy / "assets" / names["site.js"]).unlink()
    with pytest.raises(FileNotFoundError, match=rf"no assets/{re.escape(names['site.js'])}, the fingerprinted copy"):
        offline.check_fingerprinted(copy, root / "docs")
    offline.check_fingerprinted(built_site, root / "docs")  # (the real site has both)

def test_cache_rules_keep_hashed_files_and_revalidate_the_rest(built_site):
    from macros.publish.cache_rules import IMMUTABLE, cache_control, headers

    rules = headers(built_site)
    hashed = [f for f in built_site.rglob("*") if f.is_file() and re.search(r"\.[0-9a-f]{8,}\.(min\.)?(css|js)$", f.name)]
    assert len(hashed) >= 5  # Material's bundle, search worker, two stylesheets; our CSS and JS
    for f in hashed:
        path = "/" + f.relative_to(built_site).as_posix()
        assert rules[path]["Cache-Control"] == IMMUTABLE, path
    for path in ["/", "/index.html", "/sw.js", "/search/search_index.json", "/assets/site.css", "/assets/site.js",
                 "/manifest.webmanifest", "/glossary/index.html"]:
        assert "immutable" not in cache_control(path), f"{path} must be checked on every use"
    assert rules["/sw.js"]["Cache-Control"] == "no-cache"


# --- in Chromium --------------------------------------------------------------------------------

def test_after_one_visit_an_unvisited_page_opens_offline_with_the_banner(live, phone, built_site, pages):
    page = phone.new_page()
    install(page, live.url)
    keys = page.evaluate("""async () => {
        const out = []; for (const n of await caches.keys()) out.push(...(await (await caches.open(n)).keys()).map(r => r.url));
        return out; }""")
    assert len(set(keys)) >= len(precache(live.directory)), "the whole site is saved after the first visit"

    live.offline = True
    target = pages[-1]  # never opened in this browser
    assert url_of(built_site, target) != ""
    page.goto(live.url + url_of(built_site, target))
    expected_h1 = html.unescape(re.sub(r"<[^>]+>", "", H1.search(target.read_text(encoding="utf-8")).group(1)))
    assert page.locator("h1").first.inner_text().strip("¶ \n") == expected_h1.strip("¶ \n")
    published = PUBLISHED.search(target.read_text(encoding="utf-8")).group(1)
    banner = page.locator(".sw-offline")
    assert banner.inner_text() == f"You are offline. This is the guidance as published on {human_date(published)}."
    assert banner.is_visible()
    # search works offline: the index comes from this device
    results = page.evaluate("fetch('%ssearch/search_index.json').then(r => r.json()).then(j => j.docs.length)" % live.url)
    assert results > 0


def test_online_pages_come_from_the_network_without_a_banner(live, phone, built_site, pages):
    page = phone.new_page()
    install(page, live.url)
    before = len(live.requests)
    page.goto(live.url + url_of(built_site, pages[1]))
    assert page.locator(".sw-offline").count() == 0
    assert live.requests[before:] == ["/" + url_of(built_site, pages[1])], (
        "a second page online fetches only its own HTML; everything else comes from this device")


def published_on(page_file: Path) -> str:
    return human_date(PUBLISHED.search(page_file.read_text(encoding="utf-8")).group(1))


def test_a_slow_host_falls_back_to_the_saved_copy_and_says_it_is_slow(live, phone, built_site, pages):
    page = phone.new_page()
    install(page, live.url)
    live.delay = 6
    started = time.monotonic()
    page.goto(live.url + url_of(built_site, pages[2]), timeout=20_000)
    assert time.monotonic() - started < 5.5, "the saved copy is shown after the short timeout"
    banner = page.locator(".sw-offline")
    assert banner.is_visible()
    # The reader is online: the host is slow, and the banner must not say "You are offline".
    assert banner.inner_text() == (f"The site is slow to answer. This is the guidance as published on "
                                   f"{published_on(pages[2])}.")


def test_a_server_error_shows_the_saved_copy_with_its_date(live, phone, built_site, pages):
    page = phone.new_page()
    install(page, live.url)
    live.error = 503
    target = pages[3]
    answer = page.goto(live.url + url_of(built_site, target))
    assert answer.status == 200, "the saved copy, not the host's error page"
    expected_h1 = html.unescape(re.sub(r"<[^>]+>", "", H1.search(target.read_text(encoding="utf-8")).group(1)))
    assert page.locator("h1").first.inner_text().strip("¶ \n") == expected_h1.strip("¶ \n")
    banner = page.locator(".sw-offline")
    assert banner.is_visible()
    assert banner.inner_text() == (f"The site cannot show this page just now. This is the guidance as published on "
                                   f"{published_on(target)}.")
    # Where nothing is saved, the host's own error reaches the reader unchanged.
    assert page.goto(live.url + "no-such-page/").status == 503


def test_a_page_never_saved_says_so_offline(live, phone):
    page = phone.new_page()
    install(page, live.url)
    live.offline = True
    page.goto(live.url + "no-such-page/")
    assert "This page is not saved on this device" in page.content()


def test_a_file_opened_once_is_kept_for_offline_use(live, phone, built_site):
    pdfs = sorted(built_site.rglob("*.pdf"))
    target = pdfs[0] if pdfs else built_site / "sitemap.xml.gz"  # neither is saved in advance
    rel = target.relative_to(built_site).as_posix()
    assert rel not in precache(built_site)
    page = phone.new_page()
    install(page, live.url)
    fetch = "fetch('%s').then(r => r.arrayBuffer()).then(b => b.byteLength)" % (live.url + rel)
    assert page.evaluate(fetch) == target.stat().st_size
    live.offline = True
    assert page.evaluate(fetch) == target.stat().st_size


def test_a_new_publication_offers_a_reload(live, phone, built_site, tmp_path):
    page = phone.new_page()
    install(page, live.url)
    assert page.locator(".sw-update").count() == 0

    # Publish a newer version: a later date on every page, a changed page, a new worker.
    newer = publish_newer(built_site, tmp_path / "newer")
    later = PUBLISHED.search((newer / "index.html").read_text(encoding="utf-8")).group(1)
    live.directory = newer

    page.evaluate("navigator.serviceWorker.ready.then(r => r.update())")
    prompt = page.locator(".sw-update")
    prompt.wait_for(timeout=30_000)
    assert prompt.inner_text().startswith("New guidance available — ")
    with page.expect_navigation():
        prompt.get_by_role("button", name="reload").click()
    assert PUBLISHED.search(page.content()).group(1) == later
    assert page.locator(".sw-update").count() == 0, "the reloaded page is the new guidance: no prompt"


def test_the_manifest_is_valid_and_the_site_installable(live, phone, built_site):
    from PIL import Image

    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    for field in ("name", "short_name", "start_url", "scope", "display", "icons", "theme_color", "background_color"):
        assert manifest.get(field), f"manifest.webmanifest needs {field}"
    sizes = set()
    for icon in manifest["icons"]:
        with Image.open(built_site / icon["src"]) as img:
            assert f"{img.width}x{img.height}" == icon["sizes"], icon
            assert img.format == "PNG" and icon["type"] == "image/png"
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes

    page = phone.new_page()
    install(page, live.url)
    cdp = phone.new_cdp_session(page)
    got = cdp.send("Page.getAppManifest")
    assert got["url"].endswith("/manifest.webmanifest")
    assert got["errors"] == [], got["errors"]
    installability = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's browser contexts are incognito windows, where Chromium never offers to install.
    problems = [e for e in installability if e["errorId"] != "in-incognito"]
    assert problems == [], problems


def test_minified_site_assets_keep_every_rule_and_string(root):
    css = (root / "docs" / "assets" / "site.css").read_text(encoding="utf-8")
    small = site_assets.minified("site.css", css)[1].decode("utf-8")
    assert len(small) < len(css) * 0.9
    uncommented = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    strings = re.findall(r'"(?:\\.|[^"\\\n])*"', uncommented)
    assert strings and all(s in small for s in strings), "strings (e.g. content: \", \") are kept exactly"
    assert small.count("{") == uncommented.count("{")
    for name in ("site.js", "search-on-demand.js"):
        js = (root / "docs" / "assets" / name).read_text(encoding="utf-8")
        small = site_assets.minified(name, js)[1].decode("utf-8")
        assert "/*" not in small and len(small) < len(js)
        strings = re.findall(r'"[^"\n]*"', re.sub(r"/\*.*?\*/", "", js, flags=re.S))
        filled = [s.replace(site_assets.BLANK, site_assets.theme_search_worker()) for s in strings]
        assert re.findall(r'"[^"\n]*"', small) == filled, "every string kept, the theme's worker filled in"
    assert f'"{site_assets.BLANK}"' in (root / "docs" / "assets" / "search-on-demand.js").read_text(encoding="utf-8")


def test_the_search_index_is_downloaded_only_when_the_search_is_opened(live, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    try:
        page.goto(live.url)
        page.wait_for_load_state("networkidle")
        worker = [r for r in live.requests if r.startswith("/assets/javascripts/workers/search.")]
        assert "/search/search_index.json" not in live.requests, "a first view does not download the search index"
        assert worker == [], "nor the theme's search worker (docs/assets/search-on-demand.js stands in for it)"
        page.locator('label[for="__search"]').first.click()
        page.locator("input.md-search__input").press_sequentially("bruising", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert "/search/search_index.json" in live.requests
        assert [r for r in live.requests if r.startswith("/assets/javascripts/workers/search.")]
    finally:
        context.close()


def test_what_the_site_adds_to_a_first_view_stays_under_5000_bytes_gzip(built_site, pages):
    """Budget: the site's own CSS, JS and icon that every page loads, beyond the theme's.
    A size check, not a timing: bench/perf.py measures the same over the network."""
    import gzip

    worst = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        loaded = set(re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html))
        loaded |= set(re.findall(r'<script src="([^"]+)"', html))
        loaded |= set(re.findall(r'"search": "([^"]+)"', html))  # the search worker's stand-in (overrides/main.html)
        own = [u for u in loaded if "assets/javascripts/" not in u and "assets/stylesheets/" not in u]
        size = sum(len(gzip.compress((page.parent / u).resolve().read_bytes(), 6)) for u in own)
        assert own, f"{page}: expected the site's own CSS and JS"
        worst = max(worst, size)
    assert worst <= 5000, f"the site adds {worst} bytes (gzip) to a first view: the budget is 5,000"
