from .tool_card import tool_card


def tools_list(site, page: str = "a page", level: int = 2) -> str:
    """Every tool's card, in the order of tools.yml."""
    return "\n".join(tool_card(site, t, page=page, level=level) for t in site.tools)
