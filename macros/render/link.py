from macros.data.lookup import get
from macros.render.escape import esc, esc_attr


def link(site, link_id: str, text: str | None = None, page: str = "a page") -> str:
    """An external link from links.yml, or its title as plain text when it has no address yet."""
    entry = get(site, "links", link_id, page)
    label = esc(text if text is not None else entry.title)
    if entry.url is None:
        return f'<cite class="source-title" data-link-id="{esc_attr(entry.id)}">{label}</cite>'
    if entry.legacy_http:
        return (
            f'<a class="external legacy" data-link-id="{esc_attr(entry.id)}" href="{esc_attr(entry.url)}">{label}</a> '
            f'<small class="legacy-note">(old address from the workshop slides; may be out of date)</small>'
        )
    return f'<a class="external" data-link-id="{esc_attr(entry.id)}" href="{esc_attr(entry.url)}">{label}</a>'
