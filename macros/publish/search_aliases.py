"""Post-build step: practitioners' everyday words in the site's own search.

For each entry in docs/_data/search_aliases.yml, adds its phrases as search tags
to the one search-index entry for its page (or its page's section), in the
search index Material writes (search/search_index.json). Material's search
weighs tags far above text, so "shaken baby" finds ICON first, and "co-sleeping"
finds the safer sleep section. The phrases are search machinery: they are not shown
on the pages themselves.

Fails the build when an alias's page or section is not in the search index.
Runs before macros.publish.offline (which fingerprints what the service worker saves).
"""

from __future__ import annotations

import json
from pathlib import Path

from macros.project import Project
from macros.render.urls import page_url

ROOT = Path(__file__).resolve().parents[2]

INDEX = Path("search") / "search_index.json"


def alias_location(alias) -> str:
    """The search index's location for an alias: 'tools/icon/' or 'why-babies-are-at-risk/#safer-sleep'."""

    return page_url(alias.page) + (f"#{alias.anchor}" if alias.anchor else "")


def add_aliases(index: dict, aliases) -> list[str]:
    """Tag each alias's entry in ``index`` (changed in place); return one problem per alias not found."""
    by_location = {d.get("location"): d for d in index.get("docs", [])}
    problems = []
    for a in aliases:
        loc = alias_location(a)
        doc = by_location.get(loc)
        if doc is None:
            problems.append(
                f"docs/_data/search_aliases.yml, entry '{a.id}': the search index has no entry for "
                f"'{loc}' (docs/{a.page}{'#' + a.anchor if a.anchor else ''}). Check page and anchor."
            )
            continue
        tags = doc.get("tags") if isinstance(doc.get("tags"), list) else []
        doc["tags"] = tags + [p for p in a.phrases if p not in tags]
    return problems


def run(site_dir: Path, project: Project) -> None:
    path = site_dir / INDEX
    if not path.is_file():
        raise RuntimeError(f"{INDEX} was not built: is the search plugin still listed in mkdocs.yml?")
    index = json.loads(path.read_text(encoding="utf-8"))
    problems = add_aliases(index, project.data.search_aliases.values())
    if problems:
        raise RuntimeError("search aliases lead nowhere:\n  - " + "\n  - ".join(problems))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
