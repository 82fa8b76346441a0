from macros.data.lookup import get
from macros.render.escape import esc, esc_attr
from macros.render.link import link
from macros.render.print_guide import short_url
from macros.render.source import source
from macros.render.urls import relative

STATUS = {
    "confirmed": "",
    "deck": "Named in the workshop slides; its text was not found published online.",
}


def tool_card(site, tool_id: str, page: str = "a page", level: int = 3) -> str:
    """One card per tool: a Markdown heading (so it is in the contents and has a
    stable #id) followed by what it is, who uses it and when, where to get it and
    its source."""
    t = get(site, "tools", tool_id, page)
    rows = [
        ("What it is", esc(t.what)),
        ("Who uses it", esc(t.who)),
        ("When", esc(t.when)),
    ]
    if t.get == t.sources:  # one line when where to get it is also where the description comes from
        rows.append(("Where to get it and source", "<br>".join(source(site, i, page=page) for i in t.get)))
    else:
        rows.append(("Where to get it", "<br>".join(link(site, i, page=page) for i in t.get)))
        rows.append(("Source", "<br>".join(source(site, i, page=page) for i in t.sources)))
    # Each row has a class (tool-card__what ... tool-card__source), e.g. for the print CSS.
    body = "".join(
        f'<dt class="tool-card__{k.split()[0].lower()}">{k}</dt><dd class="tool-card__{k.split()[0].lower()}">{v}</dd>'
        for k, v in rows
    )
    extra = ""
    if t.messages and t.page != page:  # (its own page shows them once, with icon_messages())
        items = "".join(
            f'<li><strong class="icon-letter">{esc(m.letter)}</strong> {esc(m.text)}</li>' for m in t.messages
        )
        extra += f'<ul class="icon-messages">{items}</ul>'
    if STATUS[t.status]:
        extra += f'<p class="tool-card__status">{esc(STATUS[t.status])}</p>'
    if t.note:
        extra += f'<p class="tool-card__note">{esc(t.note)}</p>'
    if t.page and t.page != page:
        extra += (
            f'<p class="tool-card__more"><a href="{esc_attr(relative(page, t.page))}">'
            f"More about {esc(t.short)}</a></p>"
        )
        short = short_url(site, t.page)
        if short:  # printed instead of the page link (see the print CSS)
            extra += f'<p class="tool-card__short print-only">More, with addresses: {esc(short)}</p>'
    heading = "#" * level
    return (
        f"{heading} {esc(t.name)} {{ #{t.id} }}\n\n"
        f'<div class="tool-card" data-tool-id="{esc_attr(t.id)}"><dl>{body}</dl>{extra}</div>\n'
    )
