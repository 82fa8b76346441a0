from macros.data.lookup import get
from macros.render.escape import esc


def icon_messages(site, page: str = "a page") -> str:
    """ICON's four messages, in the programme's own wording, from tools.yml."""
    t = get(site, "tools", "icon", page)
    items = "".join(
        f'<li><strong class="icon-letter">{esc(m.letter)}</strong> {esc(m.text)}</li>' for m in t.messages
    )
    return f'<ul class="icon-messages">{items}</ul>'
