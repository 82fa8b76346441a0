"""The project, read once: mkdocs.yml, the pages and their front matter, and the checked data.

``load_project(root)`` reads everything a build step needs to know about the sources, once, and
checks the data on the way (a problem raises macros.data.load.DataError with the editors' report, as the
build's data check always has). macros/build.py hands the one ``Project`` to every post-build
step, so there is one answer to: what is a page, what is site_url (and is this a preview), a
page's review dates, and any setting of mkdocs.yml.

The engine's macros (macros/__init__.py define_env) run in the engine's own process: they read the
project with the same ``load_project``, from the mkdocs.yml the engine was started with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from macros.data.load import DataError, SiteData, load
from macros.data.page_sources import Page  # (one page; the pages are read once, by data.load)
from macros.data.pages import review_defaults_of, site_config
from macros.data.review import review_info
from macros.data.site_address import is_preview, public_url, site_url


@dataclass(frozen=True)
class Project:
    root: Path
    config: dict  # mkdocs.yml as read by macros.data.yamlfiles.read_config (engine-only tags as None)
    docs_dir: Path
    pages: dict[str, Page]  # by source path under docs/, in macros.data.pages.page_paths order
    data: SiteData

    @property
    def site_url(self) -> str:
        """mkdocs.yml's site_url ending in '/', or '' (macros/data/site_address.py)."""
        return site_url(self.config)

    @property
    def public_url(self) -> str:
        """The address to show readers and print: site_url, or '' in a preview."""
        return public_url(self.config)

    @property
    def is_preview(self) -> bool:
        return is_preview(self.config)

    @property
    def review_defaults(self) -> dict:
        """mkdocs.yml extra.review."""
        return review_defaults_of(self.config)

    def review(self, src: str, today: dt.date | None = None) -> dict:
        """A page's review dates (macros/data/review.py review_info). Raises ReviewError."""
        return review_info(src, self.pages[src].meta, self.review_defaults, today)

    def by_address(self) -> dict[str, str]:
        """Every page as {site path: source path under docs/}, e.g. {'/tools/icon/': 'tools/icon.md'}."""
        return {page.address: src for src, page in self.pages.items()}


def load_project(root: Path | str, docs_dir: Path | str | None = None) -> Project:
    """The project under ``root``, read once and checked. Raises DataError (every problem, for editors).

    ``docs_dir``: the pages' folder, when the engine has already worked it out (define_env); by default
    mkdocs.yml's docs_dir under ``root``."""
    root = Path(root)
    try:
        config = site_config(root)  # None without mkdocs.yml
    except ValueError as exc:  # mkdocs.yml itself cannot be read: reported with every other problem
        load(root / "docs")  # (lists the problem with mkdocs.yml among the data's, and raises DataError)
        raise DataError([str(exc)]) from None
    docs_dir = Path(docs_dir) if docs_dir else root / str((config or {}).get("docs_dir") or "docs")
    data = load(docs_dir, config=config)  # (mkdocs.yml as read just now; the pages are read there, once)
    pages = data.pages
    config = config if config is not None else {}
    data.public_url = public_url(config)
    return Project(root=root, config=config, docs_dir=docs_dir, pages=pages, data=data)
