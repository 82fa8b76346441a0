from macros.render.escape import esc, esc_attr
from macros.render.urls import relative

MESSAGES_PAGE = "key-messages.md"


def key_messages(site, page: str = "a page", style: str = "list") -> str:
    """The key messages. style='list': a numbered list linking to each message;
    style='headings': a heading per message with its stable #id, its text and related pages."""
    if style == "headings":
        parts = []
        for m in site.key_messages.values():
            related = ""
            if m.related:
                links = " · ".join(
                    f'<a href="{esc_attr(relative(page, p))}">{esc(_title(site, p))}</a>' for p in m.related
                )
                related = f'\n\n<p class="key-message__related">Helps you act on it: {links}</p>'
            parts.append(f"## {esc(m.title)} {{ #{m.id} }}\n\n<p>{esc(m.text)}</p>{related}\n")
        return "\n".join(parts)
    if style != "list":
        raise ValueError(f"docs/{page}: key_messages style must be 'list' or 'headings', not '{style}'")
    items = "".join(
        f'<li id="key-{esc_attr(m.id)}"><a href="{esc_attr(relative(page, MESSAGES_PAGE, m.id))}"><strong>'
        f"{esc(m.title)}</strong></a>: {esc(m.text)}</li>"
        for m in site.key_messages.values()
    )
    return f'<ol class="key-messages">{items}</ol>'


def _title(site, src: str) -> str:
    return site.page_titles.get(src, src)
