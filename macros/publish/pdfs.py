"""Post-build step: a one-page A4 PDF for each guide, and the print pack with all of them.

Pages marked ``one_page_guide: true`` in their front matter (see macros/render/print_guide.py)
are printed by Debian's Chromium through Playwright (never `playwright install`), all in
one browser session, with the site's own print CSS: exactly what Ctrl+P gives.

- site/guides/bsw-<short link>.pdf: one per guide, tagged, A4, with a title in its metadata;
- site/guides/bsw-one-page-guides.pdf: the print pack, every guide on its own page;
- each "(PDF)" size placeholder in the built pages becomes "(PDF, NN KB)".

If a guide does not fit on one page the build fails, naming the guide and by how much it
overflows. Text is never shrunk to fit: shorten the page, or drop one_page_guide. Every
build also prints about how much room each guide has left on its page, nearly full ones
first, so editors know before an edit fails the build.

Run by macros/build.py (STEPS); on its own: python -m macros.publish.pdfs SITE_DIR
"""

from __future__ import annotations

import functools
import http.server
import re
import signal
import sys
import threading
import time
from html import unescape as html_unescape
from pathlib import Path

from macros.project import Project, load_project
from macros.render.print_guide import PACK_NAME, PDF_DIR, Guide, find_guides

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
A4_MM = (210, 297)
PX_PER_MM = 96 / 25.4
SITE_NAME = "BSW practice guide: safeguarding unborn babies and under 1s"
PDF_OPTIONS = dict(format="A4", print_background=True, prefer_css_page_size=True, tagged=True, outline=False)


class GuideOverflow(Exception):
    """One or more guides do not fit on one A4 page."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # the browser closing early is no error


class _Server:
    """The built site on 127.0.0.1 (a random free port) while the browser prints it."""

    def __init__(self, site_dir: Path):
        handler = functools.partial(_Quiet, directory=str(site_dir))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.base

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


# Height of the printed content against the height of the page's printable area, in CSS px,
# measured with the print styles applied at the printable width.
_MEASURE = """() => {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;top:0;left:0;width:1px;height:100vh';
  document.body.appendChild(probe);
  const pageHeight = probe.getBoundingClientRect().height;
  probe.remove();
  // The bottom of the lowest innermost box that prints (not the document's height, nor a
  // container's: the theme stretches those to the window's height), leaving out the footer
  // pinned to the bottom of the sheet but counting the space the article keeps free for it.
  const article = document.querySelector('article.md-content__inner');
  let bottom = 0;
  for (const e of (article || document.body).querySelectorAll('*')) {
    if (e.closest('.print-guide__foot')) continue;
    const r = e.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) continue;
    const s = getComputedStyle(e);
    if (s.position === 'absolute' || s.position === 'fixed') continue;
    const b = r.bottom + (parseFloat(s.marginBottom) || 0);
    if (b > bottom) bottom = b;
  }
  const kept = article ? parseFloat(getComputedStyle(article).paddingBottom) || 0 : 0;
  const content = bottom + kept + window.scrollY;
  return {content, pageHeight};
}"""

_MARGINS = """() => {
  // The @page margins in the site's print CSS, in mm (top, right, bottom, left).
  for (const sheet of document.styleSheets) {
    let rules; try { rules = sheet.cssRules; } catch (e) { continue; }
    for (const rule of rules) {
      const inner = rule.cssRules ? Array.from(rule.cssRules) : [rule];
      for (const r of inner) {
        if (r.constructor.name === 'CSSPageRule' && r.style.margin) return r.style.margin;
      }
    }
  }
  return '';
}"""


NEARLY_FULL_MM = 10  # less room than this on a guide's printed page: the build report says so
ROOM_SLACK_MM = 3


def _margins_mm(css_margin: str) -> tuple[float, float, float, float]:
    """'12mm 14mm' -> (12, 14, 12, 14); '' -> Chromium's default of 1 cm."""
    parts = [float(p[:-2]) for p in css_margin.split() if p.endswith("mm")]
    if not parts:
        return (10.0, 10.0, 10.0, 10.0)
    t, r, b, l = (parts * 4)[:4] if len(parts) == 1 else (
        (parts[0], parts[1], parts[0], parts[1]) if len(parts) == 2 else
        (parts[0], parts[1], parts[2], parts[1]) if len(parts) == 3 else tuple(parts[:4]))
    return t, r, b, l


def _fit(page) -> tuple[float, float]:
    """(height of the printed content, height of one A4 page's printable area), in CSS px, for the
    guide loaded in ``page``: measured with the print styles at the printable width. The page's
    viewport and media are put back afterwards."""
    viewport = page.viewport_size
    t, r, b, l = _margins_mm(page.evaluate(_MARGINS))
    page.set_viewport_size({"width": round((A4_MM[0] - l - r) * PX_PER_MM),
                            "height": round((A4_MM[1] - t - b) * PX_PER_MM)})
    page.emulate_media(media="print")
    try:
        m = page.evaluate(_MEASURE)
    finally:
        page.emulate_media(media="null")
        if viewport:
            page.set_viewport_size(viewport)
    return m["content"], m["pageHeight"]


def room_mm(page) -> float:
    """About how much room is left at the bottom of the printed page, in mm: what the layout
    shows, less ROOM_SLACK_MM for what it does not (the last element's bottom margin), so it
    never promises room that is not there (tests check it against real printing)."""
    content, height = _fit(page)
    return (height - content) / PX_PER_MM - ROOM_SLACK_MM


def _overflow(browser, url: str) -> str:
    """How far the printed guide runs past the bottom of one A4 page, for the error message."""
    page = browser.new_page()
    page.goto(url, wait_until="load")
    content, height = _fit(page)
    page.close()
    extra_px = max(0, content - height)
    extra_mm = max(1, round(extra_px / PX_PER_MM))  # it did spill over: at least 1 mm
    return f"about {extra_mm} mm ({max(extra_px / height, 0.01):.0%} of a page) too long"


def room_report(room: dict[str, float]) -> list[str]:
    """For editors: the room left on each guide's printed page, nearly full ones first."""
    lines = []
    for title, mm in sorted(room.items(), key=lambda kv: kv[1]):
        left = max(0, int(mm))  # rounded down: never promise room that is not there
        note = (" — nearly full: anything added to its printed part must be balanced by something shortened"
                if mm < NEARLY_FULL_MM else "")
        lines.append(f"{title}: about {left} mm left{note}")
    return lines


def _set_title(page, title: str) -> None:
    # Chromium writes the document title as the PDF's /Title.
    page.evaluate("t => { document.title = t; }", title)


def _print_guide(page, base: str, guide: Guide) -> bytes:
    page.goto(base + guide.url, wait_until="load")
    _set_title(page, f"{guide.title} — one-page guide — {SITE_NAME}")
    return page.pdf(**PDF_OPTIONS)


# Builds the print pack in the page: each guide's article (with its print header and
# footer) one after another, each starting on a new page. Links and images are made
# absolute first, so they still work in the combined document.
_COLLECT = """() => {
  const article = document.querySelector('article.md-content__inner');
  const copy = article.cloneNode(true);
  copy.querySelectorAll('[href]').forEach(a => a.setAttribute('href', a.href));
  copy.querySelectorAll('[src]').forEach(e => e.setAttribute('src', e.src));
  copy.querySelectorAll('[id]').forEach(e => e.removeAttribute('id'));
  return copy.innerHTML;
}"""

_ASSEMBLE = """(parts) => {
  // One article per guide, as on its own page, so the print CSS applies to each guide alone.
  const first = document.querySelector('article.md-content__inner');
  parts.forEach((html, i) => {
    const article = document.createElement('article');
    article.className = first.className + ' print-pack__guide';
    article.style.cssText = 'break-before: page';
    article.innerHTML = html;
    first.parentNode.insertBefore(article, first);
  });
  first.remove();
  document.querySelector('.print-pack__guide').style.cssText = '';
}"""


def _print_pack(page, base: str, guides: list[Guide], parts: list[str]) -> bytes:
    """All guides in one PDF; ``parts`` holds each guide's printed article, collected by make_pdfs."""
    page.goto(base + guides[0].url, wait_until="load")
    page.evaluate(_ASSEMBLE, parts)
    _set_title(page, f"One-page guides: print pack ({len(guides)} guides) — {SITE_NAME}")
    return page.pdf(**PDF_OPTIONS)


def kb(size: int) -> str:
    return f"{max(1, round(size / 1024))} KB"


_SIZE = re.compile(r'(<span class="pdf-size" data-pdf-size="([^"]+)">)PDF(</span>)')


def fill_sizes(site_dir: Path) -> int:
    """Replace each '(PDF)' placeholder in the built pages with '(PDF, NN KB)'. Returns how many.

    Checks every page first: if any links to a PDF that was not made, nothing is written."""
    filled = 0
    missing = set()
    changed = {}
    for html in sorted(site_dir.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        if 'class="pdf-size"' not in text:
            continue

        def size(match):
            nonlocal filled
            pdf = site_dir / html_unescape(match.group(2))
            if not pdf.is_file():
                missing.add(match.group(2))
                return match.group(0)
            filled += 1
            return f"{match.group(1)}PDF, {kb(pdf.stat().st_size)}{match.group(3)}"

        new = _SIZE.sub(size, text)
        if new != text:
            changed[html] = new
    if missing:
        raise FileNotFoundError(f"pages link to PDFs that were not made: {', '.join(sorted(missing))}")
    for html, text in changed.items():
        html.write_text(text, encoding="utf-8")
    return filled


def make_pdfs(site_dir: Path, guides: list[Guide], room: dict[str, float] | None = None,
              stop: threading.Event | None = None) -> dict[str, int]:
    """Print every guide and the pack into site_dir/guides/. Returns {path in site: size};
    ``room``, if given, gets the room left on each guide's printed page ({title: mm}); once ``stop``
    is set (the build was stopped), it closes the browser and ends after the guide it is printing."""
    from playwright.sync_api import sync_playwright

    out = site_dir / PDF_DIR
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    too_long = []
    parts: list[str] = []
    with _Server(site_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for guide in guides:
                if stop is not None and stop.is_set():
                    return sizes
                pdf = _print_guide(page, base, guide)
                parts.append(page.evaluate(_COLLECT))  # for the print pack
                pages = _page_count(pdf)
                if pages != 1:
                    too_long.append(
                        f"'{guide.title}' (docs/{guide.src}) prints on {pages} pages, not 1: "
                        f"it is {_overflow(browser, base + guide.url)}. Shorten the page (text is never shrunk to fit), "
                        "put background sections that need not be printed inside <div class=\"online-only\" markdown>, "
                        "or remove one_page_guide: true from its front matter."
                    )
                    continue
                (site_dir / guide.pdf).write_bytes(pdf)
                sizes[guide.pdf] = len(pdf)
                if room is not None:
                    room[guide.title] = room_mm(page)
            if stop is not None and stop.is_set():
                return sizes
            if too_long:
                raise GuideOverflow("a one-page guide does not fit on one A4 page:\n  - " + "\n  - ".join(too_long))
            pack = _print_pack(page, base, guides, parts)
            if _page_count(pack) != len(guides):
                raise GuideOverflow(
                    f"the print pack has {_page_count(pack)} pages for {len(guides)} guides: "
                    "a guide spills onto a second page when printed with the others."
                )
            pack_path = f"{PDF_DIR}/{PACK_NAME}"
            (site_dir / pack_path).write_bytes(pack)
            sizes[pack_path] = len(pack)
        finally:
            browser.close()
    return sizes


def run(site_dir: Path, project: Project) -> None:
    if not Path(CHROMIUM).exists():
        raise RuntimeError("Chromium is missing: run `make setup` (it installs Debian's chromium).")
    guides = find_guides(project.docs_dir, project.data, {src: page.meta for src, page in project.pages.items()})
    if not guides:
        return
    # In a thread of its own: Playwright's sync API refuses to start where an event loop is
    # already running (e.g. inside a test session that has a browser open).
    result: dict = {}
    room: dict[str, float] = {}

    stop, finished = threading.Event(), threading.Event()

    def work():
        try:
            make_pdfs(site_dir, guides, room, stop)
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the caller's thread
            result["error"] = exc
        finally:
            finished.set()

    worker = threading.Thread(target=work, name="pdfs")
    stopping = {signal.SIGINT, signal.SIGTERM}
    # A stop (Ctrl+C, SIGTERM) while the thread starts would leave it running unseen: held until it has.
    signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    try:
        worker.start()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)  # (a stop held until now arrives here)
        finished.wait()  # (not worker.join(): once interrupted, Python 3.11's join no longer waits)
    except BaseException:  # the build was stopped: the browser is closed and the thread ends before it goes on
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
        stop.set()
        if worker.ident is not None:
            finished.wait()
        raise
    if "error" in result:
        raise result["error"]
    fill_sizes(site_dir)
    print("One-page guides, room left at the bottom of the printed page (a guide that grows past it fails the build):")
    for line in room_report(room):
        print(f"  - {line}")


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m macros.publish.pdfs SITE_DIR (a site already built by macros/build.py)", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        run(Path(args[0]), load_project(ROOT))
    except Exception as exc:  # noqa: BLE001
        print(f"PDFs failed: {exc}", file=sys.stderr)
        return 1
    print(f"PDFs made in {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
