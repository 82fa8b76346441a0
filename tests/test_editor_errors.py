"""An editor's slip never publishes a broken site, and always says what to write instead.

Each test breaks a temporary copy of the project in one way (the classes of error
this issue adds to the foundation's list, which tests/test_bad_data.py covers)
and runs what an editor runs: `make check` (python -m scripts.check_data) or the
complete build (python -m scripts.build). A failed build must leave the previous site/
exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project
from tests.helpers import item_of, set_entry_field

TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("editor") / "pristine")


@pytest.fixture
def project(pristine, tmp_path):
    return Path(shutil.copytree(pristine, tmp_path / "project"))


def run(project: Path, module: str, *args: str) -> tuple[int, str]:
    """Run one of the project's scripts as `make` runs it (python -m scripts.build) in the copy."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=project, capture_output=True, text=True, timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


def check(project: Path) -> tuple[int, str]:
    return run(project, "scripts.check_data")


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_front_matter(project: Path, rel: str, field: str, value: str | None) -> None:
    """Set (or, with None, remove) one front matter field of a page."""
    path = project / "docs" / rel
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    end = text.index("\n---", 3)
    lines = [l for l in text[4:end].splitlines() if not l.startswith(f"{field}:")]
    if value is not None:
        lines.append(f"{field}: {value}")
    path.write_text("---\n" + "\n".join(lines) + text[end:], encoding="utf-8")


def problems(out: str) -> list[str]:
    return [l for l in out.splitlines() if l.startswith("  - ")]


def fake_previous_site(project: Path) -> dict[str, bytes]:
    """A 'last good' site/ with content no build writes, to prove it survives."""
    site = project / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text("<p>last good site</p>", encoding="utf-8")
    (site / "about" / "index.html").write_text("<p>last good about page</p>", encoding="utf-8")
    return snapshot(site)


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# --- Each class of error: one clear message naming file, entry, field and what to write ---------


def test_the_untouched_copy_passes_the_check(project):
    code, out = check(project)
    assert code == 0, out
    assert out.startswith("Data OK")


def test_impossible_date_in_a_data_file(project):
    set_entry_field(project / "docs/_data/contacts.yml", "wiltshire-in-hours", "checked_on", "2025-02-31")
    code, out = check(project)
    assert code == 1 and "Traceback" not in out
    [msg] = problems(out)
    assert "docs/_data/contacts.yml, entry 'wiltshire-in-hours'" in msg and "field 'checked_on'" in msg
    assert "'2025-02-31' is not a real date" in msg and "YYYY-MM-DD" in msg


def test_impossible_date_in_a_page_stops_the_build_without_a_traceback(project):
    set_front_matter(project, "about.md", "last_reviewed", "2026-02-31")
    code, out = run(project, "scripts.build")
    assert code == 1 and "Traceback" not in out, out[-3000:]
    [msg] = problems(out)
    assert msg.startswith("  - docs/about.md, front matter field 'last_reviewed'")
    assert "'2026-02-31' is not a real date" in msg and "YYYY-MM-DD" in msg


def test_review_date_in_the_future_in_a_data_file(project):
    set_entry_field(project / "docs/_data/contacts.yml", "wiltshire-in-hours", "checked_on", TOMORROW)
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert "entry 'wiltshire-in-hours'" in msg and f"checked_on {TOMORROW} is in the future" in msg
    assert "write the date the number was checked" in msg


def test_last_reviewed_in_the_future_in_a_page(project):
    set_front_matter(project, "bruising.md", "last_reviewed", TOMORROW)
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert msg.startswith("  - docs/bruising.md, front matter field 'last_reviewed'")
    assert f"{TOMORROW} is in the future" in msg and "Write the date the page was actually reviewed" in msg


def test_percentage_that_does_not_match_its_counts(project):
    edit(project, "docs/_data/statistics.yml", "  count: 146\n  of: panel-2022-23-notifications\n  reported_percent: 37",
         "  count: 146\n  of: panel-2022-23-notifications\n  reported_percent: 73")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert "docs/_data/statistics.yml, entry 'panel-2022-23-deaths', field 'reported_percent'" in msg
    assert "73% does not match the counts" in msg and "146 of" in msg
    assert "Correct the count, the total or reported_percent" in msg


def test_empty_title_in_a_data_file(project):
    edit(project, "docs/_data/links.yml", "  title: Child Safeguarding Practice Review Panel annual report 2021\n",
         '  title: ""\n')
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert "docs/_data/links.yml, entry 'panel-annual-report-2021'" in msg and "field 'title'" in msg
    assert "is empty: write the text" in msg


def test_empty_title_and_missing_description_in_a_page(project):
    set_front_matter(project, "reflect.md", "title", '""')
    set_front_matter(project, "fathers.md", "description", None)
    code, out = check(project)
    assert code == 1
    msgs = problems(out)
    assert len(msgs) == 2, out
    assert any(m.startswith("  - docs/reflect.md, front matter field 'title' is empty. Write") for m in msgs)
    assert any(m.startswith("  - docs/fathers.md, front matter field 'description' is missing. Write") for m in msgs)


def test_review_interval_not_understood(project):
    set_front_matter(project, "glossary.md", "review_in", "fortnightly")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert "docs/glossary.md, front matter field 'review_in'" in msg and "'fortnightly' is not understood" in msg
    assert "'6 months'" in msg


def test_page_without_front_matter(project):
    path = project / "docs" / "reflect.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[text.index("\n---", 3) + 5:], encoding="utf-8")
    code, out = check(project)
    assert code == 1
    assert "docs/reflect.md: has no front matter" in out and "title:" in out


def test_front_matter_yaml_error_names_the_page_and_line(project):
    set_front_matter(project, "fathers.md", "owner", '"unclosed')
    code, out = run(project, "scripts.build")
    assert code == 1 and "Traceback" not in out
    assert re.search(r"docs/fathers\.md: front matter \(line \d+\): YAML syntax error", out), out


def test_every_problem_in_data_and_pages_is_reported_in_one_run(project):
    set_entry_field(project / "docs/_data/contacts.yml", "wiltshire-in-hours", "checked_on", "2025-02-31")
    edit(project, "docs/_data/statistics.yml", "  reported_percent: 37", "  reported_percent: 73")
    edit(project, "docs/_data/links.yml", "  title: Child Safeguarding Practice Review Panel annual report 2021\n",
         '  title: ""\n')
    set_front_matter(project, "about.md", "last_reviewed", "2026-02-31")
    set_front_matter(project, "bruising.md", "last_reviewed", TOMORROW)
    for tool in (check, lambda p: run(p, "scripts.build")):
        code, out = tool(project)
        assert code == 1
        assert "The site's data has 5 problems" in out, out
        assert len(problems(out)) == 5
        for where in ("contacts.yml, entry 'wiltshire-in-hours'", "entry 'panel-2022-23-deaths'",
                      "entry 'panel-annual-report-2021'", "docs/about.md", "docs/bruising.md"):
            assert where in out


# --- The last good site survives every failure -----------------------------------------------


def test_bad_data_leaves_the_previous_site_untouched_and_says_so(project):
    before = fake_previous_site(project)
    edit(project, "docs/_data/statistics.yml", "  reported_percent: 37", "  reported_percent: 73")
    code, out = run(project, "scripts.build")
    assert code == 1
    assert "BUILD FAILED — site/ was not changed" in out
    assert snapshot(project / "site") == before
    assert not list(project.glob(".site-build-*")), "the half-built folder was left behind"


def test_a_page_error_found_by_the_engine_leaves_the_previous_site_untouched(project):
    before = fake_previous_site(project)
    edit(project, "docs/tools/dadpad.md", "{{ tool_card('dadpad', level=2) }}", "{{ tool_card('dadpadd', level=2) }}")
    code, out = run(project, "scripts.build")
    assert code == 1
    assert "site/ was not changed" in out and "docs/tools/dadpad.md uses the id 'dadpadd'" in out
    assert snapshot(project / "site") == before
    assert not list(project.glob(".site-build-*"))


def test_a_failing_post_build_step_leaves_the_previous_site_untouched(project, monkeypatch):
    before = fake_previous_site(project)
    build = importlib.import_module("macros.build")

    def failing_step(site_dir, project):
        raise RuntimeError("the PDF of bruising.md could not be made")

    monkeypatch.setitem(build.STEPS, "failing_step", failing_step)  # a step, as STEPS lists them
    with pytest.raises(build.BuildFailed, match="failing_step failed: the PDF of bruising.md"):
        build.build(project, project / "site", steps=["failing_step"])
    assert snapshot(project / "site") == before
    assert not list(project.glob(".site-build-*"))


def test_a_good_build_replaces_the_site_whole(project):
    fake_previous_site(project)
    code, out = run(project, "scripts.build")
    assert code == 0, out[-3000:]
    site = project / "site"
    assert "last good site" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "_headers").is_file() and (site / "404.html").is_file()
    assert not (project / "site.old").exists() and not list(project.glob(".site-build-*"))


def test_make_check_is_quick(project):
    started = time.monotonic()
    code, out = check(project)
    elapsed = time.monotonic() - started
    assert code == 0, out
    assert elapsed < 5, f"make check took {elapsed:.1f} s; editors need it in a few seconds"


def test_unknown_ids_in_several_pages_are_all_reported_in_one_run(project):
    edit(project, "docs/tools/dadpad.md", "{{ tool_card('dadpad', level=2) }}", "{{ tool_card('dadpadd', level=2) }}")
    edit(project, "docs/why-babies-are-at-risk.md", "stat_card('panel-2022-23-notifications')",
         "stat_card('panel-2022-23-notification')")
    code, out = check(project)
    assert code == 1
    msgs = problems(out)
    assert len(msgs) == 2, out
    assert "docs/tools/dadpad.md uses the id 'dadpadd'" in msgs[0] and "Did you mean 'dadpad'?" in msgs[0]
    assert "docs/why-babies-are-at-risk.md uses the id 'panel-2022-23-notification'" in msgs[1]
    assert "Did you mean 'panel-2022-23-notifications'?" in msgs[1] and "(line " in msgs[1]


def test_a_broken_macro_call_names_the_page_the_problem_and_the_text(project):
    before = fake_previous_site(project)
    edit(project, "docs/tools/dadpad.md", "{{ tool_card('dadpad', level=2) }}", "{{ tool_card('dadpad', level=2 }}")
    code, out = run(project, "scripts.build")
    assert code == 1 and "Traceback" not in out
    line = (project / "docs/tools/dadpad.md").read_text(encoding="utf-8").splitlines().index(
        "{{ tool_card('dadpad', level=2 }}") + 1
    [msg] = problems(out)
    assert msg.startswith(f"  - docs/tools/dadpad.md, line {line}: a macro call cannot be read (")
    assert "expected ')'" in msg
    assert "{{ tool_card('dadpad', level=2 }}" in msg  # the text to fix, as the editor wrote it
    assert snapshot(project / "site") == before


def test_broken_macro_calls_in_several_pages_are_all_reported_in_one_run(project):
    """The engine stops at the first page whose {{ ... }} it cannot read; the check reads them all first."""
    edit(project, "docs/tools/dadpad.md", "{{ tool_card('dadpad', level=2) }}", "{{ tool_card('dadpad', level=2 }}")
    edit(project, "docs/reflect.md", "\n## ", "\n{{ glossary( }}\n\n## ")
    edit(project, "docs/glossary.md", "{{ glossary() }}", "{{ glossary() }")
    for tool in (check, lambda p: run(p, "scripts.build")):
        code, out = tool(project)
        assert code == 1
        msgs = problems(out)
        assert len(msgs) == 3, out
        for page in ("docs/tools/dadpad.md", "docs/reflect.md", "docs/glossary.md"):
            assert any(m.startswith(f"  - {page}, line ") and "a macro call cannot be read" in m for m in msgs), (page, msgs)


def test_a_misspelt_macro_name_is_reported_with_the_nearest_name(project):
    edit(project, "docs/tools/dadpad.md", "{{ tool_card('dadpad', level=2) }}", "{{ tool_crd('dadpad', level=2) }}")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert re.match(r"  - docs/tools/dadpad\.md, line \d+: there is no macro called 'tool_crd'\. Did you mean 'tool_card'\?", msg)


# --- Front matter is plain text, with only the fields pages have ------------------------------


def test_html_in_a_page_title_is_refused_and_never_published(project):
    """The theme writes a page's title into every page as it is: a tag there would run in readers'
    browsers (and the build would have allowed the script by its hash)."""
    before = fake_previous_site(project)
    set_front_matter(project, "fathers.md", "title", "Working with <b>fathers</b> <script>alert(1)</script>")
    code, out = run(project, "scripts.build")
    assert code == 1 and "Traceback" not in out
    [msg] = problems(out)
    assert re.match(r"  - docs/fathers\.md, front matter field 'title' \(line \d+\) contains '<' or '>'", msg), msg
    assert msg.endswith("e.g. title: Working with fathers alert(1)")
    assert snapshot(project / "site") == before


def test_a_straight_double_quote_in_a_description_is_refused_with_the_fix(project):
    set_front_matter(project, "reflect.md", "description", """'Ask "why?" of every theme.'""")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert msg.startswith("  - docs/reflect.md, front matter field 'description' (line ")
    assert "straight double quote" in msg and "Use curly quotes “ ”" in msg


def test_misspelt_front_matter_fields_are_reported_with_the_nearest_name(project):
    set_front_matter(project, "fathers.md", "roels", "[midwife]")
    set_front_matter(project, "glossary.md", "reveiw_in", "3 months")
    set_front_matter(project, "about.md", "colour", "blue")
    code, out = check(project)
    assert code == 1
    msgs = problems(out)
    assert len(msgs) == 3, out
    assert any(re.match(r"  - docs/fathers\.md, front matter field 'roels' \(line \d+\) is not a field pages "
                        r"have, so it would be ignored\. Did you mean 'roles'\?", m) for m in msgs), msgs
    assert any("docs/glossary.md, front matter field 'reveiw_in'" in m and "Did you mean 'review_in'?" in m
               for m in msgs)
    assert any("docs/about.md, front matter field 'colour'" in m and "Rename it to one pages have, or remove it" in m
               for m in msgs)


def test_a_script_typed_into_a_page_stops_the_build_instead_of_being_allowed(project):
    """Raw HTML is allowed in Markdown; a script is not: it is refused in the page, at its line, before the
    engine runs (the security step would otherwise allow every inline script the built pages carry)."""
    before = fake_previous_site(project)
    edit(project, "docs/reflect.md", "\n## ", "\n<script>document.title = 'owned'</script>\n\n## ")
    line = (project / "docs/reflect.md").read_text(encoding="utf-8").splitlines().index(
        "<script>document.title = 'owned'</script>") + 1
    for tool in (check, lambda p: run(p, "scripts.build")):
        code, out = tool(project)
        assert code == 1 and "Traceback" not in out, out
        [msg] = problems(out)
        assert msg == (f"  - docs/reflect.md, line {line}: a <script> tag is never allowed in a page: the site's own "
                       "behaviour belongs in docs/assets/site.js. Remove it."), msg
    assert snapshot(project / "site") == before


# --- Files as editors' tools save them -----------------------------------------------------------


def test_a_page_that_is_not_utf8_is_named_with_its_line_and_the_fix(project):
    path = project / "docs" / "reflect.md"
    text = path.read_bytes()
    line = text[: text.index(b"\n## ")].count(b"\n") + 2  # the new line goes after that newline
    path.write_bytes(text.replace(b"\n## ", b"\nCaf\xe9 notes\n\n## ", 1))  # Latin-1, as old editors save
    for tool in (check, lambda p: run(p, "scripts.build")):
        code, out = tool(project)
        assert code == 1 and "Traceback" not in out, out
        [msg] = problems(out)
        assert msg == (f"  - docs/reflect.md, line {line}: is not UTF-8 text (the byte 0xE9 after 'Caf', often a "
                       "character pasted from a word processor). Save the file as UTF-8 (in most editors: Save As, "
                       "Encoding UTF-8), or delete and retype that character."), msg


def test_a_data_file_that_is_not_utf8_is_named_with_its_line(project):
    path = project / "docs" / "_data" / "glossary.yml"
    text = path.read_bytes()
    line = text[: text.index(b"\n- id:")].count(b"\n") + 2
    path.write_bytes(text.replace(b"\n- id:", b"\n# \x93quoted\x94\n- id:", 1))  # Windows-1252 quotes
    code, out = check(project)
    assert code == 1 and "Traceback" not in out
    [msg] = problems(out)
    assert msg.startswith(f"  - docs/_data/glossary.yml, line {line}: is not UTF-8 text (the byte 0x93 after '#'"), msg


def test_a_byte_order_mark_is_accepted_as_the_engine_accepts_it(project):
    for rel in ("docs/reflect.md", "docs/_data/glossary.yml"):
        path = project / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out = check(project)
    assert code == 0, out


@pytest.mark.parametrize("content", ["", "# What changed on the site, newest first.\n"])
def test_an_emptied_data_file_is_reported_not_published_empty(project, content):
    (project / "docs" / "_data" / "changelog.yml").write_text(content, encoding="utf-8")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert msg.startswith("  - docs/_data/changelog.yml: has no entries. Restore them (git checkout -- "
                          "docs/_data/changelog.yml"), msg
    assert "write [] on a line of its own" in msg


# --- YAML slips, in an editor's words, at the line to change -----------------------------------

YAML_SLIPS = [
    # (what the editor wrote instead of "  term: BaNES", the line offset from that line, what the message says)
    ("\tterm: BaNES", 0, "a tab character: YAML is indented with spaces only. Replace the tab"),
    ("  term: BaNES: Bath", 0, "a colon followed by a space inside a value"),
    ("  term: 'BaNES's'", 0, "inside '…' write an apostrophe twice, as in 'baby''s'"),
    ('  term: "BaNES', 0, "a double quote opened on this line is never closed (the value ran on to line"),
    ('  term: "BaNES\n', 0, "a quote opened on this line is never closed"),  # (at the end of the file)
    ("  term: [BaNES", 0, "a bracket [ or { opened on this line is never closed"),
    ("  term: BaNES\n expansion: Bath", 1, "a line indented less than the fields of its entry"),
]


@pytest.mark.parametrize("slip,offset,says", YAML_SLIPS, ids=[s[2][:24] for s in YAML_SLIPS])
def test_a_yaml_slip_is_told_plainly_at_its_line(project, slip, offset, says):
    path = project / "docs" / "_data" / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("\n  term: BaNES\n")].count("\n") + 2 + offset
    if slip.endswith("\n"):  # the slip is on the last line of the file
        text = text.replace("\n  term: BaNES\n", "\n  term: BaNES_\n", 1) + "- id: last\n" + slip.rstrip("\n")
        line = text.count("\n") + 1
    path.write_text(text.replace("\n  term: BaNES\n", f"\n{slip}\n", 1), encoding="utf-8")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert msg.startswith(f"  - docs/_data/glossary.yml, line {line}: YAML syntax error: "), msg
    assert says in msg


def test_a_yaml_slip_in_front_matter_is_told_plainly_at_its_line(project):
    set_front_matter(project, "fathers.md", "roles", "[midwife, gp")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert re.match(r"  - docs/fathers\.md: front matter \(line \d+\): YAML syntax error: a bracket \[ or \{ opened "
                    r"on this line is never closed\. Close it on the same line \(e\.g\. roles: \[midwife, gp\]\)", msg), msg
    line = int(re.search(r"line (\d+)", msg).group(1))
    assert (project / "docs" / "fathers.md").read_text(encoding="utf-8").splitlines()[line - 1] == "roles: [midwife, gp"


@pytest.mark.parametrize("broken", ["roles.yml", "tools.yml", "contacts.yml", "links.yml"])
def test_an_unreadable_data_file_is_one_message_not_a_flood(project, broken):
    """Pages and other files that use it would each report its ids as unknown: only its own error is shown."""
    path = project / "docs" / "_data" / broken
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n- id: ", "\n- id: [", 1), encoding="utf-8")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert msg.startswith(f"  - docs/_data/{broken}, line "), msg


# --- Mistakes inside an entry: where, in the editor's counting, and no knock-on errors -----------


def test_a_mistake_inside_a_list_of_an_entry_is_located_counting_from_1(project):
    edit(project, "docs/_data/roles.yml", "    - page: tools/gcp2a.md", "    - tools/gcp2a.md\n    - pagee: tools/gcp2a.md")
    code, out = check(project)
    assert code == 1
    msgs = problems(out)
    assert "Input should be" not in out and "RoleItem" not in out, out
    assert any(m.startswith("  - docs/_data/roles.yml, entry 'midwife' (item 1), field 'matters', item 2: must be a set "
                            "of 'field: value' lines (page, anchor, why), not a single value (you wrote 'tools/gcp2a.md')")
               for m in msgs), msgs
    assert any(m.startswith("  - docs/_data/roles.yml, entry 'midwife' (item 1), field 'matters', item 3, field 'pagee' "
                            "is not a known field. Did you mean 'page'?") for m in msgs), msgs
    assert any("field 'matters', item 3, field 'page' is missing. Write a page under docs/" in m for m in msgs), msgs
    # The refused role is not then reported by every page that names it.
    assert len(msgs) == 3, out


def test_a_negative_count_is_reported_as_such_not_as_a_percentage_mismatch(project):
    set_entry_field(project / "docs/_data/statistics.yml", "panel-2022-23-deaths", "count", "-146")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert "entry 'panel-2022-23-deaths'" in msg
    assert "count is negative: a count cannot be below 0" in msg and "does not match" not in msg, msg


def test_a_word_where_a_number_belongs_is_told_plainly(project):
    set_entry_field(project / "docs/_data/statistics.yml", "panel-2022-23-deaths", "count", "about 146")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert "entry 'panel-2022-23-deaths'" in msg
    assert "field 'count': 'about 146' is not a whole number: write digits only, e.g. 142" in msg, msg


def test_broken_links_and_a_page_missing_from_the_menu_say_what_to_write(project):
    """The menu and the links between pages are checked on the sources, all at once, before the engine runs;
    a link to a section a page does not have is found on the built pages (macros write some headings)."""
    before = fake_previous_site(project)
    edit(project, "docs/reflect.md", "\n## ",
         "\nSee [bruising](bruisng.md) and [the protocol](pre-birth-protocol.md#befor-birth).\n\n## ")
    edit(project, "docs/tools/icon.md", "\n## ", "\nSee [bruising](bruising.md#what-to-do).\n\n## ")
    (project / "docs" / "orphan.md").write_text(
        "---\ntitle: Orphan page\ndescription: A page that no menu leads to, to see what the build says.\n"
        "last_reviewed: 2026-11-01\n---\n# Orphan\n", encoding="utf-8")
    code, out = run(project, "scripts.build")
    assert code == 1 and "Traceback" not in out
    msgs = problems(out)
    assert "  - docs/orphan.md is not in the site's menu, so readers cannot reach it: add it to nav: in mkdocs.yml, " \
           "under the section it belongs to (or delete it if it is not to be published)." in msgs, out
    assert any(m.startswith("  - docs/reflect.md: the link 'bruisng.md' leads to no page. Did you mean 'bruising.md'?")
               for m in msgs), out
    assert any(m.startswith("  - docs/tools/icon.md: the link 'bruising.md#what-to-do' leads to no page. Did you mean "
                            "'../bruising.md#what-to-do'? (Links are written from the page's own folder") for m in msgs), out
    assert len(msgs) == 3, out
    assert "WARNING" not in out, out
    assert snapshot(project / "site") == before
    # With those fixed as the messages say, the link to a missing section is named, with the nearest one.
    edit(project, "docs/reflect.md", "(bruisng.md)", "(bruising.md)")
    edit(project, "docs/tools/icon.md", "(bruising.md#what-to-do)", "(../bruising.md#what-to-do)")
    (project / "docs" / "orphan.md").unlink()
    code, out = run(project, "scripts.build")
    assert code == 1 and "Traceback" not in out
    failure = out[out.index("BUILD FAILED"):]  # (the build's reports of gaps and print room come before it)
    [msg] = problems(failure)
    assert msg.startswith("  - docs/reflect.md (/reflect/): link "), msg
    assert ("points to the section '#befor-birth', which is not on /pre-birth-protocol/. Did you mean "
            "'#before-birth'?") in msg, msg
    assert "WARNING" not in out, out
    assert snapshot(project / "site") == before


def test_html_in_a_menu_title_is_refused(project):
    edit(project, "mkdocs.yml", "  - Working with fathers: fathers.md", "  - Working with <i>fathers</i>: fathers.md")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert msg == ("  - mkdocs.yml, nav: the title 'Working with <i>fathers</i>' contains '<' or '>': menu titles are "
                   "plain text, and HTML there would become part of every page. Write it without tags, e.g. "
                   "Working with fathers"), msg


def test_a_menu_entry_for_a_missing_page_suggests_the_page(project):
    before = fake_previous_site(project)
    edit(project, "mkdocs.yml", "      - DadPad: tools/dadpad.md", "      - DadPad: tools/dadpd.md")
    code, out = run(project, "scripts.build")
    assert code == 1
    assert "  - mkdocs.yml, nav: the entry 'tools/dadpd.md' is not a page under docs/. Did you mean 'tools/dadpad.md'?" \
        in problems(out), out
    assert snapshot(project / "site") == before


def test_renaming_a_page_without_a_redirect_stops_the_build_with_the_line_to_add(project):
    """Netlify, Cloudflare and Azure publish what `make build` made: a moved page must not break the
    addresses printed policies use. Everything else about the rename is done right here."""
    before = fake_previous_site(project)
    docs = project / "docs"
    (docs / "tools" / "dadpad.md").rename(docs / "tools" / "dad-pad.md")
    for rel in ("mkdocs.yml", "docs/_data/tools.yml", "docs/_data/shortlinks.yml", "docs/fathers.md"):
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8").replace("tools/dadpad.md", "tools/dad-pad.md"), encoding="utf-8")
    code, out = run(project, "scripts.build")
    assert code == 1 and "Traceback" not in out
    failure = out[out.index("BUILD FAILED"):]  # (the build's reports of gaps and print room come before it)
    [msg] = problems(failure)
    assert msg.startswith("  - The permanent address /tools/dadpad/ no longer works: its page (tools/dadpad.md")
    assert "the line 'tools/dadpad.md: tools/dad-pad.md' (its old path, then where it is now)" in msg
    assert snapshot(project / "site") == before
    # With that line the build passes, and the old address leads to the new page.
    edit(project, "mkdocs.yml", "      redirect_maps: {}", "      redirect_maps:\n        tools/dadpad.md: tools/dad-pad.md")
    code, out = run(project, "scripts.build")
    assert code == 0, out
    assert 'data-redirect="../dad-pad/"' in (project / "site" / "tools" / "dadpad" / "index.html").read_text(encoding="utf-8")


def test_a_bad_review_default_in_mkdocs_yml_is_one_message_not_one_per_page(project):
    edit(project, "mkdocs.yml", "      review_in: 6 months", "      review_in: soon")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert msg == ("  - mkdocs.yml, extra.review, '' (every page), field 'review_in': review_in 'soon' is not "
                   "understood: write e.g. '6 months' or '1 year'."), msg


def test_review_defaults_that_are_not_fields_are_reported_without_a_traceback(project):
    edit(project, "mkdocs.yml", '    "":\n      review_in: 6 months', '    "": six months')
    code, out = check(project)
    assert code == 1 and "Traceback" not in out, out
    assert "  - mkdocs.yml, extra.review, '' (every page): must be 'field: value' lines (owner, review_in, last_reviewed)." in problems(out)


def test_macro_calls_with_the_wrong_values_are_all_reported_at_their_lines(project):
    """The engine stops at the first with Python's words ("got multiple values for argument 'page'")."""
    edit(project, "docs/tools/dadpad.md", "{{ tool_card('dadpad', level=2) }}",
         "{{ tool_card('dadpad', 'extra', level=2) }}")
    edit(project, "docs/glossary.md", "{{ glossary() }}", "{{ glossary(colour='red') }}")
    edit(project, "docs/reflect.md", "\n## ", "\n{{ tool_card('icon', levl=2) }}\n\n{{ tool_card() }}\n\n## ")
    code, out = check(project)
    assert code == 1
    msgs = problems(out)
    assert len(msgs) == 4, out
    text = (project / "docs" / "reflect.md").read_text(encoding="utf-8").splitlines()
    levl, empty = text.index("{{ tool_card('icon', levl=2) }}") + 1, text.index("{{ tool_card() }}") + 1
    assert any(re.fullmatch(r"  - docs/tools/dadpad\.md, line \d+: tool_card\(\): it was given more values than it "
                            r"takes\. Write it as tool_card\('tool_id', level=3\)\.", m) for m in msgs), msgs
    assert any(re.fullmatch(r"  - docs/glossary\.md, line \d+: glossary\(\): it has no setting called 'colour'\. "
                            r"Write it as glossary\(\)\.", m) for m in msgs), msgs
    assert (f"  - docs/reflect.md, line {levl}: tool_card(): it has no setting called 'levl' (did you mean 'level'?). "
            "Write it as tool_card('tool_id', level=3).") in msgs, msgs
    assert f"  - docs/reflect.md, line {empty}: tool_card(): it needs the tool id. Write it as tool_card('tool_id', level=3)." \
        in msgs, msgs
    assert "multiple values" not in out and "positional" not in out


def test_a_macro_in_front_matter_is_refused_as_it_would_show_as_braces(project):
    set_front_matter(project, "fathers.md", "title", "Working with {{ term('fathers') }}")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert re.fullmatch(r"  - docs/fathers\.md, front matter field 'title' \(line \d+\) contains '\{\{' or '\{%': macros "
                        r"do not work in front matter, so readers would see the braces\. Write the words themselves\.", msg), msg


def test_unsafe_or_stray_links_typed_into_a_page_are_refused_with_the_fix(project):
    """The CSP would stop a handler or a javascript: link from running, but the page would still be
    broken; an address typed into a page escapes links.yml, its source and the external link check."""
    before = fake_previous_site(project)
    edit(project, "docs/reflect.md", "\n## ",
         "\nSee [this](javascript:alert(1)), [that](http://example.com/x) and "
         '<a href="#" onclick="alert(1)">click</a>.\n\n<iframe src="https://example.com/"></iframe>\n\n## ')
    code, out = run(project, "scripts.build")
    assert code == 1 and "Traceback" not in out
    msgs = problems(out)
    lines = (project / "docs" / "reflect.md").read_text(encoding="utf-8").splitlines()
    see = next(n for n, l in enumerate(lines, 1) if l.startswith("See [this]"))
    frame = next(n for n, l in enumerate(lines, 1) if l.startswith("<iframe"))
    assert any(m.startswith(f"  - docs/reflect.md, line {see}: a 'javascript:' link runs code") for m in msgs), msgs
    assert any(m.startswith(f"  - docs/reflect.md, line {see}: the address 'http://example.com/x' is typed into the "
                            "page. Addresses of other sites live in docs/_data/links.yml") and
               "write {{ link('its-id') }} here" in m for m in msgs), msgs
    assert any(m.startswith(f"  - docs/reflect.md, line {see}: the attribute 'onclick=' runs a script") for m in msgs)
    assert any(m.startswith(f"  - docs/reflect.md, line {frame}: a <iframe> tag is never allowed") for m in msgs)
    assert len(msgs) == 4, msgs
    assert snapshot(project / "site") == before


# --- Second break-the-data round: slips that were published without a word ----------------------

SILENT_SLIPS = [
    # (file, old text, new text, what the one message must say)
    ("docs/_data/contacts.yml", 'phone: "0300 456 0108"', 'phone: "0300 456"',
     f"entry 'wiltshire-in-hours' (item {item_of(ROOT / 'docs/_data/contacts.yml', 'wiltshire-in-hours')}), "
     "field 'phone': '0300 456' has 7 digits: a UK number has 10 or 11"),
    ("docs/_data/search_aliases.yml", "phrases: [shaken baby,", "phrases: ['<b id=x>shaken</b>',",
     "the phrase '<b id=x>shaken</b>' contains < > or &: write plain words only"),
    ("docs/_data/links.yml", "url: https://www.nice.org.uk/guidance/cg89", 'url: https://www.nice.org.uk/guidance/"cg89',
     "contains a quote, < > or a backslash, which no address has"),
    ("docs/_data/links.yml", "url: https://www.nice.org.uk/guidance/cg89", "url: www.nice.org.uk/guidance/cg89",
     "does not start with https://: write the whole address, e.g. https://www.nice.org.uk/guidance/cg89"),
    ("docs/_data/glossary.yml", "  term: SUDI\n", "  term: bsw\n",
     "field 'term': 'bsw' is already defined by the entry 'bsw'. A term is defined once"),
    ("docs/_data/areas.yml", "reviews: [banes-baby-m]", "reviews: [banes-baby-m, wiltshire-eva]",
     "entry 'wiltshire-eva', field 'area': the review is of 'wiltshire', but areas.yml lists it under 'banes'"),
    ("docs/_data/areas.yml", "reviews: [wiltshire-eva]", "reviews: []",
     "entry 'wiltshire-eva', field 'area': areas.yml does not list it under 'wiltshire', so it would appear nowhere"),
    ("mkdocs.yml", "    email: null", "    email: mailto:safeguarding@bsw.example.org",
     "mkdocs.yml, extra.report_problem, field 'email': write the address alone, without 'mailto:'"),
    ("mkdocs.yml", "    email: null", "    email: safeguarding at bsw.nhs.uk",
     "'safeguarding at bsw.nhs.uk' is not an email address"),
    ("docs/_data/statistics.yml", "  note: The workshop slides attribute this figure",
     "  note: The workshop slides (slide #4) attribute this figure",
     "YAML reads ' #' in a value as the start of a comment, so '#4) attribute this figure to the Panel's' would be left out"),
    ("docs/_data/statistics.yml", "  note: The workshop slides attribute this figure",
     "  note: #1 in the workshop slides: they attribute this figure",
     "so '#1 in the workshop slides: they attribut' would be left out"),
    ("docs/fathers.md", '{{ stat("invisible-men-cases", flag=False) }}', '{ stat("invisible-men-cases", flag=False) }',
     "'{ stat(' has one brace, so readers would see the text. Write two on each side: {{ stat(…) }}"),
    ("docs/fathers.md", '{{ stat("invisible-men-cases", flag=False) }}', "{{ stat(“invisible-men-cases”, flag=False) }}",
     "Use straight quotes inside {{ }}"),
    ("docs/bruising.md", "## Why a bruise matters { #why }", "## Why a bruise matters {#why}",
     "A heading's id is written with a space after the brace: { #your-id }"),
    ("mkdocs.yml", "      review_in: 6 months", "      reveiw_in: 6 months",
     "mkdocs.yml, extra.review, '' (every page): 'reveiw_in' is not a review field. Did you mean 'review_in'?"),
    ("mkdocs.yml", "\nsite_name: ", "\nsite_name: Bad: ",
     ": YAML syntax error: a colon followed by a space inside a value"),
    ("docs/_data/glossary.yml", "  term: SUDI\n", "  term: @SUDI\n",
     "a value starting with a character YAML keeps for itself (such as @ ` % or !). Put the value in quotes"),
    ("docs/_data/case_reviews.yml", "- id: wiltshire-eva\n", f"- id: wiltshire-eva\n  year: {dt.date.today().year + 5}\n",
     f"field 'year': year {dt.date.today().year + 5} is in the future: write the year the review was published"),
]


@pytest.mark.parametrize("rel,old,new,says", SILENT_SLIPS, ids=[f"{s[0].split('/')[-1]}:{s[2][:20]}" for s in SILENT_SLIPS])
def test_a_slip_that_was_published_silently_is_one_clear_message(project, rel, old, new, says):
    if "year:" in new:
        assert "year:" not in (project / rel).read_text(encoding="utf-8").split("- id: wiltshire-eva", 1)[1].split("- id:")[0]
    edit(project, rel, old, new)
    code, out = check(project)
    assert code == 1 and "Traceback" not in out, out
    [msg] = problems(out)
    assert says in msg, msg


def test_a_page_file_named_with_spaces_or_capitals_gets_its_address_form(project):
    """Its name becomes the permanent address; the build used to blame the theme's report link for it."""
    docs = project / "docs"
    (docs / "reflect.md").rename(docs / "Reflect Often.md")
    edit(project, "mkdocs.yml", "  - Reflect: reflect.md", "  - Reflect: Reflect Often.md")
    code, out = check(project)
    assert code == 1
    assert "  - docs/Reflect Often.md: its name becomes the page's permanent address, so it is written in lower case " \
           "with hyphens, no spaces or capitals: rename it to docs/reflect-often.md (and its entry in nav: in " \
           "mkdocs.yml)." in problems(out), out
