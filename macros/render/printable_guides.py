import posixpath

from macros.render.escape import esc
from macros.render.print_guide import PACK_NAME, PDF_DIR, find_guides
from macros.render.urls import page_url, relative


def _pdf_link(from_src: str, pdf: str, text: str) -> str:
    """A link to a PDF made after the pages (by macros/publish/pdfs.py), which also fills in its size."""
    href = posixpath.relpath(pdf, page_url(from_src) or ".")
    return (f'<a class="pdf-link" href="{esc(href)}" download>{text} '
            f'(<span class="pdf-size" data-pdf-size="{esc(pdf)}">PDF</span>)</a>')


def _download(title: str) -> str:
    """'Download', with the guide's title for screen readers (every row's link would read the same)."""
    return f'Download<span class="visually-hidden"> {esc(title)}</span>'


def printable_guides(site, page: str = "a page") -> str:
    """Every one-page guide with its PDF and size, and the print pack with all of them."""
    guides = find_guides(site.docs_dir, site)
    rows = "".join(
        f'<tr><td><a href="{esc(relative(page, g.src))}">{esc(g.title)}</a></td>'
        f"<td>{_pdf_link(page, g.pdf, _download(g.title))}</td></tr>"
        for g in guides
    )
    pack = _pdf_link(page, f"{PDF_DIR}/{PACK_NAME}", f"Download all {len(guides)} guides in one file")
    return (
        f'<p class="print-pack">{pack}</p>'
        '<table><thead><tr><th scope="col">Guide</th>'
        f'<th scope="col">One-page PDF</th></tr></thead><tbody>{rows}</tbody></table>'
    )
