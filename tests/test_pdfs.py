"""One-page A4 guides: the PDFs made by macros/publish/pdfs.py, the browser's own print
of the guide pages, the print pack, the Printable guides page, and the build failing when
a guide grows past one page.

Uses the session's built site (the complete build, PDFs included: a preview, because the real
site_url is a placeholder) and the same site built with a published address (``published_site``).
"""

from __future__ import annotations

import html
import io
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from tests.conftest import PUBLISHED_URL, copy_project
from macros.data.pages import review_defaults_of, site_config
from macros.render.print_guide import PACK_NAME, PDF_DIR, GuideError, find_guides
from macros.data.site_address import PREVIEW_LABEL
from macros.data.review import long_date, review_info

A4_PT = (595.28, 841.89)
REQUIRED = {"bruising.md", "tools/icon.md", "key-messages.md", "pre-birth-protocol.md", "tools/index.md", "reflect.md"}
MIN_PT = 10


def squash(text: str) -> str:
    """Text without any whitespace: PDF text extraction breaks lines anywhere."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def guides(root, site_data):
    return find_guides(root / "docs", site_data)


@pytest.fixture(scope="module")
def site_url():
    return PUBLISHED_URL


def expected_review(root, guide):
    from macros.render.print_guide import _meta

    meta = _meta(root / "docs" / guide.src)
    return review_info(guide.src, meta, review_defaults_of(site_config(root)))


def read_pdf(path: Path) -> PdfReader:
    assert path.is_file(), f"{path.name} was not made"
    return PdfReader(io.BytesIO(path.read_bytes()))


def decode_qr_codes(pdf: Path, page: int = 1) -> list[str]:
    """Render one page of a PDF (poppler's pdftoppm) and read every QR code on it (zxing-cpp)."""
    import zxingcpp

    out = subprocess.run(["pdftoppm", "-r", "200", "-gray", "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    # A binary PGM: "P5\n<width> <height>\n255\n" then one byte per pixel.
    magic, width, height, maxval, pixels = out.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    w, h = int(width), int(height)
    image = memoryview(pixels[: w * h]).cast("B", (h, w))
    return [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_guides_named_in_the_issue_are_one_page_guides(guides):
    marked = {g.src for g in guides}
    assert REQUIRED <= marked, f"not marked one_page_guide: true: {sorted(REQUIRED - marked)}"


def _review_words(review) -> tuple[str, ...]:
    """What a printout says of its review: who reviewed it and when, or when it was drafted."""
    if review["reviewed"]:
        return (f"Last reviewed {long_date(review['last_reviewed'])} by {review['reviewed_by']}",
                f"Review due {long_date(review['review_due'])}")
    return (f"Drafted from the workshop slides and public sources on {long_date(review['last_reviewed'])}",
            "not yet reviewed by a named owner", f"Review due by {long_date(review['review_due'])}")


def test_each_guide_pdf_is_one_tagged_a4_page_with_title_review_date_and_short_link(published_site, guides, root,
                                                                                     site_url):
    for guide in guides:
        pdf = read_pdf(published_site / guide.pdf)
        name = guide.pdf
        assert len(pdf.pages) == 1, f"{name} has {len(pdf.pages)} pages"
        box = pdf.pages[0].mediabox
        assert abs(float(box.width) - A4_PT[0]) < 2 and abs(float(box.height) - A4_PT[1]) < 2, f"{name} is not A4: {box}"
        text = squash(pdf.pages[0].extract_text())
        review = expected_review(root, guide)
        for wanted in (guide.title, *_review_words(review), f"{site_url}go/{guide.shortlink}/",
                       "Printed copies may be out of date"):
            assert squash(wanted) in text, f"{name} does not show {wanted!r}"
        # A date is enough: no build commit, and no claim that the partnerships own or reviewed it.
        # ("build" alone is a word a guide may use: "Every contact can build protection".)
        raw = pdf.pages[0].extract_text()
        assert not re.search(r"\bbuild\s*(?:[0-9a-f]{7,40}\+?|unversioned)\b", raw) and squash("· build") not in text, \
            f"{name} prints a build commit"
        for unwanted in ("Version", "Owner:", "Partnership"):
            assert squash(unwanted) not in text, f"{name} prints {unwanted!r}"
        # Nothing of the site's navigation, search or footer.
        for chrome in ("Skip to content", "Made with", "Back to top", "Cite this page", "Type to start searching"):
            assert squash(chrome) not in text, f"{name} prints the site's {chrome!r}"
        assert guide.title in (pdf.metadata.title or ""), f"{name} has no title in its metadata"
        catalog = pdf.trailer["/Root"]
        assert bool(catalog.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in catalog, \
            f"{name} is not a tagged PDF"


def test_each_guide_qr_code_decodes_to_the_page_address(published_site, guides, site_url):
    for guide in guides:
        codes = decode_qr_codes(published_site / guide.pdf)
        assert site_url + guide.url in codes, f"{guide.pdf}: QR codes read {codes}, none is {site_url + guide.url}"


def _shared_addresses(site: Path, guide) -> set[str]:
    """The addresses of the official resources a guide's page offers to share with a family (its
    share panels, each with a QR code of the resource's own address: not of the guide)."""
    page = (site / guide.url / "index.html").read_text(encoding="utf-8")
    return {html.unescape(u) for u in re.findall(r'<div class="share" [^>]*data-share-url="([^"]+)"', page)}


def test_a_preview_pdf_says_so_and_carries_no_address_or_qr_code(built_site, guides, root):
    """The real site_url is a placeholder: every PDF is a marked preview, with no QR code of its own
    and no address (a share panel's QR code of an official resource still prints)."""
    from macros.data.site_address import is_preview, site_url as configured
    from macros.data.yamlfiles import read_config

    config = read_config(root)
    assert is_preview(config), "mkdocs.yml's site_url is no longer a placeholder: this test is for a preview"
    placeholder = configured(config).removeprefix("https://").rstrip("/")
    assert placeholder, "mkdocs.yml has no site_url"
    # The pack has each guide on its own page, in order.
    printed = [(built_site / g.pdf, 1, g) for g in guides] + \
              [(built_site / PDF_DIR / PACK_NAME, n, g) for n, g in enumerate(guides, start=1)]
    for pdf, number, guide in printed:
        pages = read_pdf(pdf).pages
        expected = len(guides) if pdf.name == PACK_NAME else 1
        assert len(pages) == expected, f"{pdf.name} has {len(pages)} pages, not {expected}"
        text = squash(pages[number - 1].extract_text())
        assert squash(PREVIEW_LABEL) in text, f"{pdf.name} page {number} is not marked as a preview"
        assert squash(placeholder) not in text and "/go/" not in text, f"{pdf.name} page {number} prints an address"
        assert "Printedcopiesmaybeoutofdate" not in text, f"{pdf.name} page {number} points to a current version"
        codes = decode_qr_codes(pdf, number)
        shared = _shared_addresses(built_site, guide)
        assert set(codes) <= shared, \
            f"{pdf.name} page {number} has a QR code of its own: {sorted(set(codes) - shared)}"
        assert not any(placeholder in code for code in codes), (pdf.name, number, codes)


def test_the_print_pack_has_every_guide_each_on_its_own_page(published_site, guides):
    pack = read_pdf(published_site / PDF_DIR / PACK_NAME)
    assert len(pack.pages) == len(guides), f"the pack has {len(pack.pages)} pages for {len(guides)} guides"
    for number, (page, guide) in enumerate(zip(pack.pages, guides), start=1):
        text = squash(page.extract_text())
        assert squash(guide.title) in text, f"page {number} of the pack is not '{guide.title}'"
        assert squash(f"/go/{guide.shortlink}/") in text
        box = page.mediabox
        assert abs(float(box.width) - A4_PT[0]) < 2 and abs(float(box.height) - A4_PT[1]) < 2
    assert "guides" in (pack.metadata.title or "")
    assert bool(pack.trailer["/Root"].get("/MarkInfo", {}).get("/Marked"))


def _links(page_html: str) -> list[tuple[str, str]]:
    """(href, text) of every link to a PDF on a built page."""
    found = re.findall(r'<a class="pdf-link" href="([^"]+)"[^>]*>(.*?)</a>', page_html, re.S)
    return [(html.unescape(href), html.unescape(re.sub(r"<[^>]+>", "", text))) for href, text in found]


def _kb(path: Path) -> str:
    return f"{max(1, round(path.stat().st_size / 1024))} KB"


def test_each_guide_page_links_to_its_pdf_with_its_size(built_site, guides):
    for guide in guides:
        page = built_site / guide.url / "index.html"
        links = _links(page.read_text(encoding="utf-8"))
        assert len(links) == 1, f"{guide.url}: expected one PDF link, found {links}"
        href, text = links[0]
        pdf = (page.parent / href).resolve()
        assert pdf == (built_site / guide.pdf).resolve(), f"{guide.url} links to {href}"
        assert text == f"Download the one-page guide (PDF, {_kb(pdf)})", text


def test_printable_guides_page_lists_every_guide_and_the_pack_with_sizes(built_site, guides):
    page = built_site / "printable-guides" / "index.html"
    links = _links(page.read_text(encoding="utf-8"))
    targets = {(page.parent / href).resolve(): text for href, text in links}
    for path in [built_site / g.pdf for g in guides] + [built_site / PDF_DIR / PACK_NAME]:
        assert path.resolve() in targets, f"the Printable guides page does not link to {path.name}"
        assert f"(PDF, {_kb(path)})" in targets[path.resolve()], targets[path.resolve()]
    body = page.read_text(encoding="utf-8")
    for guide in guides:
        assert html.escape(guide.title, quote=False) in body or guide.title in html.unescape(body)


def test_no_size_placeholder_is_left_unfilled(pages):
    for page in pages:
        assert not re.search(r'data-pdf-size="[^"]*">PDF</span>', page.read_text(encoding="utf-8")), page


_PRINTED_TEXT = """() => {
  // Every element with its own visible text: font size (px), colour, and the colour behind it.
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const bg = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest('svg, script, style, noscript')) continue;
    if (!el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || parseFloat(s.opacity) === 0) continue;  // not printed (e.g. the skip link)
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
    out.push({text: node.textContent.trim().slice(0, 40), size: parseFloat(s.fontSize),
              fg: rgb(s.color).slice(0, 3), alpha: rgb(s.color)[3] ?? 1, opacity, bg: bg(el)});
  }
  return out;
}"""


def _contrast(a, b) -> float:
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        r, g, b_ = (ch(x) for x in c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_browser_print_of_each_guide_page_is_one_page_of_large_dark_text(browser, server, guides):
    failures = []  # every guide is checked, then every problem reported
    for guide in guides:
        page = browser.new_page()
        try:
            page.goto(server + guide.url, wait_until="load")
            # The browser's own print (as Ctrl+P): A4, the page's CSS, no shrinking.
            pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
            if len(pdf.pages) != 1:
                failures.append(f"printing {guide.url} from the browser gives {len(pdf.pages)} pages")
            page.emulate_media(media="print")
            page.wait_for_timeout(400)  # let the theme's colour transitions (125 ms) finish
            problems = []
            for item in page.evaluate(_PRINTED_TEXT):
                if item["opacity"] < 1 or item["alpha"] < 1:
                    problems.append(f"{item['text']!r} is faded (opacity {item['opacity']}, alpha {item['alpha']})")
                elif item["size"] < MIN_PT * 96 / 72 - 0.01:
                    problems.append(f"{item['text']!r} is {item['size'] * 72 / 96:.1f}pt")
                elif _contrast(item["fg"], item["bg"]) < 7:
                    problems.append(f"{item['text']!r} has contrast {_contrast(item['fg'], item['bg']):.1f}:1")
            if problems:
                failures.append(f"{guide.url} in print: " + "; ".join(problems[:6]))
        finally:
            page.close()
    assert not failures, "\n".join(failures)


def test_a_guide_without_a_short_link_is_reported(tmp_path):
    (tmp_path / "page.md").write_text("---\ntitle: A guide\none_page_guide: true\n---\n\n# A guide\n", encoding="utf-8")
    with pytest.raises(GuideError, match=r"docs/page\.md .*shortlinks\.yml"):
        find_guides(tmp_path, SimpleNamespace(shortlinks={}))


def test_a_guide_grown_past_one_page_fails_the_build_naming_it(tmp_path):
    from macros.build import BuildFailed, build

    project = copy_project(tmp_path / "project")
    reflect = project / "docs" / "reflect.md"
    extra = "\n".join(f"- Test question {n}: is this guide still short enough to print on one page?"
                      for n in range(1, 41))
    reflect.write_text(reflect.read_text(encoding="utf-8") + "\n\n## More questions { #more }\n\n" + extra + "\n",
                       encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "site", steps=["pdfs"])
    message = str(failed.value)
    assert "'Reflect' (docs/reflect.md) prints on 2 pages, not 1" in message, message
    assert re.search(r"about \d+ mm \(\d+% of a page\) too long", message), message
    assert "Bruising" not in message and "ICON" not in message, "only the guide that grew is named"
    assert not (tmp_path / "site").exists(), "a failed build must not publish a site"


def test_a_size_placeholder_for_a_pdf_that_was_not_made_is_an_error(tmp_path):
    from macros.publish.pdfs import fill_sizes

    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "made.pdf").write_bytes(b"%PDF-1.4" + b"x" * 3000)
    page = tmp_path / "index.html"
    page.write_text('<a href="guides/made.pdf">(<span class="pdf-size" data-pdf-size="guides/made.pdf">PDF</span>)</a>'
                    '<a href="guides/lost.pdf">(<span class="pdf-size" data-pdf-size="guides/lost.pdf">PDF</span>)</a>',
                    encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="guides/lost.pdf"):
        fill_sizes(tmp_path)
    (tmp_path / "guides" / "lost.pdf").write_bytes(b"%PDF-1.4" + b"x" * 20000)
    assert fill_sizes(tmp_path) == 2
    text = page.read_text(encoding="utf-8")
    assert ">PDF, 3 KB<" in text and ">PDF, 20 KB<" in text
    assert fill_sizes(tmp_path) == 0, "sizes already filled in are left alone"


class _OnlineOnly(HTMLParser):
    """A built page's article split in two: the text of each ``<div class="online-only">`` block,
    as pieces (each heading, paragraph, list item, table cell... on its own), and the text of the
    rest of the article."""

    PIECES = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "th", "td", "caption", "summary"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, starts an online-only block)
        self.online = 0  # depth of open online-only blocks
        self.skip = 0  # inside <script>, <style> or <svg>
        self.buffers: list[list[str]] = []  # the open pieces' text
        self.blocks: list[list[str]] = []
        self.rest: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        starts = tag == "div" and "online-only" in (dict(attrs).get("class") or "").split()
        if starts:
            if not self.online:
                self.blocks.append([])
            self.online += 1
        self.skip += tag in ("script", "style", "svg")
        self.open.append((tag, starts))
        if tag in self.PIECES:
            self.buffers.append([])

    def handle_startendtag(self, tag, attrs):
        pass  # <path/> and the like: no text

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.open):
            return
        while self.open:
            name, starts = self.open.pop()
            self.skip -= name in ("script", "style", "svg")
            if name in self.PIECES:
                text = "".join(self.buffers.pop()).replace("\u00b6", "")
                if self.online and text.strip():
                    self.blocks[-1].append(text)
            if starts:
                self.online -= 1
            if name == tag:
                break

    def handle_data(self, data):
        if self.skip:
            return
        if self.buffers:
            self.buffers[-1].append(data)
        if not self.online:
            self.rest.append(data)


def _online_only(page_html: str) -> tuple[list[list[str]], str]:
    """The online-only blocks of a built page's article (each a list of text pieces) and the text
    of the rest of the article."""
    article = re.search(r'<article class="md-content__inner[^"]*">(.*)</article>', page_html, re.S)
    assert article, "no article on the page"
    parser = _OnlineOnly()
    parser.feed(article.group(1))
    parser.close()
    return parser.blocks, " ".join(parser.rest)


def test_online_only_sections_stay_on_the_page_but_are_not_printed(built_site, guides, root):
    """Each online-only block (a section, a summary list, a repeat of the numbers...) is on the page,
    and none of its text is printed: a piece of it shows in the PDF no more often than in the
    rest of the page (once, if the card's printed table repeats it; never, for its own text)."""
    checked = 0
    for guide in guides:
        page = (built_site / guide.url / "index.html").read_text(encoding="utf-8")
        blocks, rest = _online_only(page)
        source = (root / "docs" / guide.src).read_text(encoding="utf-8")
        if not blocks:
            assert 'class="online-only"' not in source, f"{guide.url}: the online-only parts of docs/{guide.src} are not on the page"
            continue
        printed = squash(read_pdf(built_site / guide.pdf).pages[0].extract_text())
        rest = squash(rest)
        for block in blocks:
            pieces = [squash(piece) for piece in block if len(squash(piece)) >= 12]
            assert pieces, f"{guide.url}: an online-only block with no text: {block}"
            for piece in pieces:
                assert printed.count(piece) <= rest.count(piece), \
                    f"{guide.pdf} prints the online-only text {piece[:60]!r}"
            checked += 1
    assert checked, "no guide has an online-only block to check (bruising.md had two)"


_GROW = """h => {
  // A block of h mm at the end of the guide's printed part (before the parts that are not printed).
  const article = document.querySelector('article.md-content__inner');
  const block = document.createElement('div');
  block.id = 'grow';
  block.style.cssText = 'height:' + h + 'mm;margin:0;padding:0';
  article.insertBefore(block, article.querySelector(':scope > .page-review') || article.querySelector(':scope > .print-guide__foot'));
}"""


def test_the_room_the_build_reports_for_each_guide_is_really_there(browser, server, guides):
    """The build tells editors how much room each guide has left; filling exactly that room still
    prints on one page, and (for a guide of plain paragraphs) a little more does not."""
    from macros.publish.pdfs import PDF_OPTIONS, _page_count, room_mm

    page = browser.new_page()
    rooms = {}
    for guide in guides:
        page.goto(server + guide.url, wait_until="load")
        rooms[guide.title] = room = room_mm(page)
        assert room > -50, f"{guide.title}: {room:.1f} mm (the guide prints on one page, so it cannot be far over)"
        if room > 0:
            page.evaluate(_GROW, room)
            assert _page_count(page.pdf(**PDF_OPTIONS)) == 1, f"{guide.title}: {room:.1f} mm of room promised, not there"
    tight = min(rooms, key=rooms.get)  # the fullest guide: one more block of 8 mm spills over
    page.goto(server + next(g.url for g in guides if g.title == tight), wait_until="load")
    page.evaluate(_GROW, max(rooms[tight], 0) + 8)
    assert _page_count(page.pdf(**PDF_OPTIONS)) == 2, f"{tight}: {rooms[tight]:.1f} mm reported, far more room in fact"
    page.close()


def test_the_room_report_puts_nearly_full_guides_first_and_never_rounds_up():
    from macros.publish.pdfs import room_report

    lines = room_report({"Roomy": 120.9, "Tight": 2.7, "Over": -1.0})
    assert lines[0] == ("Over: about 0 mm left — nearly full: anything added to its printed part must be "
                        "balanced by something shortened")
    assert lines[1].startswith("Tight: about 2 mm left — nearly full")
    assert lines[2] == "Roomy: about 120 mm left"
