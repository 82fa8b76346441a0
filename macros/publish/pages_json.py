"""A page index for machines: site/api/pages.json.

Post-build step. Lists every published page with its permanent address, title,
owner, last reviewed and review due dates (front matter, with the defaults in
mkdocs.yml extra.review, as the pages show them), its registered sections, its
short links and its former addresses (redirects from mkdocs.yml redirect_maps).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from macros.project import Project
from macros.publish.built_site import file_for, page_url
from macros.publish.check_addresses import load_registry, sections_by_page
from macros.publish.shortlinks import targets

ROOT = Path(__file__).resolve().parents[2]
OUT = Path("api") / "pages.json"


def _title(meta: dict, built: Path, src: str) -> str:
    if meta.get("title"):
        return str(meta["title"])
    match = re.search(r"<h1[^>]*>(.*?)</h1>", built.read_text(encoding="utf-8"), re.S)
    if match:
        return re.sub(r"<[^>]+>", "", match.group(1)).replace("¶", "").strip()
    return src


def former_addresses(config: dict) -> dict[str, list[str]]:
    """{'/new/': ['/old/']} from the redirects plugin's redirect_maps in mkdocs.yml (old.md: new.md)."""
    out: dict[str, list[str]] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
            for old, new in (plugin["redirects"].get("redirect_maps") or {}).items():
                new = str(new)
                if new.startswith(("http://", "https://")):
                    continue
                target = "/" + page_url(new.split("#", 1)[0])
                out.setdefault(target, []).append("/" + page_url(str(old)))
    return out


def build_index(site_dir: Path, project: Project) -> dict:
    base = project.public_url  # '' in a preview: addresses are paths, never the placeholder
    try:
        sections = sections_by_page(load_registry(project))
    except Exception:  # noqa: BLE001 - the registry's own check reports its problems
        sections = {}
    try:
        short = {}
        for go, (target, _title_text) in targets(project).items():
            short.setdefault(target.split("#")[0], []).append(base + go.lstrip("/") if base else go)
    except Exception:  # noqa: BLE001 - the build's data check reports these
        short = {}
    former = former_addresses(project.config)
    pages = []
    for src, page in project.pages.items():
        address = page.address
        built = file_for(site_dir, address)
        if built is None:
            continue  # not published (excluded or a draft)
        meta = page.meta
        info = project.review(src)
        pages.append({
            "address": (base + address.lstrip("/")) if base else address,
            "path": address,
            "source": f"docs/{src}",
            "title": _title(meta, built, src),
            "owner": info["owner"],
            "reviewed_by": info["reviewed_by"],
            "last_reviewed": info["last_reviewed"].isoformat(),
            "review_due": info["review_due"].isoformat(),
            "sections": sections.get(address, []),
            "short_links": short.get(address, []),
            "former_addresses": former.get(address, []),
        })
    return {"site_url": base, "count": len(pages), "pages": pages}


def run(site_dir: Path, project: Project) -> None:
    out = site_dir / OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(build_index(site_dir, project), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
