import functools

from macros.data.lookup import get
from macros.render.escape import esc, esc_attr


@functools.lru_cache(maxsize=256)
def qr_svg(address: str) -> str:
    """A QR code of ``address`` as inline SVG, made at build time (segno; no requests), once per address."""
    import segno

    return segno.make(address, error="m").svg_inline(scale=4, border=2, svgclass="share__qr", lineclass=None)


def share_panel(site, share_id: str, page: str = "a page") -> str:
    """A panel to share an official parent-facing resource with a family: a QR code
    and the address, to show on a phone or print. A resource with no official
    address shows the marked gap instead of a guess."""
    s = get(site, "share", share_id, page)
    entry = get(site, "links", s.link, page) if s.link else None
    head = f'<p class="share__title"><strong>Share with a family: {esc(s.title)}</strong></p>'
    if entry is None or entry.url is None:
        return (
            f'<div class="share share--gap" data-share-id="{esc_attr(s.id)}">{head}'
            f'<p class="share__gap"><strong>Not available yet.</strong> {esc(s.gap or "The resource has no checked address yet.")}</p></div>\n'
        )
    shown = entry.url.removeprefix("https://").removesuffix("/")
    return (
        f'<div class="share" data-share-id="{esc_attr(s.id)}" data-share-url="{esc_attr(entry.url)}">{head}'
        f'<p class="share__what">{esc(s.for_families)}</p>'
        f'<p class="share__code" role="img" aria-label="QR code for {esc_attr(shown)}">{qr_svg(entry.url)}</p>'
        f'<p class="share__address">Scan the code, or go to <a class="external" data-link-id="{esc_attr(entry.id)}" '
        f'href="{esc_attr(entry.url)}">{esc(shown)}</a></p>'
        f'<p class="share__from">From {esc(entry.publisher)}.</p></div>\n'
    )
