"""Check every page's front matter before the engine reads it, listing every problem at once.

MkDocs parses front matter with a YAML loader that crashes (with a traceback) on
an impossible date such as ``last_reviewed: 2026-02-31``. This module reads each
page's front matter the same way the data files are read (dates kept as text),
and checks what every page must have:

- ``title`` and ``description`` (not empty);
- review dates: ``last_reviewed`` (a real date, not in the future) and ``review_in``
  ("6 months", "1 year"), from the page or from the defaults in mkdocs.yml
  ``extra.review``; ``owner`` and ``reviewed_by`` (who reviewed it) once a named
  owner has reviewed the page (until then the page says it is a draft, and
  ``make release`` refuses it).

The rules are pydantic models in macros/data/schema.py (FrontMatter, and ReviewDefaults and ReportProblem
for mkdocs.yml extra); this module turns each of their errors into the message editors are told.

(The build's review report and api/pages.json take each page's review dates from the one project
model, macros/project.py: Project.review.)
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from pathlib import Path

import yaml
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from macros.checks.suggest import PATH_CUTOFF, closest
from macros.data.review import defaults_for, review_info
from macros.data.schema import (
    AT_LINE,
    OUR_FIELDS,
    REVIEW_FIELDS,
    THEME_FIELDS,
    FrontMatter,
    ReportProblem,
    ReviewDefaults,
    plain_text,
    without_tags,
)
from macros.data.yamlfiles import cut_echo, explain_yaml_error, read_config

KNOWN_FIELDS = OUR_FIELDS + THEME_FIELDS


def site_config(root: Path) -> dict | None:
    """mkdocs.yml as a dict, or None when there is none next to docs/. Raises ValueError saying, for
    editors, what is wrong with it."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None
    try:
        return read_config(root)
    except yaml.MarkedYAMLError as exc:
        number, problem = explain_yaml_error(exc, config.read_text(encoding="utf-8", errors="replace"))
        raise ValueError(f"mkdocs.yml{f', line {number}' if number else ''}: {problem}.") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"mkdocs.yml cannot be read: {exc}") from None


def review_defaults_of(conf: dict) -> dict:
    return ((conf.get("extra") or {}).get("review")) or {}


def _line_of(text: str, field: str) -> str:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{field}:"):
            return f" (line {number})"
    return ""


def page_paths(docs_dir: Path) -> list[Path]:
    """The one answer to "which files are pages": every Markdown file under docs/, except the data
    folder docs/_data/ (excluded from the site in mkdocs.yml), in a stable order."""
    return [p for p in sorted(Path(docs_dir).rglob("*.md")) if _is_page_src(p.relative_to(docs_dir).as_posix())]


def _is_page_src(src: str) -> bool:
    parts = src.split("/")
    return src.endswith(".md") and "_data" not in parts and not {"", ".", ".."} & set(parts) and "\\" not in src


def is_page(docs_dir: Path, src: str) -> bool:
    """True when ``src`` (a path under docs/, as data files and links name pages) is one of the pages:
    never a path leading out of docs/ ('../../etc/passwd'), which is not a page of this site."""
    return _is_page_src(str(src)) and (Path(docs_dir) / src).is_file()


# What else the site publishes from docs/ besides pages: the kinds of file of its assets. (Not .svg: a
# drawing that can carry a script. Not .txt, .yml, .docx: notes and data are not published.)
PUBLISHED_KINDS = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".webmanifest", ".pdf")
# Copies that editors' programs leave beside a file: never published (exclude_docs in mkdocs.yml lists the
# same names, and tests/test_untrusted_source.py checks that it does), never reported.
BACKUP_NAMES = ("*.bak", "*~", "*.swp", "*.orig", "*.tmp")


def stray_files(docs_dir: Path) -> list[str]:
    """One message for each file under docs/ that is neither a page, nor data (docs/_data/), nor one of
    PUBLISHED_KINDS, nor a backup copy: the engine would publish it as it is."""

    found = []
    for path in sorted(Path(docs_dir).rglob("*")):
        rel = path.relative_to(docs_dir)
        if (not path.is_file() or rel.parts[0] == "_data" or any(part.startswith(".") for part in rel.parts)
                or path.suffix.lower() in (".md", *PUBLISHED_KINDS)
                or any(fnmatch.fnmatch(path.name, name) for name in BACKUP_NAMES)):
            continue  # (hidden files and folders: the engine never publishes them)
        found.append(f"docs/{rel.as_posix()}: is not a page or an image, style or script, and would be published "
                     f"for anyone to read as it is. Move it out of docs/ (data belongs in docs/_data/), or delete it.")
    return found


def links_leading_outside(root: Path, docs_dir: Path, config: dict | None = None) -> list[str]:
    """One message for each symbolic link under docs/ and the theme's overrides/ (theme.custom_dir) that
    leads outside the project: the engine would publish whatever it points at (/etc/passwd, a private
    folder). Links within the project are followed, as the engine follows them."""

    root = Path(root).resolve()
    custom = ((config or {}).get("theme") or {}).get("custom_dir") if isinstance(config, dict) else None
    found = []
    for top in dict.fromkeys([Path(docs_dir), Path(root) / str(custom or "overrides")]):
        if not os.path.lexists(top):
            continue
        shown_top = os.path.relpath(top, root) if Path(top).resolve().is_relative_to(root) else str(top)
        if not Path(top).resolve().is_relative_to(root):
            found.append(f"{shown_top}: leads outside the project (to {Path(top).resolve()}). Keep the site's "
                         "pages and theme files inside the project folder.")
            continue
        seen = set()  # folders already read (a link back to a parent folder would otherwise go round forever)
        for folder, dirs, files in os.walk(top, followlinks=True):
            real = Path(folder).resolve()
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
            for name in sorted(dirs + files):
                path = Path(folder) / name
                if path.is_symlink() and not path.resolve().is_relative_to(root):
                    shown = Path(shown_top) / path.relative_to(top)
                    found.append(f"{shown.as_posix()}: is a link to {os.readlink(path)}, outside the project, so the "
                                 "build would publish what it points at. Remove the link, or put a copy of the file "
                                 "itself there if it belongs on the site.")
            dirs[:] = [d for d in dirs if (Path(folder) / d).resolve().is_relative_to(root)]
    return found


def nearest_page(docs_dir: Path, wanted: str) -> str | None:
    """The page (a path under docs/) an editor most likely meant by ``wanted``, a path under docs/ that
    does not exist: one with the same file name in another folder, else the closest spelling; or None."""
    pages = [p.relative_to(docs_dir).as_posix() for p in page_paths(Path(docs_dir))]
    name = wanted.rsplit("/", 1)[-1]
    same_name = [p for p in pages if p.rsplit("/", 1)[-1] == name]
    return same_name[0] if same_name else closest(wanted, pages, PATH_CUTOFF)


def check_page(page, defaults: dict, today: dt.date, errors: list[str], defaults_broken: bool = False,
               valid: dict | None = None) -> dict | None:
    """Check one page (macros.data.page_sources.Page: its front matter as read once); append one message per
    problem; return its review dates when they are good. ``defaults_broken``: mkdocs.yml extra.review is
    wrong, and its own message says so: a page missing the interval it would give is not told again.
    ``valid``: gets the page's front matter (FrontMatter) with the fields that are right, by its path, for
    the references it declares (macros/checks/references.py resolves them with every other one)."""
    src, where = page.src, f"docs/{page.src}"
    if not re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*/)*[a-z0-9]+(-[a-z0-9]+)*\.md", src):
        parts = [re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", p.lower())).strip("-") for p in src[:-3].split("/")]
        errors.append(f"{where}: its name becomes the page's permanent address, so it is written in lower case "
                      f"with hyphens, no spaces or capitals: rename it to docs/{'/'.join(parts)}.md (and its "
                      "entry in nav: in mkdocs.yml).")
    meta, problem = page.meta, page.problem
    if problem:
        errors.append(f"{where}: {problem}.")
        return None
    meta = {str(name): value for name, value in meta.items()}
    valid = {} if valid is None else valid
    try:
        valid[src] = FrontMatter.model_validate(meta, context={"defaults": defaults_for(src, defaults), "today": today})
    except ValidationError as exc:
        errs = exc.errors()
        wrong = {err["loc"][0] for err in errs if err["loc"]}
        # (the fields that are right, as they are, so their references are still checked)
        valid[src] = FrontMatter.model_construct(**{k: v for k, v in meta.items()
                                                    if k in FrontMatter.model_fields and k not in wrong})
        for err in list(errs):  # (a name that is not a field: its value is plain text all the same)
            if err["type"] == "extra_forbidden":
                try:
                    plain_text(err["input"], err["loc"][0])
                except PydanticCustomError as problem:
                    errs.append({"type": problem.type, "loc": err["loc"], "msg": problem.message()})
        order = list(meta)
        # (in the order editors have always been told them: names that are not fields, then what is not
        # plain text, then missing title or description, then the review dates)
        rank = {"extra_forbidden": 0, "plain_text": 1}
        errs.sort(key=lambda e: (rank.get(e["type"], 2), order.index(e["loc"][0]) if e["type"] in rank
                                 else KNOWN_FIELDS.index(e["loc"][0])))
        for err in errs:
            if not (defaults_broken and err["type"] == "missing_interval"):
                errors.extend(_front_matter_messages(where, page.text or "", err))
        if any(err["loc"][0] in ("last_reviewed", "review_in") for err in errs):
            return None
    # The dates themselves: worked out in one place (macros/data/review.py), as the pages show them.
    return {"src": src, "title": str(meta.get("title") or src), **review_info(src, meta, defaults, today)}


def _front_matter_messages(where: str, text: str, err: dict) -> list[str]:
    """One pydantic error in a page's front matter, as the editor is told it (none for a bad review
    default: mkdocs.yml's own message says it)."""
    name = str(err["loc"][0])
    field = f"{where}, front matter field '{name}'"
    if err["type"] == "extra_forbidden":
        near = closest(name, KNOWN_FIELDS)
        hint = f"Did you mean '{near}'?" if near else "Rename it to one pages have, or remove it."
        return [f"{field}{_line_of(text, name)} is not a field pages have, so it would be ignored. {hint} "
                f"Pages have: {', '.join(OUR_FIELDS)}; and the theme's {', '.join(THEME_FIELDS)}."]
    if err["type"] == "missing":
        return [f"{field} is missing. Write {FrontMatter.model_fields[name].description}."]
    if err["type"] == "bad_default":
        return []
    return [f"{field}{_line_of(text, name) if err['type'] in AT_LINE else ''}{cut_echo(err['msg'], err.get('input'))}"]


def check_defaults(defaults: dict, today: dt.date) -> list[str]:
    """The review defaults in mkdocs.yml extra.review, checked once (not once for every page using them)."""
    try:
        ReviewDefaults.model_validate(defaults)
    except ValidationError as exc:
        # (in each block, names that are not review fields first, then what is wrong with the values)
        order = {prefix: n for n, prefix in enumerate(defaults)} if isinstance(defaults, dict) else {}
        errs = sorted(exc.errors(), key=lambda e: (order.get(e["loc"][0], -1) if e["loc"] else -1,
                                                   e["type"] != "extra_forbidden"))
        return [_review_default_message(err) for err in errs]
    return []


def _review_default_message(err: dict) -> str:
    """One pydantic error in mkdocs.yml extra.review, as the editor is told it."""
    loc = err["loc"]
    if not loc:
        return ("mkdocs.yml, extra.review: must be one block per folder ('' for every page), each with owner "
                "and review_in, e.g.  \"\": {review_in: 6 months}.")
    prefix = loc[0]
    where = f"mkdocs.yml, extra.review, '{prefix}'" + (" (every page)" if prefix == "" else "")
    if len(loc) == 1:
        return f"{where}: must be 'field: value' lines (owner, review_in, last_reviewed)."
    key = str(loc[1])
    if err["type"] == "extra_forbidden":
        near = closest(key, REVIEW_FIELDS)
        return f"{where}: '{key}' is not a review field" + (f". Did you mean '{near}'?" if near else
                                                             ": the fields are owner, review_in and last_reviewed.")
    return f"{where}, field '{key}': {_reason(err)}."


def _reason(err: dict) -> str:
    """The message a validator raised (pydantic adds 'Value error, ' to it)."""
    error = (err.get("ctx") or {}).get("error")
    return str(error) if error is not None else err["msg"]


def check_pages(pages: dict, defaults: dict, today: dt.date | None = None,
                valid: dict | None = None) -> tuple[list[dict], list[str]]:
    """Every page's review dates, and one message per problem in any page's front matter (``pages``:
    macros.data.page_sources.read_pages). ``valid``: gets each page's checked front matter (check_page)."""
    today = today or dt.date.today()
    errors: list[str] = check_defaults(defaults, today)
    defaults_broken = bool(errors)
    if not isinstance(defaults, dict):
        defaults = {}
    defaults = {k: v for k, v in defaults.items() if isinstance(v, dict)}  # (others reported just now)
    reviews = []
    for page in pages.values():
        if page.text is None:
            errors.append(f"docs/{page.src}: cannot be read. Save it as UTF-8 text.")
            continue
        info = check_page(page, defaults, today, errors, defaults_broken, valid)
        if info:
            reviews.append(info)
    return reviews, errors


def check_nav(conf: dict) -> list[str]:
    """The menu's titles in mkdocs.yml (``conf``) are plain text too: the theme writes them into every
    page as they are."""
    nav = conf.get("nav") or []
    errors: list[str] = []

    def walk(items) -> None:
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            for title, target in item.items():
                if any(mark in str(title) for mark in ("{{", "{%", "{#")):
                    errors.append(f"mkdocs.yml, nav: the title '{str(title)[:80]}' contains '{{{{', '{{%' or '{{#': menu "
                                  "titles are plain text (the macros plugin would run them as code). Write the words "
                                  "themselves.")
                if "<" in str(title) or ">" in str(title):
                    errors.append(
                        f"mkdocs.yml, nav: the title '{title}' contains '<' or '>': menu titles are plain text, "
                        f"and HTML there would become part of every page. Write it without tags, e.g. "
                        f"{without_tags(str(title))}"
                    )
                walk(target)

    walk(nav)
    return errors


def check_report_problem(conf: dict) -> list[str]:
    """mkdocs.yml (``conf``) extra.report_problem.email: an email address alone (the site writes the
    mailto: link)."""
    rp = (conf.get("extra") or {}).get("report_problem") or {}
    if not isinstance(rp, dict):
        return []
    try:
        ReportProblem.model_validate(rp)
    except ValidationError as exc:
        return [f"mkdocs.yml, extra.report_problem, field '{err['loc'][0]}': {_reason(err)}" for err in exc.errors()]
    return []
