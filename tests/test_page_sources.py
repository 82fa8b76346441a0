"""Pages never type a web address or a statistic: they call macros."""

import re
from pathlib import Path

import pytest

from macros.data.load import load
from macros.data.figures import figure

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_data" not in p.parts)
# Numbers that are part of a name, not a statistic.
NAMES = re.compile(r"\bCG89\b|\b1\.1\.2\b|\bunder[- ]?[12]s?\b|\bWorking Together,? 20\d\d\b", re.I)


def _prose(text: str) -> str:
    """The page's own words: front matter, macro calls and named numbers removed."""
    if text.startswith("---"):
        text = text[text.index("\n---", 3) + 4:]
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    return NAMES.sub(" ", text)


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_no_web_address_in_a_page(page):
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"https?://", text), f"{page}: move the address into docs/_data/links.yml"


def _figures():
    site = load(DOCS)
    for s in site.statistics.values():
        shown = figure(s, site.statistics).removeprefix("under ").removeprefix("about ")
        number = shown.rstrip("%").replace(",", "")
        label_words = [w for w in re.findall(r"[a-z]{4,}", s.label.lower())][:2]
        yield s.id, number, shown.endswith("%"), label_words


FIGURES = list(_figures())


def typed_statistics(prose: str) -> list[tuple[str, str]]:
    """(statistic id, text) for every statistic typed into ``prose``."""
    hits = []
    for sid, number, percent, words in FIGURES:
        if percent or float(number) >= 10:
            pattern = rf"(?<![\d.,/-]){re.escape(number)}(?![\d,-])" + (r"\s*%" if percent else r"(?!\.\d)")
        elif words:  # a small count only counts as the statistic when followed by what it counts
            pattern = rf"(?<![\d.]){re.escape(number)}\s+(?:\w+\s+){{0,2}}(?:{'|'.join(words)})"
        else:
            continue
        match = re.search(pattern, prose, re.I)
        if match:
            hits.append((sid, match.group(0)))
    return hits


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_no_statistic_typed_into_a_page(page):
    hits = typed_statistics(_prose(page.read_text(encoding="utf-8")))
    assert not hits, "; ".join(
        f"{page.relative_to(DOCS)} types {text!r}, which is statistic '{sid}': use {{{{ stat('{sid}') }}}} instead"
        for sid, text in hits
    )


def test_the_check_catches_a_typed_statistic():
    """The guard itself works: a page typing a deck figure is caught, a name is not."""
    hits = dict(typed_statistics(_prose("The Panel found 36% of notifications were about babies; "
                                        "Wiltshire made 9 notifications to the Panel.")))
    assert "panel-2022-23-under1s" in hits and "wiltshire-notifications" in hits
    assert typed_statistics(_prose("NICE CG89 recommendation 1.1.2 covers babies under 1.")) == []
