"""What the practitioner features add to every page's Markdown before it is converted.

- ``glossary_abbreviations``: one Markdown abbreviation definition per glossary
  term with an expansion (``*[CSPR]: Child Safeguarding Practice Review``), so
  the ``abbr`` extension explains each abbreviation in place, on every page.
- ``role_links``: the roles a page is tagged with, for the page template.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from macros.render.urls import relative


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def glossary_abbreviations(site) -> str:
    """Markdown abbreviation definitions for every glossary term that has an expansion.

    The abbr extension sets each expansion as an HTML attribute, which the
    Markdown library escapes; terms are checked for brackets and line breaks
    when the data is loaded."""
    lines = [
        f"*[{_one_line(t.term)}]: {_one_line(t.expansion)}"
        for t in sorted(site.glossary.values(), key=lambda t: t.term)
        if t.expansion
    ]
    return "\n".join(lines)


def append_abbreviations(markdown: str, site) -> str:
    defs = glossary_abbreviations(site)
    return f"{markdown.rstrip()}\n\n{defs}\n" if defs else markdown


def role_links(site, src: str) -> list[dict]:
    """The roles a page is tagged with, each with its name and the address of its role page."""
    out = []
    for rid in getattr(site, "page_roles", {}).get(src, []):
        role = site.roles.get(rid)
        if role is not None:
            out.append({"id": rid, "name": role.name, "url": relative(src, f"roles/{rid}.md")})
    return out


def report_problem(conf: dict, src: str, docs_dir) -> dict:
    """What the "Report a problem with this page" link needs, from mkdocs.yml extra.report_problem.

    With an email address, a mailto: link with the page's address in the message;
    without one (a marked gap), a link to the fallback page section."""

    rp = (conf.get("extra") or {}).get("report_problem") or {}
    email = rp.get("email")
    fallback = rp.get("fallback")
    if not email and not fallback:
        raise LookupError(
            "mkdocs.yml extra.report_problem: give email (the partnerships' address for reports) "
            "or fallback (a page section such as about.md#report-a-problem)"
        )
    out = {"email": email}
    if fallback:
        page, _, anchor = str(fallback).partition("#")
        if not (Path(docs_dir) / page).is_file():
            raise LookupError(
                f"mkdocs.yml extra.report_problem.fallback: the page '{page}' does not exist under docs/"
            )
        out["href"] = relative(src, page, anchor)
    if email:
        out["mailto"] = f"mailto:{quote(str(email), safe='@')}?subject=" + quote(f"Problem with a page: {src}")
    return out
