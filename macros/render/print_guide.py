"""One-page guides: pages marked ``one_page_guide: true`` in their front matter.

Each guide prints on exactly one A4 page and has a ready-made PDF (written by the
post-build step ``macros/publish/pdfs.py``). This module is the single list of guides,
used by the macros (print header and footer, the "Printable guides" page) and by
the PDF step, so they can never disagree:

- ``find_guides(docs_dir, site)``: every guide, with its short link and PDF name;
- ``guide_info(...)``: what a guide page's template needs (short link and QR code,
  none in a preview), set as ``page.meta.print_guide`` before the page is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.data.pages import page_paths
from macros.data.yamlfiles import front_matter
from macros.render.urls import page_url

PDF_DIR = "guides"  # the PDFs go in site/guides/
PACK_NAME = "bsw-one-page-guides.pdf"  # every guide in one PDF, for training days


class GuideError(ValueError):
    """A page is marked as a one-page guide but something it needs is missing."""


@dataclass(frozen=True)
class Guide:
    src: str  # path under docs/, e.g. tools/icon.md
    title: str
    shortlink: str  # id in shortlinks.yml

    @property
    def url(self) -> str:
        """The page's address inside the site, e.g. 'tools/icon/'."""
        return page_url(self.src)

    @property
    def pdf(self) -> str:
        """The PDF's path inside the site, e.g. 'guides/bsw-icon.pdf'."""
        return f"{PDF_DIR}/bsw-{self.shortlink}.pdf"


def _meta(path: Path) -> dict:
    return front_matter(path)  # {} for a broken front matter: the page checks report it


def shortlink_for(site, src: str) -> str | None:
    """The id of the short link that leads to the page itself (not to one of its sections)."""
    for sl in site.shortlinks.values():
        if sl.page == src and not sl.anchor:
            return sl.id
    return None


def is_guide(meta: dict | None) -> bool:
    return bool(meta) and meta.get("one_page_guide") is True


def find_guides(docs_dir: Path, site, metas: dict[str, dict] | None = None) -> list[Guide]:
    """Every page marked ``one_page_guide: true``, ordered by title. Raises GuideError.

    ``metas``: every page's front matter by source path, when already read (macros.project); by
    default each page's is read here."""
    guides, errors = [], []
    if metas is None:
        metas = {path.relative_to(docs_dir).as_posix(): _meta(path) for path in page_paths(Path(docs_dir))}
    for src, meta in metas.items():
        if not is_guide(meta):
            continue
        sl = shortlink_for(site, src)
        if sl is None:
            errors.append(
                f"docs/{src} is marked one_page_guide: true but has no short link to print on it: "
                f"add an entry to docs/_data/shortlinks.yml with 'page: {src}' (and no anchor)."
            )
            continue
        guides.append(Guide(src=src, title=str(meta.get("title") or src), shortlink=sl))
    if errors:
        raise GuideError("\n".join(errors))
    return sorted(guides, key=lambda g: g.title.lower())


def short_url(site, src: str) -> str | None:
    """The printed short link of a page, e.g. https://example.org/go/icon/, or None (none, or a preview)."""
    sl = shortlink_for(site, src)
    base = getattr(site, "public_url", "")  # set from mkdocs.yml by whoever read it (SiteData.public_url)
    return f"{base}go/{sl}/" if sl and base else None


def qr_svg(address: str) -> str:
    """A QR code for ``address`` as inline SVG (made at build time with segno)."""
    import segno

    qr = segno.make(address, error="m", micro=False)
    svg = qr.svg_inline(scale=1, border=2, omitsize=True, svgclass="print-guide__qr", lineclass=None)
    # Scalable: the size is set in the print CSS; role and label for screen readers.
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code: the current version of this guide" ', 1)


def guide_info(site, src: str, meta: dict, site_url: str) -> dict | None:
    """What the templates need for a one-page guide, or None if the page is not one.

    ``site_url`` is the address to print (site_address.public_url): '' in a preview, when the
    printout carries no address and no QR code, and says it is a preview."""
    if not is_guide(meta):
        return None
    sl = shortlink_for(site, src)
    if sl is None:
        raise GuideError(
            f"docs/{src} is marked one_page_guide: true but has no short link to print on it: "
            f"add an entry to docs/_data/shortlinks.yml with 'page: {src}' (and no anchor)."
        )
    guide = Guide(src=src, title=str(meta.get("title") or src), shortlink=sl)
    info = {"id": sl, "pdf": guide.pdf, "preview": not site_url}
    if site_url:
        base = site_url.rstrip("/") + "/"
        address = base + page_url(src)
        info.update(address=address, short_url=f"{base}go/{sl}/", qr_svg=qr_svg(address))
    return info
