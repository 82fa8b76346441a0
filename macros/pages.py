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

(The build's review report and api/pages.json take each page's review dates from the one project
model, macros/project.py: Project.review.)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from .yamlfiles import read_config
from .review import ReviewError, defaults_for, due_date, review_info
from .yamlfiles import explain_yaml_error, read_front_matter
from .schema import REVIEW_FIELDS, ReportProblem, ReviewDefaults
from .suggest import PATH_CUTOFF, closest

# Every front matter field a page may have: ours (see the README), then the theme's and the
# macros plugin's own. Any other name is almost always a misspelling, which would otherwise be
# silently ignored (a misspelt review interval would quietly fall back to the default).
OUR_FIELDS = ("title", "description", "owner", "reviewed_by", "last_reviewed", "review_in", "roles", "one_page_guide")
KNOWN_FIELDS = OUR_FIELDS + ("hide", "icon", "status", "subtitle", "tags", "template", "search", "render_macros")

# The theme writes these into the page's HTML as they are (titles unescaped, the description
# inside a double-quoted attribute), so they must be plain text without straight double quotes.
IN_ATTRIBUTES = ("title", "description", "subtitle")

REQUIRED_TEXT = {
    "title": "the page's title, e.g. title: Bruising in non-mobile babies",
    "description": "one sentence saying what the page is for (used by search engines and link previews)",
}


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


def _front_matter(path: Path):
    """(meta dict or None, error or None, first line of the front matter)."""
    meta, problem = read_front_matter(path)
    return meta, problem, 1


def _line_of(path: Path, field: str) -> str:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{field}:"):
            return f" (line {number})"
    return ""


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def page_paths(docs_dir: Path) -> list[Path]:
    """The one answer to "which files are pages": every Markdown file under docs/, except the data
    folder docs/_data/ (excluded from the site in mkdocs.yml), in a stable order."""
    return [p for p in sorted(Path(docs_dir).rglob("*.md")) if "_data" not in p.relative_to(docs_dir).parts]


def nearest_page(docs_dir: Path, wanted: str) -> str | None:
    """The page (a path under docs/) an editor most likely meant by ``wanted``, a path under docs/ that
    does not exist: one with the same file name in another folder, else the closest spelling; or None."""
    pages = [p.relative_to(docs_dir).as_posix() for p in page_paths(Path(docs_dir))]
    name = wanted.rsplit("/", 1)[-1]
    same_name = [p for p in pages if p.rsplit("/", 1)[-1] == name]
    return same_name[0] if same_name else closest(wanted, pages, PATH_CUTOFF)


def check_page(path: Path, src: str, defaults: dict, today: dt.date, errors: list[str]) -> dict | None:
    """Check one page; append one message per problem; return its review dates when they are good."""
    where = f"docs/{src}"
    if not re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*/)*[a-z0-9]+(-[a-z0-9]+)*\.md", src):
        parts = [re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", p.lower())).strip("-") for p in src[:-3].split("/")]
        errors.append(f"{where}: its name becomes the page's permanent address, so it is written in lower case "
                      f"with hyphens, no spaces or capitals: rename it to docs/{'/'.join(parts)}.md (and its "
                      "entry in nav: in mkdocs.yml).")
    meta, problem, _ = _front_matter(path)
    if problem:
        errors.append(f"{where}: {problem}.")
        return None
    for name in meta:
        if name not in KNOWN_FIELDS:
            errors.append(_unknown_field(where, path, str(name)))
    for name, value in meta.items():
        _plain_text(where, path, str(name), value, errors)
    for name, want in REQUIRED_TEXT.items():
        value = meta.get(name)
        if value is None or not str(value).strip():
            state = "is empty" if name in meta else "is missing"
            errors.append(f"{where}, front matter field '{name}' {state}. Write {want}.")
    merged = {**defaults_for(src, defaults), **{k: v for k, v in meta.items() if v is not None}}
    good = True
    last = None
    if not merged.get("last_reviewed"):
        errors.append(
            f"{where}, front matter field 'last_reviewed' is missing. Write the date the page was last "
            "checked, e.g. last_reviewed: 2026-11-28."
        )
        good = False
    else:
        try:
            last = _parse_date(merged["last_reviewed"])
        except ValueError:
            errors.append(
                f"{where}, front matter field 'last_reviewed'{_line_of(path, 'last_reviewed')}: "
                f"'{merged['last_reviewed']}' is not a real date. Write it as YYYY-MM-DD, e.g. 2026-11-28."
            )
            good = False
        else:
            if last > today:
                errors.append(
                    f"{where}, front matter field 'last_reviewed': {last.isoformat()} is in the future. "
                    f"Write the date the page was actually reviewed (today is {today.isoformat()} or earlier)."
                )
                good = False
    if not merged.get("review_in"):
        errors.append(
            f"{where}, front matter field 'review_in' is missing. Write how often the page is reviewed, "
            "e.g. review_in: 6 months, or set a default in mkdocs.yml extra.review."
        )
        good = False
    else:
        try:
            due_date(last or today, merged["review_in"])  # (understood? the dates are worked out below)
        except ReviewError as exc:
            if meta.get("review_in") is not None:  # (a bad default is reported once, for mkdocs.yml)
                errors.append(f"{where}, front matter field 'review_in': {exc}.")
            good = False
    if not good:
        return None
    # The dates themselves: worked out in one place (macros/review.py), as the pages show them.
    return {"src": src, "title": str(meta.get("title") or src), **review_info(src, meta, defaults, today)}


def _unknown_field(where: str, path: Path, name: str) -> str:
    near = closest(name, KNOWN_FIELDS)
    hint = f"Did you mean '{near}'?" if near else "Rename it to one pages have, or remove it."
    return (f"{where}, front matter field '{name}'{_line_of(path, name)} is not a field pages have, so it "
            f"would be ignored. {hint} Pages have: {', '.join(OUR_FIELDS)}; and the theme's "
            f"{', '.join(KNOWN_FIELDS[len(OUR_FIELDS):])}.")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _without_tags(text: str) -> str:
    """``text`` with its HTML tags (and any stray < or >) taken out: what to write instead."""
    return re.sub(r"<[^>]*>?", "", text).replace("<", "").replace(">", "").strip()


def _plain_text(where: str, path: Path, name: str, value, errors: list[str]) -> None:
    """Front matter is plain text: no HTML (the theme would put it into the page as markup)."""
    for text in _strings(value):
        if "<" in text or ">" in text:
            errors.append(
                f"{where}, front matter field '{name}'{_line_of(path, name)} contains '<' or '>': front matter "
                f"is plain text, and HTML there would become part of every page that shows it. "
                f"Write it without tags, e.g. {name}: {_without_tags(text)}"
            )
            return
        if "{{" in text or "{%" in text:
            errors.append(
                f"{where}, front matter field '{name}'{_line_of(path, name)} contains '{{{{' or '{{%': macros do not "
                "work in front matter, so readers would see the braces. Write the words themselves."
            )
            return
        if name in IN_ATTRIBUTES and '"' in text:
            errors.append(
                f"{where}, front matter field '{name}'{_line_of(path, name)} contains a straight double quote (\"), "
                "which would break the page's HTML. Use curly quotes “ ” or single quotes ' instead."
            )
            return


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


def check_pages(docs_dir: Path, defaults: dict, today: dt.date | None = None) -> tuple[list[dict], list[str]]:
    """Every page's review dates, and one message per problem in any page's front matter."""
    today = today or dt.date.today()
    errors: list[str] = check_defaults(defaults, today)
    defaults_broken = bool(errors)
    if not isinstance(defaults, dict):
        defaults = {}
    defaults = {k: v for k, v in defaults.items() if isinstance(v, dict)}  # (others reported just now)
    reviews = []
    for path in page_paths(docs_dir):
        src = path.relative_to(docs_dir).as_posix()
        try:
            info = check_page(path, src, defaults, today, errors)
        except UnicodeDecodeError:
            errors.append(f"docs/{src}: cannot be read. Save it as UTF-8 text.")
            continue
        if info:
            reviews.append(info)
    if defaults_broken:  # each page missing what the broken default would give it: the default's error says it
        errors = [e for e in errors if "or set a default in mkdocs.yml extra.review" not in e]
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
                if "<" in str(title) or ">" in str(title):
                    errors.append(
                        f"mkdocs.yml, nav: the title '{title}' contains '<' or '>': menu titles are plain text, "
                        f"and HTML there would become part of every page. Write it without tags, e.g. "
                        f"{_without_tags(str(title))}"
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
