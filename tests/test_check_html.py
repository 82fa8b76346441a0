"""scripts/check_html.py sorts vnu's JSON report into our errors and the theme's (no Java needed)."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.check_html import classify, format_report

SITE = Path("/srv/site")

# As vnu.jar 26.x writes them with --format json (extract: the markup around the error;
# hiliteStart/hiliteLength: the offending part of it).
THEME_TABINDEX = {
    "type": "error",
    "url": "file:/srv/site/tools/index.html",
    "lastLine": 120,
    "firstColumn": 11,
    "lastColumn": 76,
    "message": "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
    "extract": "        <label class=\"md-nav__link\" for=\"__nav_3\" id=\"__nav_3_label\" tabindex=\"\">\n    ",
    "hiliteStart": 8,
    "hiliteLength": 73,
}
THEME_AUTOCOMPLETE = {
    "type": "error",
    "url": "file:/srv/site/index.html",
    "lastLine": 60,
    "firstColumn": 5,
    "lastColumn": 98,
    "message": "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
               "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, "
               "“url”, or “week”.",
    "extract": "y>\n    <input class=\"md-toggle\" data-md-toggle=\"drawer\" type=\"checkbox\" id=\"__drawer\" "
               "autocomplete=\"off\">\n    ",
    "hiliteStart": 7,
    "hiliteLength": 98,
}
STRAY_END_TAG = {
    "type": "error",
    "url": "file:/srv/site/tools/index.html",
    "lastLine": 1490,
    "firstColumn": 12,
    "lastColumn": 15,
    "message": "No “p” element in scope but a “p” end tag seen.",
    "extract": "vices.</p></p>\n</div",
    "hiliteStart": 10,
    "hiliteLength": 4,
}


def vnu(*messages) -> str:
    return json.dumps({"version": "26.9.27", "messages": list(messages)}, ensure_ascii=False)


def test_the_theme_errors_are_counted_apart_and_ours_are_listed_by_page():
    report = classify(vnu(THEME_TABINDEX, THEME_AUTOCOMPLETE, STRAY_END_TAG), SITE)

    assert report.theme_count == 2
    assert report.our_count == 1
    assert list(report.ours) == ["tools/index.html"]
    [error] = report.ours["tools/index.html"]
    assert (error.line, error.message, error.extract) == (1490, STRAY_END_TAG["message"], STRAY_END_TAG["extract"])


def test_the_same_message_on_our_own_markup_is_ours():
    # tabindex="" on a label that is not Material's nav section label, autocomplete on our own checkbox
    ours_tabindex = dict(THEME_TABINDEX, extract='<label for="x" tabindex="">', hiliteStart=0, hiliteLength=27)
    ours_autocomplete = dict(
        THEME_AUTOCOMPLETE, extract='<input type="checkbox" id="x" autocomplete="off">', hiliteStart=0, hiliteLength=49
    )
    report = classify(vnu(ours_tabindex, ours_autocomplete), SITE)

    assert report.theme_count == 0
    assert report.our_count == 2


def test_warnings_are_not_errors_and_unread_files_are_problems():
    warning = dict(STRAY_END_TAG, type="info", subType="warning")
    unread = {"type": "non-document-error", "subType": "io", "url": "file:/srv/site/a.html", "message": "not found"}
    report = classify(vnu(warning, unread), SITE)

    assert report.our_count == 0
    assert report.problems == ["a.html: not found"]


def test_the_summary_line():
    report = classify(vnu(THEME_TABINDEX, THEME_AUTOCOMPLETE, STRAY_END_TAG), SITE)
    text = format_report(report, pages_checked=39)

    assert "tools/index.html: 1 error(s)" in text
    assert "line 1490: No “p” element in scope but a “p” end tag seen." in text
    assert "vices.</p></p>↵</div" in text
    assert text.splitlines()[-1].startswith("1 errors of our own on 1 pages (2 of the theme's, counted apart")
    assert classify(vnu(), SITE).our_count == 0
