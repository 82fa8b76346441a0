"""Permanent addresses: the registry (docs/_data/addresses.yml) against the built site."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from macros.publish.check_addresses import check, load_registry, published, sections_by_page
from macros.build import STEPS, build
from macros.publish.built_site import file_for, read_page
from macros.data.addresses import registry_path as registry_file
from macros.data.load import DataError
from macros.project import load_project
from tests.conftest import copy_project

# Enough of the build for the registry check (the full build, with its link check, is used where it matters).
LINK_STEPS = [s for s in STEPS if s in {"redirects", "shortlinks"}]


def test_every_registered_address_resolves_and_every_page_is_registered(built_site, project):
    assert check(built_site, project) == []


def test_registry_lists_every_published_page_and_short_link(built_site, project, pages, site_data):
    registry = set(load_registry(project))
    assert len(pages) > 10
    for page in pages:
        address = "/" + page.relative_to(built_site).as_posix().removesuffix("index.html")
        if address.endswith(".html"):
            continue  # 404 and other stand-alone files are not permanent addresses
        assert address in registry, address
    for short in site_data.shortlinks:
        assert f"/go/{short}/" in registry


def test_key_sections_are_registered(built_site, project, site_data):
    """Each guidance point on the bruising page, each tool and each key message."""
    sections = sections_by_page(load_registry(project))
    bruising = read_page(file_for(built_site, "/bruising/")).ids
    headings = re.findall(r'<h2 id="([^"]+)"', file_for(built_site, "/bruising/").read_text(encoding="utf-8"))
    assert headings and set(headings) <= set(sections["/bruising/"]) <= bruising
    for tool in site_data.tools:
        assert tool in sections["/tools/"], tool
    for message in site_data.key_messages:
        assert message in sections["/key-messages/"], message


def test_registered_sections_have_explicit_ids(root, project, site_data):
    """A registered section's id is written in the page ({ #id }) or comes from a data id, so it
    survives a change of wording."""
    sources = project.by_address()
    data_ids = set(site_data.tools) | set(site_data.key_messages) | set(site_data.glossary) | set(site_data.areas)
    # ids that a macro writes on the headings it renders, e.g. '## What matters most {{ #matters }}'
    macro_ids = set()
    for path in (root / "macros" / "render").glob("*.py"):
        macro_ids |= set(re.findall(r"\{\{ #([a-z0-9-]+) \}\}", path.read_text(encoding="utf-8")))
    for page, ids in sections_by_page(load_registry(project)).items():
        if page.startswith("/go/") or not ids:
            continue
        text = (root / "docs" / sources[page]).read_text(encoding="utf-8")
        for section in ids:
            written = re.search(r"\{[^}\n]*#" + re.escape(section) + r"[\s}]", text) or f'id="{section}"' in text
            assert written or section in data_ids | macro_ids, f"{page}#{section} has no explicit id"


def test_a_reworded_heading_that_lost_its_id_fails_naming_the_address(built_site, root, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "bruising" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('id="why"', 'id="why-a-bruise-matters"'), encoding="utf-8")
    problems = _new_problems(check(site, load_project(root)), built_site, root)
    assert len(problems) == 1, problems
    assert "/bruising/#why no longer works" in problems[0] and "{ #why }" in problems[0]


def test_a_malformed_registry_line_is_named(built_site, tmp_path):
    project = copy_project(tmp_path / "project")
    path = registry_file(project / "docs")
    path.write_text(path.read_text(encoding="utf-8") + "- bruising\n- /bruising/\n", encoding="utf-8")
    with pytest.raises(DataError) as failed:  # the registry is read, and its lines checked, with the project
        load_project(project)
    problems = failed.value.errors
    assert any("'bruising' is not a site address" in p for p in problems), problems
    assert any("/bruising/ is listed twice" in p for p in problems), problems


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """A copy of the project with bruising.md renamed, every reference updated and the new address registered."""
    tmp = tmp_path_factory.mktemp("moved")
    project = copy_project(tmp / "project")
    docs = project / "docs"
    (docs / "bruising.md").rename(docs / "bruising-non-mobile.md")
    old = re.compile(r"(?<![\w-])bruising\.md")
    for path in [project / "mkdocs.yml", *docs.rglob("*.md"), *(docs / "_data").glob("*.yml")]:
        text = path.read_text(encoding="utf-8")
        if old.search(text):
            path.write_text(old.sub("bruising-non-mobile.md", text), encoding="utf-8")
    registry = registry_file(project / "docs")
    registry.write_text(registry.read_text(encoding="utf-8") + "- /bruising-non-mobile/\n", encoding="utf-8")
    return project, tmp


def _new_problems(problems, built_site, root):
    """The problems a test caused: those the untouched site does not have (reported by the first test)."""
    before = set(check(built_site, load_project(root)))
    return [p for p in problems if p not in before]


def test_moving_a_page_without_a_redirect_fails_and_the_redirect_fixes_it(moved, built_site, root):
    project, tmp = moved
    # Without the build's own link check, which may also stop at a theme link to the old address.
    site = build(project, tmp / "without", steps=LINK_STEPS)
    problems = _new_problems(check(site, load_project(project)), built_site, root)
    assert len(problems) == 1, problems  # the page, not each of its sections again
    assert "The permanent address /bruising/ no longer works" in problems[0]
    assert "redirect_maps" in problems[0] and "bruising.md" in problems[0]

    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("redirect_maps: {}") == 1
    config.write_text(
        text.replace("redirect_maps: {}", "redirect_maps:\n        bruising.md: bruising-non-mobile.md"), encoding="utf-8"
    )
    site = build(project, tmp / "with")  # the complete build: its link check passes too
    assert _new_problems(check(site, load_project(project)), built_site, root) == []
    stub = (site / "bruising" / "index.html").read_text(encoding="utf-8")
    assert 'data-redirect="../bruising-non-mobile/"' in stub
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", stub), "redirect pages must not carry inline scripts"
    assert "/bruising/" not in published(site)  # a redirect, not a page
    index = json.loads((site / "api" / "pages.json").read_text(encoding="utf-8"))
    moved_page = next(p for p in index["pages"] if p["path"] == "/bruising-non-mobile/")
    assert moved_page["former_addresses"] == ["/bruising/"]


def test_a_new_page_must_be_registered_and_the_message_says_what_to_add(tmp_path, built_site, root):
    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    page = re.sub(r"(?m)^one_page_guide:.*\n", "", (docs / "reflect.md").read_text(encoding="utf-8"))
    (docs / "reflect-more.md").write_text(page, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - Home: index.md\n") == 1
    config.write_text(text.replace("  - Home: index.md\n", "  - Home: index.md\n  - More: reflect-more.md\n"), encoding="utf-8")
    site = build(project, tmp_path / "site", steps=LINK_STEPS)
    problems = _new_problems(check(site, load_project(project)), built_site, root)
    assert len(problems) == 1, problems
    assert "docs/reflect-more.md is published at /reflect-more/" in problems[0]
    assert "add the line '- /reflect-more/' to docs/_data/addresses.yml" in problems[0]


def test_every_section_heading_has_a_permalink_to_copy(pages):
    """Material's heading permalinks: a "Link to this section" anchor on every h2-h4 that has an id."""
    checked = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        article = text[text.find("<article"):text.find("</article>")]
        for level, hid, inner in re.findall(r'<h([2-4]) id="([^"]+)"[^>]*>(.*?)</h\1>', article, re.S):
            assert f'<a class="headerlink" href="#{hid}" title="Link to this section">' in inner, (page, hid)
            checked += 1
    assert checked > len(pages)


def test_a_malformed_registry_line_stops_the_data_check_before_the_engine(tmp_path):
    """addresses.yml is checked with the other data files (make check), not only after a whole build."""
    from macros.data.load import DataError, load
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    registry = project / "docs" / "_data" / "addresses.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "- /Bruising Page/\n- /bruising/\n", encoding="utf-8")
    with pytest.raises(DataError) as failed:
        load(project / "docs")
    text = "\n".join(failed.value.errors)
    assert "docs/_data/addresses.yml, item" in text and "'/Bruising Page/' is not a site address" in text
    assert "/bruising/ is listed twice" in text
