"""The project, read once: mkdocs.yml, the pages and their front matter, and the checked data.

``load_project(root)`` reads everything a build step needs to know about the sources, once, and
checks the data on the way (a problem raises macros.data.DataError with the editors' report, as the
build's data check always has). scripts/build.py hands the one ``Project`` to every post-build
step, so there is one answer to: what is a page, what is site_url (and is this a preview), a
page's review dates, and any setting of mkdocs.yml.

(The engine's macros run in the engine's own process, from the engine's own reading of mkdocs.yml:
``env.conf``. They use the same functions for the same answers: site_address, review, pages.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .data import DataError, SiteData, load
from .pages import page_paths, review_defaults_of, site_config
from .review import review_info
from .site_address import is_preview, public_url, site_url
from .urls import page_url
from .yamlfiles import read_front_matter


@dataclass(frozen=True)
class Page:
    """One page: its source path under docs/ ('tools/icon.md'), its file, and its front matter."""

    src: str
    path: Path
    meta: dict = field(default_factory=dict)  # {} when it has none or it cannot be read
    problem: str | None = None  # what is wrong with the front matter (the data check reports it)

    @property
    def address(self) -> str:
        """Its site path: '/', '/bruising/', '/tools/icon/'."""
        return "/" + page_url(self.src)


@dataclass(frozen=True)
class Project:
    root: Path
    config: dict  # mkdocs.yml as read by macros.yamlfiles.read_config (engine-only tags as None)
    docs_dir: Path
    pages: dict[str, Page]  # by source path under docs/, in macros.pages.page_paths order
    data: SiteData

    @property
    def site_url(self) -> str:
        """mkdocs.yml's site_url ending in '/', or '' (macros/site_address.py)."""
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
        """A page's review dates (macros/review.py review_info). Raises ReviewError."""
        return review_info(src, self.pages[src].meta, self.review_defaults, today)

    def by_address(self) -> dict[str, str]:
        """Every page as {site path: source path under docs/}, e.g. {'/tools/icon/': 'tools/icon.md'}."""
        return {page.address: src for src, page in self.pages.items()}


def read_pages(docs_dir: Path) -> dict[str, Page]:
    """Every page (macros.pages.page_paths), its front matter parsed once."""
    pages = {}
    for path in page_paths(docs_dir):
        try:
            meta, problem = read_front_matter(path)
        except OSError as exc:
            meta, problem = None, f"cannot be read ({exc})"
        pages[path.relative_to(docs_dir).as_posix()] = Page(
            src=path.relative_to(docs_dir).as_posix(), path=path, meta=meta if meta is not None else {},
            problem=problem)
    return pages


def load_project(root: Path | str) -> Project:
    """The project under ``root``, read once and checked. Raises DataError (every problem, for editors)."""
    root = Path(root)
    try:
        config = site_config(root)  # None without mkdocs.yml
    except ValueError as exc:  # mkdocs.yml itself cannot be read: reported with every other problem
        load(root / "docs")  # (lists the problem with mkdocs.yml among the data's, and raises DataError)
        raise DataError([str(exc)]) from None
    docs_dir = root / str((config or {}).get("docs_dir") or "docs")
    data = load(docs_dir, config=config)  # (mkdocs.yml as read just now: not read again)
    config = config if config is not None else {}
    data.public_url = public_url(config)
    return Project(root=root, config=config, docs_dir=docs_dir, pages=read_pages(docs_dir), data=data)
