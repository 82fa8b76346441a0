from macros.render.escape import esc, esc_attr
from macros.render.link import link


def _credit(site, t, page: str) -> str:
    """Where a definition comes from: its source, or this guide's own words (and the official definition)."""
    if t.source:
        return f'<span class="glossary__source">Source: {link(site, t.source, page=page)}.</span>'
    own = "This guide's plain-English explanation."
    if t.see:
        own += f" The official definition: {link(site, t.see, page=page)}."
    return f'<span class="glossary__source glossary__source--own">{own}</span>'


def glossary(site, page: str = "a page") -> str:
    """Every term, alphabetically, as a definition list with a stable #id per term, each
    definition credited to its source or shown as the guide's own explanation."""
    items = []
    for t in sorted(site.glossary.values(), key=lambda t: t.term.lower()):
        expansion = f" <span class=\"glossary__expansion\">({esc(t.expansion)})</span>" if t.expansion else ""
        items.append(f'<dt id="{esc_attr(t.id)}"><strong>{esc(t.term)}</strong>{expansion}</dt>'
                     f"<dd>{esc(t.definition)} {_credit(site, t, page)}</dd>")
    return f'<dl class="glossary">{"".join(items)}</dl>'
