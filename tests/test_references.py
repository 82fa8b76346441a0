"""The one loop that resolves references between files (macros/checks/references.py).

References are declared on the data models' fields (RefersTo, PageRef, SectionOf); ``resolve`` finds
them in every entry that loaded, in lists and nested models too, and checks them against the entries
that loaded and the project's pages. These tests use small models of their own, the real schema, and
the data check (macros.data.load.load) on small projects written into a temporary folder.
"""

from __future__ import annotations

from typing import Annotated, Optional

import pytest
from pydantic import BaseModel

from macros.checks.references import FEW, Entries, PageRef, RefersTo, SectionOf, declared, references, resolve
from macros.data.load import DataError
from macros.data.page_sources import Page
from macros.data.schema import FILES, Area, Link, Role
from tests.helpers import LINK, make_site


class Item(BaseModel):
    page: Annotated[str, PageRef()]
    anchor: Annotated[Optional[str], SectionOf("page")] = None


class Thing(BaseModel):
    id: str
    source: Annotated[str, RefersTo("links.yml", "source")]
    also: Annotated[list[str], RefersTo("links.yml", "link")] = []
    items: list[Item] = []
    note: Optional[str] = None  # (no reference: never resolved)


def _page(src: str, text: str) -> Page:
    return Page(src=src, path=None, text=text)


PAGES = {"bruising.md": _page("bruising.md", "# Bruising\n\n## What to do { #what-to-do }\n"),
         "tools/icon.md": _page("tools/icon.md", "# ICON\n")}
LINKS = Entries(home=Link.model_validate(LINK), nhs=Link.model_validate({**LINK, "id": "nhs"}))


def _resolve(*things, links=LINKS) -> list[str]:
    return resolve({"links.yml": links, "things.yml": Entries({t.id: t for t in things})}, PAGES, "docs/_data")


def test_a_field_declares_what_it_refers_to():
    assert declared(Thing) == {"source": (RefersTo("links.yml", "source"),), "also": (RefersTo("links.yml", "link"),)}
    assert declared(Item) == {"page": (PageRef(),), "anchor": (SectionOf("page"),)}
    # the real schema: a tool's links, an area's statistics, a role's tools and pages
    assert declared(Area)["statistics"] == (RefersTo("statistics.yml", "statistic"),)
    assert declared(Role)["tools"] == (RefersTo("tools.yml", "tool"),)
    assert "page" in declared(Role.model_fields["matters"].annotation.__args__[0])


def test_every_file_a_declaration_names_is_a_data_file():
    for model in list(FILES.values()):
        for name, markers in declared(model).items():
            for marker in markers:
                if isinstance(marker, RefersTo):
                    assert marker.file in FILES, f"{model.__name__}.{name} refers to {marker.file}"


def test_declared_references_are_found_in_lists_and_nested_models():
    thing = Thing(id="t", source="home", also=["nhs", "home"], items=[Item(page="bruising.md", anchor="what-to-do")])
    found = [(where, value) for where, _, value, _ in references(thing, "entry 't'")]
    assert found == [("entry 't', field 'source'", "home"), ("entry 't', field 'also'", "nhs"),
                     ("entry 't', field 'also'", "home"), ("entry 't', field 'items', item 1, field 'page'", "bruising.md"),
                     ("entry 't', field 'items', item 1, field 'anchor'", "what-to-do")]
    assert _resolve(thing) == []


def test_a_wrong_id_is_reported_with_the_nearest_one():
    [error] = _resolve(Thing(id="t", source="hom"))
    assert error == ("docs/_data/things.yml, entry 't', field 'source': source 'hom' is not an id in links.yml. "
                     "Did you mean 'home'?")
    # Nothing near: a short list is named in full, a long one is not.
    [error] = _resolve(Thing(id="t", source="home", also=["zzzz"]))
    assert error.endswith("link 'zzzz' is not an id in links.yml. Write one of: home, nhs (or add an entry with "
                          "id 'zzzz' to links.yml).")
    many = Entries({f"link-{n}": Link.model_validate({**LINK, "id": f"link-{n}"}) for n in range(FEW + 1)})
    [error] = _resolve(Thing(id="t", source="link-1", also=["zzzz"]), links=many)
    assert error.endswith("link 'zzzz' is not an id in links.yml. Add an entry with id 'zzzz' to links.yml.")


def test_a_page_s_front_matter_declares_its_roles_and_they_are_resolved_too():
    """Front matter references (roles:) go through the same loop, named by the page."""
    from macros.data.schema import FrontMatter

    roles = Entries({rid: Link.model_validate({**LINK, "id": rid}) for rid in ("midwife", "gp")})  # (ids are what count)
    matter = {"bruising.md": FrontMatter.model_construct(roles=["midwife", "gpp"]),
              "tools/icon.md": FrontMatter.model_construct(roles=["gp"])}
    errors = resolve({"roles.yml": roles}, PAGES, "docs/_data", front_matter=matter)
    assert errors == ["docs/bruising.md, front matter, field 'roles': role 'gpp' is not an id in roles.yml. "
                      "Did you mean 'gp'?"]
    roles.refused = frozenset({"gpp"})  # (a role whose own entry was refused is not reported again)
    assert resolve({"roles.yml": roles}, PAGES, "docs/_data", front_matter=matter) == []


def test_a_wrong_page_in_a_nested_list_is_reported_once():
    thing = Thing(id="t", source="home", items=[Item(page="bruising.md"), Item(page="tools/icn.md", anchor="x")])
    errors = _resolve(thing)
    assert errors == ["docs/_data/things.yml, entry 't', field 'items', item 2, field 'page': the page "
                      "'tools/icn.md' does not exist under docs/. Did you mean 'tools/icon.md'?"]


def test_a_wrong_section_is_checked_on_its_own_page():
    errors = _resolve(Thing(id="t", source="home", items=[Item(page="bruising.md", anchor="what-to-d")]))
    assert errors == ["docs/_data/things.yml, entry 't', field 'items', item 1, field 'anchor': the section "
                      "'#what-to-d' is not on the page 'bruising.md'. Did you mean 'what-to-do'?"]


def test_a_reference_to_an_entry_that_failed_to_load_is_not_reported_again():
    links = Entries(home=LINKS["home"])
    links.refused = frozenset({"nhs"})  # its own problem is reported where it is
    assert _resolve(Thing(id="t", source="nhs", also=["nhs"]), links=links) == []
    unreadable = Entries()
    unreadable.unreadable = True  # the whole file could not be read: it is reported once, for the file
    assert _resolve(Thing(id="t", source="anything"), links=unreadable) == []


@pytest.mark.parametrize("page", ["../../etc/passwd", "/etc/passwd", "..\\secrets.md", "tools/../../mkdocs.yml"])
def test_a_page_outside_docs_is_refused(page):
    [error] = _resolve(Thing(id="t", source="home", items=[Item(page=page)]))
    assert f"the page '{page}' is outside docs/" in error and "without ../ or a leading /" in error


# --- through the data check -----------------------------------------------------------------------

TOOL = {"id": "icon", "name": "ICON", "short": "ICON", "summary": "S", "what": "W", "who": "W", "when": "W",
        "get": ["home"], "sources": ["home"], "status": "confirmed"}
ROLE = {"id": "midwife", "name": "Midwife", "plural": "midwives", "summary": "S",
        "matters": [{"page": "bruising.md", "anchor": "what-to-do", "why": "W"}], "tools": ["icon"]}


def _errors(tmp_path, **files) -> list[str]:
    with pytest.raises(DataError) as info:
        make_site(tmp_path, **files)
    return info.value.errors


@pytest.fixture
def bruising(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bruising.md").write_text("# Bruising\n\n## What to do { #what-to-do }\n", encoding="utf-8")


def test_the_data_check_resolves_every_declared_reference(tmp_path, bruising):
    site = make_site(tmp_path, links=[LINK], tools=[TOOL], roles=[ROLE])
    assert site.roles["midwife"].tools == ["icon"] and site.roles["midwife"].matters[0].anchor == "what-to-do"
    matters = [{"page": "bruising.md", "why": "W"}, {"page": "bruising.md", "anchor": "what-to-d", "why": "W"}]
    errors = _errors(tmp_path, links=[LINK], tools=[TOOL], roles=[{**ROLE, "matters": matters}])
    assert errors == ["docs/_data/roles.yml, entry 'midwife', field 'matters', item 2, field 'anchor': the section "
                      "'#what-to-d' is not on the page 'bruising.md'. Did you mean 'what-to-do'?"]


def test_a_wrong_id_in_a_list_is_reported_once_by_the_data_check(tmp_path, bruising):
    errors = _errors(tmp_path, links=[LINK], tools=[TOOL], roles=[{**ROLE, "tools": ["icon", "icn"]}])
    assert errors == ["docs/_data/roles.yml, entry 'midwife', field 'tools': tool 'icn' is not an id in tools.yml. "
                      "Did you mean 'icon'?"]


def test_an_entry_that_failed_to_load_is_not_reported_again_as_missing(tmp_path, bruising):
    errors = _errors(tmp_path, links=[LINK], tools=[{**TOOL, "status": "maybe"}], roles=[ROLE])
    assert len(errors) == 1 and errors[0].startswith("docs/_data/tools.yml, entry 'icon'") and "'maybe'" in errors[0]


def test_a_data_page_outside_docs_is_refused_by_the_data_check(tmp_path):
    (tmp_path / "secret.md").parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "secret.md").write_text("# Not a page of the site\n", encoding="utf-8")  # it exists, outside docs/
    shortlink = {"id": "go", "page": "../secret.md", "title": "Secret"}
    errors = _errors(tmp_path, shortlinks=[shortlink], pages=["bruising.md"])
    assert errors == ["docs/_data/shortlinks.yml, entry 'go', field 'page': the page '../secret.md' is outside docs/, "
                      "and only pages of this site can be named. Write its path from docs/, without ../ or a leading "
                      "/, such as bruising.md."]
