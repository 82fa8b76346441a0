from macros.data.figures import counts, figure
from macros.data.lookup import get
from macros.render.escape import esc, esc_attr
from macros.render.source import source
from macros.render.status import LONG


def stat_card(site, stat_id: str, page: str = "a page") -> str:
    """A figure with what it counts, its period, base, source and status."""
    s = get(site, "statistics", stat_id, page)
    behind = counts(s, site.statistics)
    behind_html = f' <span class="stat-card__counts">({esc(behind)})</span>' if behind else ""
    note = f'<p class="stat-card__note">{esc(s.note)}</p>' if s.note else ""
    return (
        f'<div class="stat-card stat-card--{esc_attr(s.status)}" id="stat-{esc_attr(s.id)}">'
        f'<p class="stat-card__figure"><strong class="stat" data-stat-id="{esc_attr(s.id)}">'
        f"{esc(figure(s, site.statistics))}</strong>{behind_html} {esc(s.label)}</p>"
        "<dl>"
        f"<dt>Period</dt><dd>{esc(s.period)}</dd>"
        f"<dt>Base</dt><dd>{esc(s.base)}</dd>"
        f"<dt>Source</dt><dd>{source(site, s.source, page)}</dd>"
        f"<dt>Status</dt><dd>{esc(LONG[s.status])}</dd>"
        f"</dl>{note}</div>"
    )
