from macros.render.escape import esc, esc_attr
from macros.render.tool_card import tool_card


def tools_list(site, page: str = "a page", level: int = 2) -> str:
    """A one-line-per-tool list (each linking to its card), then every tool's card, in the
    order of tools.yml."""
    lines = "".join(
        f'<li><a href="#{esc_attr(t.id)}"><strong>{esc(t.short)}</strong></a>: {esc(t.summary)}</li>'
        for t in site.tools.values()
    )
    summary = f'<div class="online-only"><ul class="tools-summary">{lines}</ul></div>\n'
    return summary + "\n".join(tool_card(site, t, page=page, level=level) for t in site.tools)
