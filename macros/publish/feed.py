"""The "What's new" Atom feed: site/feed.xml, from docs/_data/changelog.yml.

Post-build step. Each change is an entry linking to its heading on the What's new
page. Text goes through ElementTree, so any character in the data is escaped.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from macros.data.changelog import changes
from macros.data.site_address import PREVIEW_LABEL
from macros.project import Project

ROOT = Path(__file__).resolve().parents[2]
ATOM = "http://www.w3.org/2005/Atom"
OUT = "feed.xml"
PAGE = "whats-new/"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed(project: Project) -> bytes:
    config = project.config
    base = project.public_url  # '' in a preview: the feed's links are relative, never the placeholder
    preview = project.is_preview
    entries = changes(project.data)
    ET.register_namespace("", ATOM)
    root_el = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = str(text)
        return el

    sub(root_el, "id", "urn:x-preview:bsw-under-1s:" + OUT if preview else base + OUT)
    title = f"{config.get('site_name', 'This site')}: what's new"
    sub(root_el, "title", f"{title} ({PREVIEW_LABEL})" if preview else title)
    sub(root_el, "updated", _stamp(entries[0].date) if entries else _stamp(dt.date.today()))
    sub(root_el, "link", rel="self", href=base + OUT, type="application/atom+xml")
    sub(root_el, "link", rel="alternate", href=base + PAGE, type="text/html")
    author = sub(root_el, "author")
    sub(author, "name", config.get("site_author") or config.get("site_name") or "The site's editors")
    for c in entries:
        entry = sub(root_el, "entry")
        sub(entry, "id", f"urn:x-preview:bsw-under-1s:{PAGE}#{c.id}" if preview else f"{base}{PAGE}#{c.id}")
        sub(entry, "title", c.title)
        sub(entry, "updated", _stamp(c.date))
        sub(entry, "published", _stamp(c.date))
        sub(entry, "link", rel="alternate", href=f"{base}{PAGE}#{c.id}", type="text/html")
        sub(entry, "summary", c.summary, type="text")
    ET.indent(root_el)
    return ET.tostring(root_el, encoding="utf-8", xml_declaration=True) + b"\n"


def run(site_dir: Path, project: Project) -> None:
    (Path(site_dir) / OUT).write_bytes(feed(project))
