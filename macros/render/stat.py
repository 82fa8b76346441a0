from macros.data.figures import figure
from macros.data.lookup import get
from macros.render.escape import esc, esc_attr
from macros.render.status import SHORT


def stat(site, stat_id: str, page: str = "a page", flag: bool = True) -> str:
    """A figure inline in a sentence, flagged when it is not confirmed
    (flag=False only where the surrounding text already says so, e.g. a table caption)."""
    s = get(site, "statistics", stat_id, page)
    html = f'<strong class="stat" data-stat-id="{esc_attr(s.id)}">{esc(figure(s, site.statistics))}</strong>'
    if flag and SHORT[s.status]:
        html += f' <small class="stat-status">({esc(SHORT[s.status])})</small>'
    return html
