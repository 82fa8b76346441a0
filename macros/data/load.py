"""Load every data file under docs/_data/, validate it, and report every error at once.

Used by the MkDocs macros (before any page is rendered) and by
``scripts/check_data.py`` (``make check``), so editors get the same messages
from both.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from macros.checks.contacts import missing_routes
from macros.checks.macro_calls import check_macro_calls
from macros.checks.page_links import check_links, check_menu
from macros.checks.references import Entries, resolve, shown_path
from macros.checks.routes import check_practice, practice_gaps
from macros.checks.suggest import closest
from macros.data.addresses import RegistryError, load_registry
from macros.data.figures import percent_of
from macros.data.page_sources import read_pages
from macros.data.pages import (
    check_nav,
    check_pages,
    check_report_problem,
    links_leading_outside,
    nearest_page,
    review_defaults_of,
    site_config,
    stray_files,
)
from macros.data.schema import FILES
from macros.data.yamlfiles import Excerpt, cut_echo, explain_yaml_error, hidden_comments, read_text, utf8_problem
from macros.data.yamlfiles import TextDates as _TextDates  # dates kept as text

# Attribute names on SiteData for each file: 'case_reviews.yml' -> site.case_reviews.
ATTRS = {name: name.removesuffix(".yml") for name in FILES}


class DataError(Exception):
    """One or more problems in the data. ``errors`` holds one message per problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.errors)
        head = f"The site's data has {n} problem{'s' if n != 1 else ''}. Nothing was published. Fix:"
        return "\n".join([head] + [f"  - {e}" for e in self.errors])


@dataclass
class SiteData:
    docs_dir: Path
    pages: dict = field(default_factory=dict)  # every page, read once (macros.data.page_sources.Page by path)
    links: dict = field(default_factory=dict)
    statistics: dict = field(default_factory=dict)
    tools: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)
    case_reviews: dict = field(default_factory=dict)
    key_messages: dict = field(default_factory=dict)
    glossary: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    shortlinks: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)
    search_aliases: dict = field(default_factory=dict)
    share: dict = field(default_factory=dict)
    page_titles: dict = field(default_factory=dict)
    page_roles: dict = field(default_factory=dict)  # each page's roles (front matter roles:), by its path
    addresses: list = field(default_factory=list)  # the registry of permanent addresses (addresses.yml), in order
    # The address printed on guides and tool cards (site_address.public_url: '' in a preview), set by
    # whoever read mkdocs.yml: macros.project.load_project, or the engine's define_env from env.conf.
    public_url: str = ""

    def gaps(self) -> list[str]:
        """Every marked gap in the data, for the build's report."""
        out = []
        for link in self.links.values():
            if link.url is None:
                out.append(f"links.yml '{link.id}': no address yet — {link.gap}")
        for c in self.contacts.values():
            if c.checked_how == "public copy":
                out.append(f"contacts.yml '{c.id}': {c.phone} was read in a public copy of its source page, not "
                           "confirmed with the service or partnership")
        out.extend(practice_gaps(self))
        return out


def page_titles(pages: dict) -> dict[str, str]:
    """Each page's title from its front matter, keyed by its path under docs/."""
    return {src: str(page.meta["title"]) for src, page in pages.items() if page.meta.get("title")}


def _entry_name(raw, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"entry '{raw['id']}' (item {index + 1})"
    return f"item {index + 1}"


def _inner_model(annotation):
    """The model inside a field's type (RoleItem for list[RoleItem] or Optional[RoleItem]), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _where(loc: list, model):
    """("field 'matters', item 2, field 'page'", the model and field the last part names)."""
    parts, current, name, info = [], model, None, None
    for part in loc:
        if isinstance(part, int):
            parts.append(f"item {part + 1}")
            continue
        if current is None:
            parts.append(f"'{part}'")
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            parts.append(f"field '{part}'")
            name, info = part, None
            break
        parts.append(f"field '{part}'")
        name, info = part, fields[part]
        inner = _inner_model(info.annotation)
        if inner is not None and part != loc[-1]:
            current = inner
    return ", ".join(parts) or "entry", current, name, info


# Pydantic's complaints, in an editor's words.
_PLAIN = {
    "int_parsing": "'{input}' is not a whole number: write digits only, e.g. 142",
    "int_type": "'{input}' is not a whole number: write digits only, e.g. 142",
    "int_from_float": "'{input}' is not a whole number: write digits only, e.g. 142",
    "float_parsing": "'{input}' is not a number: write digits only, e.g. 32 (no % sign)",
    "float_type": "'{input}' is not a number: write digits only, e.g. 32 (no % sign)",
    "bool_parsing": "'{input}' is not true or false: write true or false",
    "bool_type": "'{input}' is not true or false: write true or false",
    "string_type": "must be text, not a list or a set of fields (you wrote {input!r})",
    "list_type": "must be a list: one item per line, each starting with '- ', or [a, b] on one line",
    "model_type": "must be a set of 'field: value' lines ({fields}), not a single value (you wrote {input!r})",
    "dict_type": "must be a set of 'field: value' lines ({fields}), not a single value (you wrote {input!r})",
    "too_short": "needs at least {min_length} item(s)",
}


def _describe(error: dict, model) -> str:
    # (a long value is echoed by its start only)
    error = {**error, "input": Excerpt(error.get("input")), "msg": cut_echo(error["msg"], error.get("input"))}
    loc = list(error["loc"])
    where, current, field_name, info = _where(loc, model)
    kind = error["type"]
    fields = getattr(current, "model_fields", {})
    want = f" Write {info.description}." if info is not None and info.description else ""
    if kind == "missing":
        return f"{where} is missing.{want}"
    if kind == "extra_forbidden":
        close = closest(field_name, fields)
        hint = f" Did you mean '{close}'?" if close else f" Known fields: {', '.join(fields)}."
        return f"{where} is not a known field.{hint}"
    if kind == "value_error":
        msg = error["msg"].removeprefix("Value error, ")
        return f"{where}: {msg}." if loc else f"{msg}."
    if kind == "string_pattern_mismatch" and field_name == "id":
        return f"{where}: '{error.get('input')}' is not a valid id.{want}"
    if kind == "literal_error":
        return f"{where}: '{error.get('input')}' is not allowed. {error['msg']}."
    if kind in _PLAIN:
        inner = _inner_model(info.annotation) if info is not None else None
        names = ", ".join((inner or current).model_fields) if (inner or current) is not None else "…"
        ctx = error.get("ctx") or {}
        text = _PLAIN[kind].format(input=error.get("input"), fields=names, min_length=ctx.get("min_length", 1))
        return f"{where}: {text}.{want}"
    return f"{where}: {error['msg']} (you wrote {error.get('input')!r}).{want}"


def _load_file(path: Path, root: Path, errors: list[str]) -> list:
    name = shown_path(path, root)
    if not path.exists():
        errors.append(
            f"{name}: the file is missing. Restore it (git checkout -- {name}) or create it; "
            "every data file must exist, even if it holds an empty list []."
        )
        return []
    try:
        text = read_text(path)
        raw = yaml.load(text, Loader=_TextDates)
    except yaml.MarkedYAMLError as exc:
        number, problem = explain_yaml_error(exc, text)
        errors.append(f"{name}{f', line {number}' if number else ''}: {problem}.")
        return []
    except UnicodeDecodeError:
        errors.append(f"{name}, {utf8_problem(path.read_bytes())}.")
        return []
    except yaml.YAMLError as exc:
        errors.append(f"{name}: cannot be read ({exc}). Save it as UTF-8 YAML text.")
        return []
    for number, cut in hidden_comments(text):
        errors.append(
            f"{name}, line {number}: YAML reads ' #' in a value as the start of a comment, so '{cut[:40]}' would "
            "be left out. Put the whole value in quotes, e.g. note: 'The workshop slides (slide #4) report…'."
        )
    if raw is None:  # empty, or only comments: almost always entries deleted by mistake
        errors.append(
            f"{name}: has no entries. Restore them (git checkout -- {name} brings back the last saved "
            "version), or, if the file is meant to be empty, write [] on a line of its own."
        )
        return []
    if not isinstance(raw, list):
        errors.append(f"{name}: must be a list of entries, each starting with '- id:'.")
        return []
    return raw


_READ = object()  # load(): read mkdocs.yml beside docs/ for the page checks


def load(docs_dir: Path | str, config: dict | None | object = _READ) -> SiteData:
    """Load and validate all data; raise DataError listing every problem.

    ``config``: mkdocs.yml already read (macros.project.load_project), or None when there is none;
    by default it is read here. The pages are read here, once (macros.data.page_sources.read_pages), after
    the check that no link under docs/ leads outside the project, and kept as ``SiteData.pages``."""
    docs_dir = Path(docs_dir)
    data_dir = docs_dir / "_data"
    root = docs_dir.parent
    errors: list[str] = []
    outside = links_leading_outside(root, docs_dir, None if config is _READ else config)
    if outside:  # before any file is read through them
        raise DataError(outside)
    pages = read_pages(docs_dir)
    site = SiteData(docs_dir=docs_dir, pages=pages)
    unreadable = _not_utf8(docs_dir, root, pages)
    if unreadable:  # every other check reads these files: fix them first
        raise DataError(unreadable)
    for filename, model in FILES.items():
        path = data_dir / filename
        entries, refused = Entries(), set()  # (refused: ids of entries reported here, not again as unknown)
        before = len(errors)
        raws = _load_file(path, root, errors)
        entries.unreadable = len(errors) > before  # unreadable or missing: no id used from it is reported
        for index, raw in enumerate(raws):
            label = f"{shown_path(path, root)}, {_entry_name(raw, index)}"
            if not isinstance(raw, dict):
                errors.append(f"{label}: must be a set of 'field: value' lines starting with '- id:'.")
                continue
            try:
                entry = model.model_validate(raw)
            except ValidationError as exc:
                for err in exc.errors():
                    errors.append(f"{label}, {_describe(err, model)}")
                if isinstance(raw.get("id"), str):
                    refused.add(raw["id"])
                continue
            if entry.id in entries:
                errors.append(
                    f"{label}: the id '{entry.id}' is used twice in {filename}. Every id must be unique: "
                    "rename one of them (and the pages that use it)."
                )
                continue
            entries[entry.id] = entry
        entries.refused = frozenset(refused)
        setattr(site, ATTRS[filename], entries)
    site.page_titles = page_titles(pages)
    files = {filename: getattr(site, ATTRS[filename]) for filename in FILES}
    front_matter: dict = {}  # each page's checked front matter, for the references it declares (roles:)
    page_errors = _check_pages(docs_dir, root, config, pages, front_matter)
    site.page_roles = {src: list(fm.roles) for src, fm in front_matter.items() if getattr(fm, "roles", None)}
    # Every reference the models and the pages' front matter declare, against what loaded (references to
    # refused entries, or into a file that could not be read, are not reported again), then what the
    # references must agree on.
    errors.extend(resolve(files, pages, shown_path(data_dir, root), lambda page: nearest_page(docs_dir, page),
                          front_matter))
    errors.extend(check_agreement(site, root))
    if not any(e.unreadable or e.refused for e in (site.contacts, site.areas)):  # (else: follow-on errors)
        errors.extend(missing_routes(site, shown_path(data_dir, root)))
    try:  # the registry of permanent addresses: its lines, before the build checks each still works
        site.addresses = load_registry(docs_dir, root)
    except RegistryError as exc:
        errors.extend(str(exc).splitlines())
    errors.extend(page_errors)
    errors.extend(check_macro_calls(site, docs_dir))
    errors.extend(check_practice(site, root))
    if errors:
        raise DataError(errors)
    return site


def _not_utf8(docs_dir: Path, root: Path, pages: dict) -> list[str]:
    """One message for each page or data file that is not UTF-8 text."""
    found = [f"{shown_path(page.path, root)}, {page.problem}." for page in pages.values() if page.text is None]
    for path in sorted((docs_dir / "_data").glob("*.yml")):
        problem = utf8_problem(path.read_bytes())
        if problem:
            found.append(f"{shown_path(path, root)}, {problem}.")
    return found


def _check_pages(docs_dir: Path, root: Path, conf, pages: dict, front_matter: dict) -> list[str]:
    """Every page's front matter (title, description, review dates), the menu's titles and the report
    address in mkdocs.yml, before the engine reads them.

    Needs mkdocs.yml beside docs/ (for the review defaults); skipped without it. ``front_matter`` gets
    each page's checked front matter (macros.data.pages.check_page).
    """
    if conf is _READ:
        try:
            conf = site_config(root)  # read once, for the three checks
        except ValueError as exc:
            return [str(exc)]
    if conf is None:
        return []
    return (check_pages(pages, review_defaults_of(conf), valid=front_matter)[1] + check_nav(conf) + check_report_problem(conf)
            + check_menu(docs_dir, conf, pages) + check_links(docs_dir, pages) + stray_files(docs_dir))


def check_agreement(site: SiteData, root: Path) -> list[str]:
    """What entries that refer to each other must agree on (each reference itself is resolved by
    macros.checks.references.resolve): a confirmed figure's source has an address, a percentage's counts
    fit its total, a case review is listed under its own area, and a glossary term is defined once."""
    errors: list[str] = []
    data = shown_path(site.docs_dir / "_data", root)
    for s in site.statistics.values():
        where = f"{data}/statistics.yml, entry '{s.id}', field"
        if s.status == "confirmed" and s.source in site.links and site.links[s.source].url is None:
            errors.append(f"{where} 'status': confirmed, but its source '{s.source}' has no address in links.yml, so "
                          "readers cannot check it. Give the source's address, or write status: quoted (or deck).")
        if s.of in site.statistics:
            total = site.statistics[s.of]
            if total.unit != "count" or total.value is None:
                errors.append(f"{where} 'of': '{s.of}' must be a count with a value, to compute a percentage from.")
            elif s.count > total.value:
                errors.append(
                    f"{where} 'count': {s.count} is more than the total {total.value:g} in '{s.of}'. "
                    "Check both numbers."
                )
            elif s.reported_percent is not None:
                computed = percent_of(s.count, total.value)
                if abs(computed - s.reported_percent) > 0.5:
                    errors.append(
                        f"{where} 'reported_percent': {s.reported_percent:g}% does not match the counts "
                        f"({s.count} of {total.value:g} is {computed}%). Correct the count, the total "
                        "or reported_percent."
                    )
    for r in site.case_reviews.values():
        where = f"{data}/case_reviews.yml, entry '{r.id}', field"
        listed_by = [a.id for a in site.areas.values() if r.id in a.reviews]
        if r.area in site.areas and listed_by != [r.area]:
            elsewhere = [a for a in listed_by if a != r.area]
            if elsewhere:
                errors.append(f"{where} 'area': the review is of '{r.area}', but areas.yml lists it under "
                              f"{', '.join(repr(a) for a in elsewhere)}. List it only under '{r.area}' (its field "
                              f"'reviews'), or correct its area.")
            if r.area not in listed_by:
                errors.append(f"{where} 'area': areas.yml does not list it under '{r.area}', so it would appear "
                              f"nowhere. Add '{r.id}' to the 'reviews' of the entry '{r.area}' in areas.yml.")
    terms: dict[str, str] = {}
    for t in site.glossary.values():
        key = " ".join(t.term.split()).casefold()
        if key in terms:
            errors.append(f"{data}/glossary.yml, entry '{t.id}', field 'term': '{t.term}' is already defined by the "
                          f"entry '{terms[key]}'. A term is defined once: merge the two entries, or remove one.")
        terms.setdefault(key, t.id)
    return errors
