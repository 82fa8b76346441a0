"""No data value can inject markup.

Property (hypothesis): put a hostile string (script tags, event-handler
attributes, javascript: addresses, quotes, Jinja and Markdown syntax) into every
text field of every entry of a data file, render every page that shows that file
through the site's own macros, page hooks and Markdown extensions, and the HTML
has exactly the same elements and attributes as with plain words in those
fields, no script, no event handler, no javascript: address; and the reader sees
the hostile text literally. A value the checks reject never reaches a page at all.

One real build (macros/build.py on a copy of the project, with hostile text in
every text field of every data file) proves the same for the theme's templates,
the search index, the feeds and everything else the build writes.
"""

from __future__ import annotations

import copy
import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from macros.data.schema import FILES

PLAIN = "Plainwords"
FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)', "' onfocus='alert(1)' x='",
    "javascript:alert(1)", "[click](javascript:alert(1))", "![x](javascript:alert(1))", "<a href=\"javascript:alert(1)\">x</a>",
    "{{ 7*7 }}", "{% if true %}x{% endif %}", "{#", "#}", "<!--", "-->", "]]>", "&lt;script&gt;", "&amp;", "`code`",
    "*[HTML]: Hyper", "<svg onload=alert(1)>", "</textarea>", "<style>*{}</style>", "\\", "<<", ">", "|", "#", "---",
    "{ #id onclick=x }", "{: onclick=\"x\" }", "<iframe src=//evil.example>", "data:text/html,<b>", "%}", "}}",
]
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=8)),
    min_size=1, max_size=4,
).map(lambda parts: " ".join(" ".join(parts).split())).filter(lambda s: s and s.strip() == s)


class Markup(HTMLParser):
    """The elements and attributes of an HTML fragment, and its visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple] = []
        self.text: list[str] = []
        self.danger: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = tuple(sorted(a for a, _ in attrs))
        if tag != "abbr":  # a glossary term found in other text becomes an <abbr>: same markup, more places
            self.tags.append((tag, names))
        if tag in ("script", "iframe", "object", "embed", "style", "svg", "img", "form", "base", "meta"):
            self.danger.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.danger.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and \
                    re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower().startswith(("javascript:", "data:", "vbscript:")):
                self.danger.append(f"{tag} {name}={value}")

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> Markup:
    parser = Markup()
    parser.feed(fragment)
    parser.close()
    return parser


# --- Rendering pages through the site's own macros, outside the engine (fast) ---------------


class FakeEnv:
    """What mkdocs-macros gives define_env and the page hooks, enough to render a page's Markdown."""

    def __init__(self, conf):
        self.conf = conf
        self.variables: dict = {}
        self.macros: dict = {}
        self.filters: dict = {}
        self.page = None
        self.markdown = ""

    def macro(self, fn, name=None):
        self.macros[name or fn.__name__] = fn
        return fn

    def filter(self, fn, name=None):
        self.filters[name or fn.__name__] = fn
        return fn


@pytest.fixture(scope="module")
def mkdocs_conf(root):
    from mkdocs.config import load_config

    return load_config(config_file=str(root / "mkdocs.yml"))


@pytest.fixture(scope="module")
def sources(root):
    """Every page: (path under docs/, Markdown without front matter, front matter)."""
    from mkdocs.utils.meta import get_data

    out = []
    for path in sorted((root / "docs").rglob("*.md")):
        if "_data" in path.parts:
            continue
        markdown, meta = get_data(path.read_text(encoding="utf-8"))
        out.append((path.relative_to(root / "docs").as_posix(), markdown, meta))
    return out


@pytest.fixture(scope="module")
def raw_data(root):
    return {name: yaml.safe_load((root / "docs" / "_data" / name).read_text(encoding="utf-8")) or [] for name in FILES}


@pytest.fixture(scope="module")
def work_docs(root, tmp_path_factory):
    """A copy of docs/ whose data files the property test rewrites."""
    dest = tmp_path_factory.mktemp("hostile") / "docs"
    shutil.copytree(root / "docs", dest)
    return dest


class Renderer:
    def __init__(self, conf, docs: Path, sources, raw_data):
        import jinja2
        import markdown

        self.conf, self.docs, self.sources, self.raw = conf, docs, sources, raw_data
        self.jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
        self.md = lambda: markdown.Markdown(extensions=conf["markdown_extensions"],
                                            extension_configs=conf["mdx_configs"])

    def write(self, name: str, entries) -> None:
        (self.docs / "_data" / name).write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True),
                                                encoding="utf-8")

    def render(self, only: set[str] | None = None) -> dict[str, str]:
        """HTML of every page (or of the pages in ``only``), from the data now in the work docs."""
        import macros

        conf = copy.copy(self.conf)
        conf["docs_dir"] = str(self.docs)
        conf["extra"] = copy.deepcopy(dict(self.conf["extra"]))
        env = FakeEnv(conf)
        try:
            macros.define_env(env)
        except Exception as exc:  # the engine's error, carrying the data check's report
            from macros.data.load import DataError

            if "The site's data has" in str(exc):
                raise DataError(str(exc).splitlines()[1:]) from None
            raise
        out = {}
        for src, markdown_text, meta in self.sources:
            if only is not None and src not in only:
                continue
            env.page = SimpleNamespace(file=SimpleNamespace(src_uri=src), meta=copy.deepcopy(meta), title=meta.get("title"))
            env.markdown = self.jinja.from_string(markdown_text).render(**env.variables, **env.macros)
            if hasattr(macros, "on_post_page_macros"):
                macros.on_post_page_macros(env)
            out[src] = self.md().convert(env.markdown)
        return out


def text_fields(entry: dict, model) -> list[tuple]:
    """Paths to every text value in one entry (top-level and nested), except its id."""
    paths = []
    for name, value in entry.items():
        if name == "id":
            continue
        if isinstance(value, str):
            paths.append((name,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    paths.append((name, i))
                elif isinstance(item, dict):
                    paths += [(name, i, k) for k, v in item.items() if isinstance(v, str)]
    return paths


def put(entry: dict, path: tuple, value) -> None:
    target = entry
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def fill(entries, model, value, skip: set) -> list:
    """A copy of the entries with ``value`` in every text field the entry's schema accepts it in."""
    out = copy.deepcopy(entries)
    for entry in out:
        for path in text_fields(entry, model):
            if path[0] in skip:
                continue
            trial = copy.deepcopy(entry)
            put(trial, path, value)
            try:
                model.model_validate(trial)
            except Exception:  # noqa: BLE001 - the schema refuses this value here: it never reaches a page
                continue
            put(entry, path, value)
    return out


@pytest.fixture(scope="module")
def renderer(mkdocs_conf, work_docs, sources, raw_data):
    return Renderer(mkdocs_conf, work_docs, sources, raw_data)


@pytest.fixture(scope="module")
def plain(renderer, raw_data):
    """Per data file: the fields that hold reader-facing text (not ids of other entries), the pages
    that show them, and those pages rendered with plain words in every such field."""
    from macros.data.load import DataError

    original = renderer.render()
    out = {}
    for name, model in FILES.items():
        skip: set = set()
        for _ in range(10):  # a field that must name another entry cannot hold plain words: leave it
            renderer.write(name, fill(raw_data[name], model, PLAIN, skip))
            try:
                pages = renderer.render()
                break
            except DataError as exc:
                skip |= set(re.findall(r"field '([a-z_]+)", str(exc)))
        else:
            pytest.fail(f"{name}: cannot fill its text fields with plain words")
        renderer.write(name, raw_data[name])
        shown = {src for src, page in pages.items() if page != original[src]}
        out[name] = (skip, shown, {src: pages[src] for src in shown})
    return out


def _leaves(value, text: str) -> int:
    """How many text values in some data are exactly ``text``."""
    if isinstance(value, dict):
        return sum(_leaves(v, text) for v in value.values())
    if isinstance(value, list):
        return sum(_leaves(v, text) for v in value)
    return int(value == text)


@pytest.mark.parametrize("name", list(FILES))
def test_hostile_text_in_any_data_file_never_becomes_markup(name, renderer, plain, raw_data):
    from macros.data.load import DataError

    skip, shown, plain_pages = plain[name]
    if not shown:
        pytest.skip(f"no page shows the text of {name}")

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(value=hostile)
    def check(value):
        entries = fill(raw_data[name], FILES[name], value, skip)
        if _leaves(entries, value) < _leaves(fill(raw_data[name], FILES[name], PLAIN, skip), PLAIN):
            reject()  # the schema refuses this value in some field (e.g. < in a search phrase): never on a page
        renderer.write(name, entries)
        try:
            try:
                pages = renderer.render(only=shown)
            except DataError:
                reject()  # the data checks refuse this value: the build stops, nothing is published
        finally:
            renderer.write(name, raw_data[name])
        for src in shown:
            safe, got = parse(plain_pages[src]), parse(pages[src])
            assert not got.danger or sorted(got.danger) == sorted(safe.danger), \
                f"{name} -> docs/{src}: {value!r} made {got.danger}"
            assert got.tags == safe.tags, f"{name} -> docs/{src}: {value!r} changed the page's markup"
            shown_plain = "".join(safe.text).count(PLAIN)
            assert "".join(got.text).count(value) >= shown_plain, \
                f"{name} -> docs/{src}: {value!r} is not shown to readers as written"

    check()


def test_the_property_covers_every_data_file_shown_on_a_page(plain):
    """Guard against a vacuous property: the data files that pages show are all exercised."""
    shown = {name for name, (_, pages, _) in plain.items() if pages}
    for name in ("links.yml", "statistics.yml", "tools.yml", "areas.yml", "case_reviews.yml",
                 "key_messages.yml", "glossary.yml", "contacts.yml"):
        assert name in shown, f"no page shows the text of {name}"


# --- One real build with hostile text everywhere --------------------------------------------


# Short, so that the one-page guides still fit on a page with it in every field.
PROBE = "<script>alert(1)</script><img src=x onerror=alert(1)>\"'{{ 7*7 }}{%"


def test_a_real_build_with_hostile_text_in_every_field_publishes_no_markup(root, tmp_path, built_site):
    from macros.data.load import DataError, load
    from tests.conftest import copy_project, html_pages

    project = copy_project(tmp_path / "project")
    data = project / "docs" / "_data"
    for name, model in FILES.items():
        entries = yaml.safe_load((data / name).read_text(encoding="utf-8")) or []
        skip: set = set()
        for _ in range(10):  # leave out the fields that must name another entry
            (data / name).write_text(yaml.safe_dump(fill(entries, model, PROBE, skip), sort_keys=False), encoding="utf-8")
            try:
                load(project / "docs")
                break
            except DataError as exc:
                fields = {f for e in exc.errors if f"_data/{name}" in e for f in re.findall(r"field '([a-z_]+)", e)}
                if not fields - skip:
                    (data / name).write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
                    break
                skip |= fields
    load(project / "docs")
    # The real build, every step but two: the one-page PDFs (a one-page guide cannot also hold the
    # hostile text in every field; the PDFs are printed from these same HTML pages) and the link
    # check (which would then only report the missing PDFs). Danger is checked below instead.
    from macros.build import STEPS, build

    site = build(project, project / "site",
                 steps=[s for s in STEPS if s not in ("pdfs", "check_links")])
    # The hostile text is on the pages, as text.
    shown = "".join("".join(parse(p.read_text(encoding="utf-8")).text) for p in html_pages(site))
    assert shown.count(PROBE) >= 20, "the hostile text should be on the pages, shown literally"
    for page in [*html_pages(site), site / "404.html"]:
        text = page.read_text(encoding="utf-8")
        found = parse(text)
        assert "alert(" not in " ".join(re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S)), page
        assert not [d for d in found.danger if " on" in d or "javascript:" in d.lower()], (page, found.danger)
    normal = {p.relative_to(built_site).as_posix(): len(re.findall(r"<script\b", p.read_text(encoding="utf-8")))
              for p in html_pages(built_site)}
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        if rel in normal:
            assert len(re.findall(r"<script\b", page.read_text(encoding="utf-8"))) == normal[rel], rel
    for path in site.rglob("*.xml"):
        import xml.dom.minidom

        xml.dom.minidom.parse(str(path))  # hostile text cannot break a feed or sitemap
