"""Short links for posters, policies and printouts: /go/<id>/ for each entry in docs/_data/shortlinks.yml.

Post-build step. Each short link is a small redirect page (no inline script) to
its page and, when the entry gives an anchor, to that section. Fails, naming
the entry and what to do, when the page was not built or the section is not on it.
"""

from __future__ import annotations

from pathlib import Path

from macros.checks.suggest import closest
from macros.project import Project
from macros.publish.built_site import file_for, page_url, read_page
from macros.publish.redirects import write_stub

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/go/"


class ShortLinkError(Exception):
    pass


def targets(project: Project) -> dict[str, tuple[str, str]]:
    """{'/go/icon/': ('/tools/icon/', title)} for every short link in the data (in file order)."""
    out = {}
    for entry in project.data.shortlinks.values():  # checked when the project was read
        target = "/" + page_url(entry.page) + (f"#{entry.anchor}" if entry.anchor else "")
        out[f"{PREFIX}{entry.id}/"] = (target, entry.title)
    return out


def run(site_dir: Path, project: Project) -> None:
    base = project.site_url
    problems = []
    go_dir = site_dir / PREFIX.strip("/")
    if go_dir.exists() and any(p for p in go_dir.rglob("*.html")):
        problems.append(
            "a page was built under /go/, which is kept for short links: move it (docs/go/) somewhere else"
        )
    for address, (target, title) in targets(project).items():
        entry = address[len(PREFIX):-1]
        where = f"docs/_data/shortlinks.yml, entry '{entry}'"
        built = file_for(site_dir, target)
        if built is None:
            problems.append(f"{where}: its page {target.split('#')[0]} was not built. Check the page path.")
            continue
        if "#" in target:
            anchor = target.split("#", 1)[1]
            ids = read_page(built).ids
            if anchor not in ids:
                # (the theme's own ids, such as __drawer or __search, are never a section)
                sections = sorted(i for i in ids if not i.startswith(("_", "md-")))
                close = closest(anchor, sections)
                hint = f" Did you mean '{close}'?" if close else ""
                problems.append(
                    f"{where}: the section '#{anchor}' is not on {target.split('#')[0]}.{hint} "
                    f"Fix the anchor, or put {{ #{anchor} }} back on the heading."
                )
                continue
        write_stub(site_dir, address, target, base, title, "This short link leads to")
    if problems:
        raise ShortLinkError("short links (/go/<id>/) have problems:\n" + "\n".join(f"  - {p}" for p in problems))
