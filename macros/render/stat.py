from ..escape import esc, esc_attr
from ..figures import figure
from ..lookup import get
from .status import SHORT


def stat(site, stat_id: str, page: str = "a page") -> str:
    """A figure inline in a sentence, flagged when it is not confirmed."""
    s = get(site, "statistics", stat_id, page)
    html = f'<strong class="stat" data-stat-id="{esc_attr(s.id)}">{esc(figure(s, site.statistics))}</strong>'
    if SHORT[s.status]:
        html += f' <small class="stat-status">({esc(SHORT[s.status])})</small>'
    return html
