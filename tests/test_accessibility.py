"""Accessibility (WCAG 2.2 AA): axe-core on every page at phone and desktop widths,
the search dialog, keyboard use, reflow at 320 px, and the accessibility statement."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}


def url_of(site: Path, page: Path) -> str:
    return page.relative_to(site).as_posix().removesuffix("index.html")


def describe(violations: list[dict]) -> list[str]:
    out = []
    for v in violations:
        for node in v["nodes"][:3]:
            out.append(f"{v['id']} ({v['impact']}): {node['target']} — {node['failureSummary'].splitlines()[-1].strip()}")
    return out


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_violations_on_any_page(built_site, server, pages, browser, axe, width):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, service_workers="block")
    page = context.new_page()
    failures = {}
    try:
        for f in pages:
            page.goto(server + url_of(built_site, f))
            found = axe.run(page, options=AXE_OPTIONS).response["violations"]
            if found:
                failures[url_of(built_site, f) or "/"] = describe(found)
    finally:
        context.close()
    assert len(pages) > 10
    assert not failures, "\n".join(f"{p}: {line}" for p, lines in failures.items() for line in lines)


def test_the_open_search_dialog_is_named_and_passes_axe(server, browser, axe):
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    try:
        page.goto(server)
        dialog = page.locator('.md-search[role="dialog"]')
        assert dialog.get_attribute("aria-label") == "Search this guide"
        page.locator('label[for="__search"]').first.click()
        page.locator("input.md-search__input").press_sequentially("bruising", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        found = axe.run(page, context=".md-search", options=AXE_OPTIONS).response["violations"]
        assert not found, describe(found)
    finally:
        context.close()


def test_keyboard_skip_link_and_visible_focus(built_site, server, pages, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    try:
        target = next(f for f in pages if url_of(built_site, f).startswith("tools/"))
        page.goto(server + url_of(built_site, target))
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect(), s = getComputedStyle(a);
            return {text: a.textContent.trim(), href: a.getAttribute('href'), top: r.top, height: r.height,
                    outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
        assert focused["text"] == "Skip to content", "the first Tab reaches the skip link"
        assert focused["height"] > 0 and 0 <= focused["top"] < 844, "the skip link is visible when focused"
        assert focused["outline"] != "none" and focused["width"] >= 2, "focus is clearly visible"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == focused["href"]
        # From the top again, without the skip link: Tab goes through the header in order, then
        # reaches the content, and each stop is on screen and visibly focused.
        page.reload()
        page.keyboard.press("Tab")
        seen = []
        for _ in range(40):
            page.keyboard.press("Tab")
            where = """() => { const a = document.activeElement, s = getComputedStyle(a), r = a.getBoundingClientRect();
                return {inMain: !!a.closest('.md-content'), outline: s.outlineStyle, visible: a.getClientRects().length > 0,
                        onScreen: r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight,
                        what: (a.getAttribute('aria-label') || a.textContent || a.tagName).trim().slice(0, 40)}; }"""
            info = page.evaluate(where)
            for _ in range(10):  # it may be sliding in (the search opens when its field is focused)
                if info["onScreen"]:
                    break
                page.wait_for_timeout(200)
                info = page.evaluate(where)
            seen.append(info)
            if info["inMain"]:
                break
        assert seen[-1]["inMain"], "Tab reaches the page's content after the skip link"
        assert all(s["outline"] != "none" for s in seen if s["visible"]), "every focused element shows an outline"
        hidden = [s["what"] for s in seen if not s["onScreen"]]
        assert not hidden, f"the keyboard reaches things that are off screen (the closed drawer?): {hidden}"
        # On a phone the menu button is a keyboard stop, and Enter opens the menu.
        assert "Menu" in [s["what"] for s in seen]
        page.locator('button.md-header__button[aria-label="Menu"]').focus()
        page.keyboard.press("Enter")
        first_nav = page.locator(".md-sidebar--primary .md-nav__link").first
        first_nav.wait_for(state="visible")
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary, .md-header')")
    finally:
        context.close()


def test_every_page_reflows_at_320_px_without_sideways_scrolling(built_site, server, pages, browser):
    """320 CSS px is a 1280 px screen at 400% zoom; 200% zoom is 640 px, checked too."""
    problems = []
    for width in (320, 640):
        context = browser.new_context(viewport={"width": width, "height": 640}, service_workers="block")
        page = context.new_page()
        try:
            for f in pages:
                page.goto(server + url_of(built_site, f))
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    wide = page.evaluate("""w => [...document.querySelectorAll('.md-content *')]
                        .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.md-typeset__scrollwrap, pre'))
                        .slice(0, 3).map(e => e.tagName + '.' + e.className)""", width)
                    problems.append(f"{url_of(built_site, f) or '/'} at {width}px: {scroll}px wide ({wide})")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_the_accessibility_statement_has_the_public_sector_sections(built_site):
    html = (built_site / "accessibility" / "index.html").read_text(encoding="utf-8")
    for section in ("how-accessible", "contact", "report-a-problem", "enforcement", "technical",
                    "compliance-status", "improving", "preparation"):
        assert f'id="{section}"' in html, f"the accessibility statement needs its '{section}' section"
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Equality and Human Rights Commission" in text and "Equality Advisory and Support Service" in text
    assert re.search(r"prepared on \d{1,2} \w+ \d{4}", text)
    assert 'class="page-review' in html and "data-review-due" in html, "the statement shows its own review date"
    nav = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="accessibility/"' in nav, "the statement is reachable from every page's navigation"
