"""The site's macros for mkdocs-macros-plugin.

A thin layer: read the project once (macros/project.py load_project: mkdocs.yml, the pages and
the checked data, the same reader the build uses) before any page is rendered, then register small
pure functions from macros/render/, each told which page is calling it so that errors name the page.
"""

from __future__ import annotations

import functools
import html
import importlib
import os
import sys
from pathlib import Path

from macros.checks.macro_calls import jinja_problems
from macros.data.changelog import latest_change
from macros.data.load import DataError
from macros.data.review import ReviewError, long_date, review_info
from macros.data.site_address import PREVIEW_LABEL, is_preview, public_url
from macros.project import load_project
from macros.registry import MACROS
from macros.render import site_assets
from macros.render.page_additions import append_abbreviations, report_problem, role_links
from macros.render.print_guide import GuideError, guide_info


def _engine_errors() -> tuple[type, ...]:
    """The plugin-error classes of the engines that are installed (MkDocs, ProperDocs)."""
    found = []
    for engine in ("mkdocs", "properdocs"):
        try:
            found.append(importlib.import_module(f"{engine}.exceptions").PluginError)
        except ImportError:
            pass
    return tuple(dict.fromkeys(found)) or (RuntimeError,)  # (one class when one engine is the other's alias)


# One error both engines print without a traceback. (Both are installed: mkdocs-redirects imports
# ProperDocs even when MkDocs builds, so which engine is running cannot be told from what is imported.)
EditorError = type("EditorError", _engine_errors(), {})


def _build_error(message: str) -> Exception:
    return EditorError(message)


# `make serve` sets this. There a data problem is shown on every page of the served site, and the
# next save rebuilds it: the engine's own server would otherwise print a traceback and leave the
# browser waiting until the problem is fixed. `make build` and `make release` never set it.
SERVING = "BSW_SERVE"


def _problem_page(report: str) -> str:
    """Markdown for a page that shows the data problem (braces escaped: the macros render this text)."""
    text = html.escape(report).replace("{", "&#123;").replace("}", "&#125;")
    return ("# The site's data has a problem\n\n<pre class=\"data-problem\">" + text + "</pre>\n\n"
            "Fix it and save the file: this page reloads by itself.\n")


def _latest_changes(site, pages) -> dict:
    out = {}
    for src in pages:
        change = latest_change(site, src)
        if change:
            out[src] = {"id": change.id, "title": change.title, "date": change.date.isoformat(),
                        "date_text": long_date(change.date)}
    return out


def define_env(env):
    docs_dir = Path(env.conf["docs_dir"])
    # The fingerprinted names of assets/site.css, site.js and search-on-demand.js, and the theme's search worker
    # that the last stands in for, for overrides/main.html (the files are written by on_post_build).
    try:
        env.conf["extra"]["site_assets"] = site_assets.names(docs_dir / "assets")
        env.conf["extra"]["theme_search_worker"] = site_assets.theme_search_worker()
    except FileNotFoundError as exc:
        raise _build_error(str(exc)) from None
    try:  # (the mkdocs.yml the engine was started with, and the docs folder it renders)
        project = load_project(Path(env.conf["config_file_path"]).parent, env.conf["docs_dir"])
    except DataError as exc:
        if not os.environ.get(SERVING):
            raise _build_error(exc.report()) from None
        print(exc.report(), file=sys.stderr, flush=True)
        env.variables["data_problem"] = exc.report()  # every page shows it (on_pre_page_macros)
        return
    site = project.data
    # The address printed on tool cards, and whether this is a preview: from the site_url the engine
    # renders with (`mkdocs serve` sets it to its own local address, so a served site is a preview).
    site.public_url = public_url(env.conf)
    env.variables["site_data"] = site
    # For theme templates, which do not see macro variables: the 404 page lists the short links.
    env.conf["extra"]["shortlinks"] = [{"id": s.id, "title": s.title} for s in site.shortlinks.values()]
    # A preview while site_url is a placeholder: every page and printout says so (overrides/main.html).
    env.conf["extra"]["preview"] = is_preview(env.conf)
    env.conf["extra"]["preview_label"] = PREVIEW_LABEL
    # Each page's latest significant change (overrides/partials/page-change.html), by source path.
    env.conf["extra"]["latest_change"] = _latest_changes(site, project.pages)

    def bind(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            page = env.page.file.src_uri if env.page is not None else "a page"
            return fn(site, *args, page=page, **kwargs)

        return call

    for fn in MACROS:
        env.macro(bind(fn), fn.__name__)


def on_pre_page_macros(env):
    """Refuse to render a page with anything but calls of the site's macros (the data check has said so
    already, with the line); then work out its review dates (owner, last reviewed, due)."""
    if "data_problem" in env.variables:  # (make serve, with a data problem: show it instead)
        _show_problem(env, env.variables["data_problem"])
        return
    page = env.page
    # The very text (and title) the plugin is about to render, as the engine read it.
    problems = jinja_problems(env.markdown) + jinja_problems(str(page.title or ""))
    if problems:
        number, problem = problems[0]
        report = (f"docs/{page.file.src_uri}: {problem} (line {number} after the front matter). Nothing in a "
                  "page may run as code: run `make check` for every such problem, with its line.")
        if not os.environ.get(SERVING):
            raise _build_error(report)
        _show_problem(env, report)
        return
    defaults = (env.conf.get("extra") or {}).get("review", {})
    try:
        info = review_info(page.file.src_uri, page.meta, defaults)
    except ReviewError as exc:
        raise _build_error(str(exc)) from None
    page.meta["review"] = {
        "owner": info["owner"],
        "reviewed_by": info["reviewed_by"],
        "reviewed": info["reviewed"],
        "last_reviewed": info["last_reviewed"].isoformat(),
        "last_reviewed_text": long_date(info["last_reviewed"]),
        "review_in": info["review_in"],
        "review_due": info["review_due"].isoformat(),
        "review_due_text": long_date(info["review_due"]),
        "overdue": info["overdue"],
    }
    # One-page guides (one_page_guide: true): short link and QR code for the print footer (none in a preview).
    try:
        page.meta["print_guide"] = guide_info(
            env.variables["site_data"], page.file.src_uri, page.meta, public_url(env.conf))
    except GuideError as exc:
        raise _build_error(str(exc)) from None


def _show_problem(env, report: str) -> None:
    """In `make serve`, the page shows ``report`` instead of its own text, and the plugin renders nothing of
    the page: not its text, not its title (render_macros: false), and no front matter it would print."""
    env.markdown = _problem_page(report)
    env.page.meta.clear()  # (the plugin prints the page's front matter into its log before rendering)
    env.page.meta["render_macros"] = False


def on_post_page_macros(env):
    """Practitioner features: abbreviation tooltips from the glossary on every page, and the
    page's roles. (The everyday words of search_aliases.yml go into the search index only:
    macros/publish/search_aliases.py.)"""
    if "data_problem" in env.variables:
        return
    site, src = env.variables["site_data"], env.page.file.src_uri
    env.markdown = append_abbreviations(env.markdown, site)
    env.page.meta["role_links"] = role_links(site, src)
    try:
        env.page.meta["report_problem"] = report_problem(env.conf, src, env.conf["docs_dir"])
    except LookupError as exc:
        raise _build_error(str(exc)) from None


def on_post_build(env):
    """assets/site.<hash>.css and .js, under the names define_env handed to the templates (build and serve)."""
    site_assets.write(Path(env.conf["docs_dir"]) / "assets", Path(env.conf["site_dir"]) / "assets")
