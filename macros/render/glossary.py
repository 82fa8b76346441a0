from ..escape import esc, esc_attr


def glossary(site, page: str = "a page") -> str:
    """Every term, alphabetically, as a definition list with a stable #id per term."""
    items = []
    for t in sorted(site.glossary.values(), key=lambda t: t.term.lower()):
        expansion = f" <span class=\"glossary__expansion\">({esc(t.expansion)})</span>" if t.expansion else ""
        items.append(f'<dt id="{esc_attr(t.id)}"><strong>{esc(t.term)}</strong>{expansion}</dt><dd>{esc(t.definition)}</dd>')
    return f'<dl class="glossary">{"".join(items)}</dl>'
