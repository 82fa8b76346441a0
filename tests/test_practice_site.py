"""Issue 7 on the built site: routes by role, the bruising decision card, glossary
tooltips, search in everyday words, sharing with families and "Report a problem".

Interactive behaviour is checked in Chromium (the session's `browser`), on the
complete build (`built_site`, served by `server`).
"""

from __future__ import annotations

import html
import io
import re
import struct
import zlib
from urllib.parse import urljoin, urlparse

import pytest

from macros.checks.contacts import ROUTES, is_stale
from macros.data.review import long_date
from macros.render.urls import page_url
from tests.conftest import ROOT

PHONE = {"width": 390, "height": 844}
SEARCHES = [  # (query, page it must find first, section it must lead to)
    ("shaken baby", "tools/icon.md", None),
    ("NAI", "bruising.md", None),
    ("non-accidental injury", "bruising.md", None),
    ("dad", "fathers.md", None),
    ("safe sleep", "why-babies-are-at-risk.md", "safer-sleep"),
    ("co-sleeping", "why-babies-are-at-risk.md", "safer-sleep"),
]
NOT_ABBREVIATIONS = {"OK"}  # capitals that are a word, not an abbreviation ("It's OK to walk away")
# Words about the website itself, deliberately kept out of the glossary (see glossary.yml's header):
# "Download the one-page guide (PDF, 64 KB)", "A4", "QR code".
SITE_WORDS = {"PDF", "KB", "A4", "QR"}
NAMES = [r"\bGOV\.UK\b"]  # names written in capitals that are not abbreviations (the government's website)


def _article(path) -> str:
    text = path.read_text(encoding="utf-8")
    m = re.search(r"<article\b.*?</article>", text, re.S)
    return m.group(0) if m else ""


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _built(built_site, src: str):
    return built_site / page_url(src) / "index.html"


# --- Glossary ---------------------------------------------------------------------------------

def test_every_abbreviation_on_every_page_is_defined_in_the_glossary(pages, built_site, site_data):
    terms = {t.term for t in site_data.glossary.values()}
    assert not terms & SITE_WORDS  # (else they would be glossary terms, and checked as such)
    missing = {}
    for page in pages:
        text = _text(_article(page))
        for name in NAMES:
            text = re.sub(name, " ", text)
        for word in re.findall(r"\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b", text):
            if not re.fullmatch(r"[A-Z0-9]+s?|[A-Z][a-z]?[A-Z]{2,}[a-z]?[A-Z]*", word):
                continue  # a name such as DadPad, not an abbreviation
            base = word[:-1] if word.endswith("s") and word[:-1] in terms | SITE_WORDS else word
            if base not in terms and base not in NOT_ABBREVIATIONS | SITE_WORDS:
                missing.setdefault(base, page.relative_to(built_site).as_posix())
    assert not missing, f"abbreviations used on pages but not in docs/_data/glossary.yml: {missing}"


def test_abbreviations_are_explained_in_place_on_every_page(built_site, site_data):
    """Each term with an expansion that a page's own text uses gets an <abbr> with that expansion."""
    expansions = {t.term: t.expansion for t in site_data.glossary.values() if t.expansion}
    checked = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        if "_data" in path.parts:
            continue
        src = path.relative_to(ROOT / "docs").as_posix()
        body = path.read_text(encoding="utf-8").split("\n---", 1)[-1]
        # The page's own prose: no macros, HTML tags, link targets or attribute lists.
        prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]+>|\]\([^)]*\)|\{[^}]*\}", " ", body, flags=re.S)
        built = _built(built_site, src).read_text(encoding="utf-8")
        for term, expansion in expansions.items():
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", prose):
                titles = re.findall(rf'<abbr title="([^"]*)">{re.escape(html.escape(term))}</abbr>', built)
                assert titles, f"docs/{src}: '{term}' has no tooltip"
                assert {html.unescape(t) for t in titles} == {expansion}, f"docs/{src}: '{term}' {titles}"
                checked += 1
    assert checked >= 20  # the check ran over real text


def test_the_glossary_page_lists_every_term_once(built_site, site_data):
    article = _article(_built(built_site, "glossary.md"))
    for t in site_data.glossary.values():
        assert len(re.findall(rf'<dt id="{re.escape(t.id)}"', article)) == 1, t.id


# --- Routes by role ---------------------------------------------------------------------------

def test_each_role_page_shows_what_matters_tools_and_every_contact(built_site, site_data):
    for r in site_data.roles.values():
        article = _article(_built(built_site, f"roles/{r.id}.md"))
        matters = re.search(r'<ol class="role-matters">(.*?)</ol>', article, re.S).group(1)
        hrefs = re.findall(r'href="([^"]+)"', matters)
        assert len(hrefs) == len(r.matters), r.id
        for item, href in zip(r.matters, hrefs):
            assert href.endswith(page_url(item.page) + (f"#{item.anchor}" if item.anchor else "")), (r.id, href)
            assert html.escape(item.why, quote=True) in article or item.why in _text(article), (r.id, item.why)
        for tid in r.tools:
            assert _text(article).count(site_data.tools[tid].name) >= 1, (r.id, tid)
        # Every area's routes to report a concern: a row per area with its in-hours and out-of-hours
        # numbers, and the 999 route (once, in the caption, when every area gives the same number).
        table = re.search(r'<table class="contacts-table">.*?</table>', article, re.S)
        assert table, r.id
        assert article.index('id="contacts"') < table.start() < article.index('class="role-matters"'), r.id
        for a in site_data.areas.values():
            row = re.search(rf'<tr data-area-id="{re.escape(a.id)}">.*?</tr>', table.group(0), re.S)
            assert row, (r.id, a.id)
            routes = {c.when: c for c in site_data.contacts.values() if c.area == a.id}
            assert set(routes) == {"in-hours", "out-of-hours", "emergency"}, a.id
            for when in ("in-hours", "out-of-hours"):
                c = routes[when]
                cell = re.search(rf'<td data-contact-id="{re.escape(c.id)}" data-when="{when}">.*?</td>', row.group(0), re.S)
                assert cell, (r.id, c.id)
                for number in filter(None, (c.phone, c.also)):
                    assert f'href="tel:{number.replace(" ", "")}"' in cell.group(0), (r.id, c.id, number)
            assert f'href="tel:{routes["emergency"].phone.replace(" ", "")}"' in table.group(0), (r.id, a.id)


def test_pages_tagged_with_a_role_link_to_that_roles_page(built_site, site_data):
    assert site_data.page_roles
    for src, roles in site_data.page_roles.items():
        text = _built(built_site, src).read_text(encoding="utf-8")
        nav = re.search(r'<nav class="page-roles".*?</nav>', text, re.S)
        assert nav, src
        assert re.findall(r'data-role="([^"]+)"', nav.group(0)) == roles, src


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def test_a_tap_on_an_abbreviation_writes_out_what_it_stands_for_and_another_tap_hides_it(phone, server):
    """Touch screens show no tooltips: a tap shows the expansion in the text (and a link with an
    abbreviation in it still just follows the link)."""
    phone.goto(server + "bruising/")
    nice = phone.locator("article abbr", has_text=re.compile(r"^NICE$")).first
    said = phone.locator("article .abbr-says")
    assert said.count() == 0
    nice.tap()
    assert said.count() == 1
    assert said.first.text_content() == " (National Institute for Health and Care Excellence)"
    assert nice.evaluate("a => a.nextElementSibling.className") == "abbr-says"
    nice.tap()
    assert said.count() == 0


def test_keyboard_users_reach_each_abbreviation_once_and_see_what_it_stands_for(browser, server):
    """Tab reaches the first of each abbreviation on a page (outside links), and while it has the
    focus it shows its expansion; later uses of the same term are not extra tab stops."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server + "bruising/")
        abbrs = page.locator("article abbr[title]")
        stops = abbrs.evaluate_all("as => as.filter(a => a.tabIndex === 0).map(a => a.title)")
        outside_links = abbrs.evaluate_all("as => as.filter(a => !a.closest('a')).map(a => a.title)")
        assert abbrs.count() > len(stops) > 1  # the page repeats some terms: they are one stop each
        assert sorted(stops) == sorted(set(outside_links))
        first = page.locator("article abbr[tabindex='0']", has_text=re.compile(r"^NICE$"))
        after = "a => getComputedStyle(a, '::after').content"
        assert first.evaluate(after) in ("none", "normal")  # nothing extra until it has the focus
        for _ in range(200):  # Tab through the page, as a keyboard user would, until NICE
            page.keyboard.press("Tab")
            if first.evaluate("a => document.activeElement === a"):
                break
        else:
            pytest.fail("Tab never reached the abbreviation NICE")
        assert first.evaluate(after) == '" (National Institute for Health and Care Excellence)"'
        page.keyboard.press("Tab")
        assert first.evaluate(after) in ("none", "normal")
    finally:
        context.close()


def test_each_role_reaches_its_first_answer_in_three_taps_at_phone_width(phone, server, site_data):
    """Home -> the role (tap 1) -> the first thing that matters (tap 2): on the right page and section."""
    for r in site_data.roles.values():
        phone.goto(server)
        taps = 0
        phone.locator(".roles-list a", has_text=r.name).first.click()
        taps += 1
        phone.wait_for_load_state()
        assert urlparse(phone.url).path == "/" + page_url(f"roles/{r.id}.md")
        first = r.matters[0]
        phone.locator(".role-matters a").first.click()
        taps += 1
        phone.wait_for_load_state()
        assert urlparse(phone.url).path == "/" + page_url(first.page), r.id
        if first.anchor:
            assert urlparse(phone.url).fragment == first.anchor
            phone.locator(f"#{first.anchor}").wait_for(state="visible")
        assert taps <= 3
        # The report routes are on the role page itself, visible at phone width with no sideways scroll.
        phone.go_back()
        phone.wait_for_load_state()
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), r.id


# --- The bruising decision card ---------------------------------------------------------------

def _visible_steps(page, expect=None):
    """The ids of the decision card's steps on screen; with ``expect``, waits (up to 5 s) for those."""
    for _ in range(50):
        shown = page.eval_on_selector_all(".decision-step", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")
        if expect is None or shown == expect:
            break
        page.wait_for_timeout(100)
    return shown


@pytest.mark.parametrize("area", ["banes", "swindon", "wiltshire"])
def test_the_decision_card_reaches_each_areas_route_in_three_taps_from_home(phone, server, site_data, area):
    phone.goto(server)
    phone.locator(".admonition a", has_text="decision card").first.click()  # tap 1
    phone.wait_for_load_state()
    assert _visible_steps(phone, ["mobile"]) == ["mobile"]
    phone.locator("#mobile .decision-answer", has_text="No, not yet").click()  # tap 2
    assert _visible_steps(phone, ["injury"]) == ["injury"]
    name = site_data.areas[area].name
    phone.locator("#injury .decision-answer", has_text=name).click()  # tap 3
    assert _visible_steps(phone, [area]) == [area]
    card = phone.locator(f'#{area} .contact[data-area-id="{area}"]')
    assert card.is_visible()
    routes = [c for c in site_data.contacts.values() if c.area == area]
    assert {c.when for c in routes} == set(ROUTES)  # in hours, out of hours and 999
    for c in routes:
        box = card.locator(f'[data-contact-id="{c.id}"]')
        assert box.is_visible()
        assert box.get_attribute("data-when") == c.when
        hrefs = box.locator("a.phone").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert hrefs == ["tel:" + n.replace(" ", "") for n in (c.phone, c.also) if n], c.id
        assert c.service in box.inner_text(), c.id
    # Where and when the numbers were checked, with a link to each source page.
    checked = card.locator(".contact__checked")
    assert checked.first.is_visible()
    for source in {c.source for c in routes}:
        entry = site_data.links[source]
        cited = checked.locator(f'[data-link-id="{source}"]')
        assert cited.first.is_visible(), source
        if entry.url:
            assert cited.first.get_attribute("href") == entry.url
    for c in routes:
        assert long_date(c.checked_on) in " ".join(checked.all_inner_texts()), c.id
    stale = [c for c in routes if is_stale(c)]  # checked more than 6 months ago: a line per check says so
    assert card.locator(".check-number").count() == len({(c.checked_on, c.checked_how) for c in stale})
    if stale:
        assert card.locator(".check-number").first.inner_text() == "Check before use:"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    # Back in the browser goes back a step.
    phone.go_back()
    assert _visible_steps(phone, ["injury"]) == ["injury"]


def test_the_decision_card_works_without_javascript(browser, server, site_data):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(urljoin(server, page_url("bruising-decision.md")))
        ids = page.eval_on_selector_all(".decision-step", "els => els.map(e => e.id)")
        assert set(_visible_steps(page)) == set(ids) and len(ids) >= 5  # every step is shown
        page.locator("#mobile .decision-answer", has_text="No, not yet").click()
        assert urlparse(page.url).fragment == "injury"
        page.locator("#injury .decision-answer", has_text="Wiltshire").click()
        assert urlparse(page.url).fragment == "wiltshire"
        assert page.locator("#wiltshire [data-contact-id]").count() == sum(
            1 for c in site_data.contacts.values() if c.area == "wiltshire")
    finally:
        context.close()


def test_the_decision_card_prints_on_one_page_with_every_area(browser, server, site_data):
    from pypdf import PdfReader

    page = browser.new_page()
    try:
        page.goto(urljoin(server, page_url("bruising-decision.md")) + "#injury")  # mid-way: the script hid steps
        assert _visible_steps(page, ["injury"]) == ["injury"]
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    # Every area's numbers are printed once, in the one table at the end of the card, not in an
    # answer per area (those are for the screen).
    for a in site_data.areas.values():
        assert f"{a.name}: what to do now" not in text, a.id
        assert a.short in text, a.id
    contacts = list(site_data.contacts.values())
    for c in contacts:
        if c.when != "emergency":
            for number in filter(None, (c.phone, c.also)):
                assert text.count(number) == 1, (c.id, number)
            assert c.service in text, c.id
    emergency = {c.phone for c in contacts if c.when == "emergency"}
    if len(emergency) == 1:  # one number for every area: said once, above the table
        assert f"In immediate danger, ring {next(iter(emergency))}." in text
    else:
        assert all(n in text for n in emergency), emergency
    # Where and when the numbers were checked prints with them, and says when to check again.
    for c in contacts:
        assert long_date(c.checked_on) in text, c.id
    if any(c.checked_how == "public copy" for c in contacts):
        assert "not yet confirmed with the services" in text
    assert ("Check before use" in text) == any(is_stale(c) for c in contacts)


# --- Search in everyday words -----------------------------------------------------------------

@pytest.fixture(scope="module")
def search_page(browser, server):
    page = browser.new_page()
    page.goto(server)
    yield page
    page.close()


@pytest.mark.parametrize("query,src,anchor", SEARCHES)
def test_search_finds_everyday_words_first(search_page, query, src, anchor):
    page = search_page
    page.locator("input.md-search__input").click()
    page.fill("input.md-search__input", "")
    page.locator("input.md-search__input").press("End")
    for _ in range(40):  # the previous query's results are cleared (no page script: the CSP forbids eval)
        if page.locator(".md-search-result__item").count() == 0:
            break
        page.wait_for_timeout(100)
    page.fill("input.md-search__input", query)
    page.locator("input.md-search__input").press("End")  # Material searches on key up
    first = page.locator(".md-search-result__list > .md-search-result__item").first
    first.wait_for(timeout=10000)
    links, previous = [], None
    for _ in range(40):  # until the results for the whole query have settled
        links = first.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        if links and links == previous:
            break
        previous = links
        page.wait_for_timeout(250)
    top = urlparse(links[0])
    assert top.path.rstrip("/") == "/" + page_url(src).rstrip("/"), (query, links)
    if anchor:
        assert any(urlparse(link).fragment == anchor for link in links[1:3]), (query, links)


# --- Share with a family ----------------------------------------------------------------------

def _png_gray(data: bytes) -> tuple[bytes, int, int]:
    """Decode an 8-bit RGB(A) PNG (Chromium's screenshots) to grayscale bytes, width, height."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, prev, rows = zlib.decompress(idat), width * bpp, bytearray(width * bpp), []
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(sum(line[x * bpp:x * bpp + 3]) // 3 for x in range(width)))
        prev = line
    return b"".join(rows), width, height


@pytest.mark.parametrize("share_id,src", [("icon", "tools/icon.md"), ("dadpad", "tools/dadpad.md")])
def test_share_panel_qr_code_leads_to_the_official_resource(browser, server, site_data, share_id, src):
    import zxingcpp

    url = site_data.links[site_data.share[share_id].link].url
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(urljoin(server, page_url(src)))
        panel = page.locator(f'.share[data-share-id="{share_id}"]')
        assert panel.is_visible()
        assert panel.locator("a.external").get_attribute("href") == url
        gray, w, h = _png_gray(panel.locator("svg").screenshot())
        codes = zxingcpp.read_barcodes(memoryview(gray).cast("B", (h, w)))
        assert [c.text for c in codes] == [url]
    finally:
        page.close()


def test_a_resource_with_no_official_address_shows_its_gap_not_a_guess(tmp_path, capsys):
    """Every resource in the real data has its official address now, so a copy of the project
    loses one (safer sleep's): its panel says what is missing, with no QR code and no address,
    and the build lists the gap for editors."""
    import yaml

    from macros.data.load import load
    from macros.build import build
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    data = project / "docs" / "_data" / "share.yml"
    entries = yaml.safe_load(data.read_text(encoding="utf-8"))
    gone = {}
    for e in entries:
        if e["id"] == "safer-sleep":
            gone[e["id"]] = e["link"]
            e["link"], e["gap"] = None, "The NHS page for families has not been checked yet."
    assert gone, "share.yml has no 'safer-sleep' entry to take the address from"
    data.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    site = load(project / "docs")
    gaps = [s for s in site.share.values() if s.link is None]
    assert [s.id for s in gaps] == list(gone)

    out = build(project, tmp_path / "site")
    report = capsys.readouterr().out
    found = 0
    for path in out.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        for s in gaps:
            assert f'data-share-id="{s.id}" data-share-url=' not in text, path  # never a panel with an address
            m = re.search(rf'<div class="share share--gap" data-share-id="{s.id}">.*?</div>', text, re.S)
            if m:
                found += 1
                panel = m.group(0)
                assert "<svg" not in panel and "href" not in panel
                assert site.links[gone[s.id]].url not in panel  # not the address it used to have, either
                assert "Not available yet" in panel and html.escape(s.gap) in panel
    assert found >= len(gaps)
    for s in gaps:
        assert f"share.yml '{s.id}': no official resource to share with families yet — {s.gap}" in report


# --- Report a problem -------------------------------------------------------------------------

def test_every_page_has_report_a_problem_with_its_own_address(pages, built_site, published_site, project):
    """A preview (the real, placeholder site_url) shows each page's path, never the placeholder's
    address; a published guide shows each page's full address."""
    from macros.data.site_address import is_preview, site_url
    from tests.conftest import PUBLISHED_URL, html_pages

    config = project.config
    assert is_preview(config)  # the real site_url is still a placeholder
    placeholder = urlparse(site_url(config)).hostname
    published = html_pages(published_site)
    assert [p.relative_to(published_site) for p in published] == [p.relative_to(built_site) for p in pages]
    for site, listed, base in ((built_site, pages, "/"), (published_site, published, PUBLISHED_URL)):
        for page in listed:
            text = page.read_text(encoding="utf-8")
            rel = page.parent.relative_to(site).as_posix()
            own = base + ("" if rel == "." else rel + "/")
            block = re.search(r'<aside class="report-problem".*?</aside>', text, re.S)
            assert block, (base, rel)
            assert "Report a problem with this page" in block.group(0)
            assert f"<code data-page-address>{own}</code>" in block.group(0), (base, rel)
            assert placeholder not in block.group(0), rel


def test_report_a_problem_leads_to_the_about_pages_section_while_there_is_no_email(phone, server):
    phone.goto(urljoin(server, page_url("tools/dadpad.md")))
    phone.locator(".report-problem__link").click()
    phone.wait_for_load_state()
    assert urlparse(phone.url).path == "/" + page_url("about.md")
    assert urlparse(phone.url).fragment == "report-a-problem"
    phone.locator("#report-a-problem").wait_for(state="visible")
