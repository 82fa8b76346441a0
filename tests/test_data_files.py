"""The data files themselves: they validate, open with a comment, and keep facts once."""

from pathlib import Path

import pytest
import yaml

from macros.data.load import DataError, load
from macros.data.schema import FILES

DATA = Path(__file__).resolve().parent.parent / "docs" / "_data"


def test_all_data_validates():
    site = load(DATA.parent)
    for name in FILES:
        assert getattr(site, name.removesuffix(".yml")), f"{name} is empty"


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_file_opens_with_a_comment_saying_what_it_holds(name):
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(f"# {name}"), f"{name} must open with '# {name} — what it holds'"
    header = "\n".join(l for l in lines[:15] if l.startswith("#"))
    assert "Holds:" in header and "Does not hold:" in header


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_entry_has_a_unique_stable_id(name):
    entries = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))


def test_icon_messages_are_held_once():
    """ICON's four messages live in tools.yml only, not typed into any page."""
    site = load(DATA.parent)
    pages = [p.read_text(encoding="utf-8") for p in DATA.parent.rglob("*.md")]
    for m in site.tools["icon"].messages:
        assert not any(m.text in page for page in pages), m.text


def test_deck_typo_npscc_is_fixed_everywhere():
    texts = [p.read_text(encoding="utf-8") for p in DATA.parent.rglob("*") if p.suffix in (".md", ".yml")]
    assert not any("NPSCC" in t for t in texts)
    assert any("NSPCC" in t for t in texts)


def test_percentages_from_counts_match_what_the_source_printed():
    from macros.data.figures import percent_of

    site = load(DATA.parent)
    checked = 0
    for s in site.statistics.values():
        if s.count is not None and s.reported_percent is not None:
            assert percent_of(s.count, site.statistics[s.of].value) == s.reported_percent
            checked += 1
    assert checked >= 2  # the Panel 2022-23 deaths and serious harm (146 and 227 of 393)


def test_unconfirmed_deck_figures_are_not_marked_confirmed():
    """The facts file lists the deck's national and local figures as unconfirmed."""
    site = load(DATA.parent)
    for sid in ("panel-2021-22-under1s", "panel-2022-23-under1s", "panel-2022-23-sudi",
                "banes-notifications", "swindon-notifications", "wiltshire-notifications"):
        assert site.statistics[sid].status == "deck", sid


def test_data_error_lists_every_problem():
    err = DataError(["a", "b"])
    assert "2 problems" in str(err) and "  - a" in str(err) and "  - b" in str(err)


def test_a_figure_is_confirmed_only_with_a_source_readers_can_open(tmp_path):
    """A figure marked confirmed (read in the source) must have a source readers can open."""
    from tests.conftest import copy_project
    from tests.helpers import set_entry_field

    project = copy_project(tmp_path / "project")
    set_entry_field(project / "docs" / "_data" / "statistics.yml", "panel-2021-notifications", "status", "confirmed")
    with pytest.raises(DataError) as refused:
        load(project / "docs")
    assert any("entry 'panel-2021-notifications'" in e and "confirmed, but its source" in e
               and "has no address" in e for e in refused.value.errors), refused.value.errors
