"""What a reader sees is safe to act on: every route ends in a number to ring, every area gives an
in-hours and out-of-hours number with the date it was checked, a preview never shows the
placeholder address, the glossary says what ICON is, and reader pages carry no software words."""

from __future__ import annotations

import html
import re

from macros.data.site_address import PREVIEW_LABEL, is_placeholder
from macros.data.yamlfiles import read_config


def _text(page_html: str) -> str:
    """The page's visible text (scripts and styles out, tags out)."""
    page_html = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


def _main(page_html: str) -> str:
    """The page's own content: the article, without the site's navigation."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page_html, re.S)
    assert match, "no article"
    return match.group(1)


def test_every_branch_of_the_decision_card_ends_in_a_number_to_ring(built_site):
    card = (built_site / "bruising-decision" / "index.html").read_text(encoding="utf-8")
    answers = re.findall(r'<section class="decision-step decision-step--answer[^"]*" id="([a-z-]+)">(.*?)</section>',
                         card, re.S)
    assert {a for a, _ in answers} == {"banes", "swindon", "wiltshire", "not-sure", "mobile-baby", "no-injury"}
    for step, body in answers:
        assert re.search(r'href="tel:\d{3,11}"', body), f"the answer '{step}' gives no number to ring"
    not_sure = dict(answers)["not-sure"]
    assert "front door for advice" in not_sure
    for area in ("banes", "swindon", "wiltshire"):
        assert f'data-area-id="{area}"' in not_sure, f"'not sure' does not give {area}'s route"
    question = card.split('id="mobile"', 1)[1].split("</section>", 1)[0]
    assert "able to move about on their own" not in question, "no definition of our own at a decision point"
    assert 'data-link-id="nice-cg89"' in question, "the question links NICE's definition"


def test_each_area_gives_in_hours_and_out_of_hours_numbers_with_the_date_checked(built_site, site_data):
    for page in ("index.html", "bruising/index.html", "roles/police/index.html", "pre-birth-protocol/index.html"):
        body = (built_site / page).read_text(encoding="utf-8")
        table = body.split('<table class="contacts-table">', 1)[1].split("</table>", 1)[0]
        for area in site_data.areas:
            row = table.split(f'data-area-id="{area}"', 1)[1].split("</tr>", 1)[0]
            for when in ("in-hours", "out-of-hours"):
                cell = row.split(f'data-when="{when}"', 1)[1].split("</td>", 1)[0]
                assert re.search(r'href="tel:0\d{9,10}"', cell), f"{page}: {area} has no {when} number"
        assert 'href="tel:999"' in body.split('<table class="contacts-table">', 1)[1].split("</table>")[0]
        assert re.search(r"Checked against public copies of .*? on \d{1,2} \w+ \d{4}; not yet confirmed", _text(body)), page


def test_a_role_page_starts_with_how_to_report_a_concern_including_an_unborn_baby(built_site, site_data):
    for role in site_data.roles:
        body = _main((built_site / "roles" / role / "index.html").read_text(encoding="utf-8"))
        headings = re.findall(r"<h2 id=\"([a-z-]+)\"", body)
        assert headings[0] == "contacts", f"{role}: 'Report a concern' is not first ({headings})"
        assert "Worried about an unborn baby?" in body and "pre-birth-protocol/#worried" in body


def test_a_preview_is_marked_on_every_page_and_never_shows_the_placeholder_address(pages, root):
    site_url = read_config(root)["site_url"]
    assert is_placeholder(site_url), "this test is for the preview the real (placeholder) site_url builds"
    host = re.sub(r"^https?://", "", site_url).strip("/")
    for page in pages:
        body = page.read_text(encoding="utf-8")
        assert PREVIEW_LABEL in _text(body), f"{page}: not marked as a preview"
        assert host not in _text(body), f"{page}: shows the placeholder address to readers"


def test_the_glossary_says_icon_is_the_initials_of_its_messages_not_its_tagline(built_site, site_data):
    icon = site_data.glossary["icon"]
    assert "Babies cry" not in (icon.expansion or ""), "the tagline is not what ICON stands for"
    assert "initials" in icon.expansion and "acronym" in icon.definition and icon.source == "icon-professionals"
    tooltip = re.search(r'<abbr title="([^"]*)">ICON</abbr>', (built_site / "index.html").read_text(encoding="utf-8"))
    assert tooltip and "Babies cry" not in html.unescape(tooltip.group(1))


def test_every_glossary_definition_is_credited(built_site, site_data):
    body = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    for term in site_data.glossary.values():
        entry = body.split(f'<dt id="{term.id}">', 1)[1].split("</dd>", 1)[0]
        assert ("Source:" in entry) != ("This guide's plain-English explanation" in entry), term.id
    for statutory in ("cspr", "rapid-review", "cspr-panel", "sudi", "sudc", "petechiae", "mash", "nai"):
        t = site_data.glossary[statutory]
        assert t.source or t.see or "plain-English" in body.split(f'<dt id="{t.id}">', 1)[1].split("</dd>", 1)[0]


SOFTWARE_WORDS = [r"\baxe-core\b", r"\bChromium\b", r"\bAtom feed\b", r"\bthe deck\b", r"\bworkshop deck\b",
                  r"\bbuild [0-9a-f]{7}\b", r"\bVersion 20\d\d-", r"\bYAML\b", r"\bmkdocs\b", r"\bmacro\b"]


def test_reader_pages_carry_no_software_words(pages, site_data):
    for page in pages:
        text = _text(_main(page.read_text(encoding="utf-8")))
        for word in SOFTWARE_WORDS:
            assert not re.search(word, text, re.I), f"{page}: {word!r} in {re.search(word, text, re.I).group(0)!r}"
    terms = {t.term for t in site_data.glossary.values()}
    assert not terms & {"PDF", "QR", "A4", "KB"}, "site-mechanics words are not safeguarding terms"


def test_the_workshop_themes_are_credited_to_the_workshop_not_the_panel(built_site):
    why = _text((built_site / "why-babies-are-at-risk" / "index.html").read_text(encoding="utf-8"))
    assert "The Panel's themes" not in why
    icon = _text((built_site / "tools" / "icon" / "index.html").read_text(encoding="utf-8"))
    assert "the Panel found that parents" not in icon
    reviews = _text((built_site / "case-reviews" / "index.html").read_text(encoding="utf-8"))
    assert "persistent approaches in engaging parents" in reviews and "persistence in engaging" not in reviews
