"""Pages, data and mkdocs.yml are treated as untrusted: nothing in them can run code on the build machine,
publish a file from outside the project, or hang the checks.

Each test makes one hostile change to a copy of the project and runs what an editor runs: `make check`
(python -m scripts.check_data), the complete build (python -m scripts.build), or, for `make serve`, the
engine with BSW_SERVE=1 after the Makefile's check-sources step. The attacks write a file when they
run, so each test can see that nothing ran; and each shows the message the editor would see.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import copy_project
from tests.helpers import set_entry_field

# What every attack tries to run: it would leave a file called PWNED in the project.
TOUCH = "touch PWNED"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("untrusted") / "pristine")


@pytest.fixture
def project(pristine, tmp_path):
    return Path(shutil.copytree(pristine, tmp_path / "project"))


def run(project: Path, *cmd: str, env: dict | None = None) -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-m", *cmd], cwd=project, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", **(env or {})})
    return result.returncode, result.stdout + result.stderr


def check(project: Path) -> tuple[int, str]:
    return run(project, "scripts.check_data")


def build(project: Path) -> tuple[int, str]:
    return run(project, "scripts.build")


def problems(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("  - ")]


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, rel: str, text: str) -> int:
    return next(n for n, line in enumerate((project / rel).read_text(encoding="utf-8").splitlines(), start=1)
                if text in line)


def nothing_ran(project: Path) -> None:
    assert not (project / "PWNED").exists(), "the attack ran a command"


# --- 1. Jinja in a page cannot run code -------------------------------------------------------------

HOSTILE_JINJA = [
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ config.site_url }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ tool_card('dadpad').__class__ }}",
    "{{ tool_card(cycler.__init__) }}",
    "{{ 'x'|attr('__class__') }}",
    "{{ macros_info() }}",
    "{% set x = cycler %}",
    "{% for i in range(3) %}x{% endfor %}",
    "{% include 'index.md' %}",
]


@pytest.mark.parametrize("jinja", HOSTILE_JINJA)
def test_jinja_other_than_a_macro_call_is_refused_naming_the_page_and_line(project, jinja):
    edit(project, "docs/fathers.md", "\n## ", f"\n{jinja}\n\n## ")
    code, out = check(project)
    assert code == 1 and "Traceback" not in out
    line = line_of(project, "docs/fathers.md", jinja)
    [msg] = problems(out)
    assert msg.startswith(f"  - docs/fathers.md, line {line}: "), msg
    if "macros_info" in jinja:
        assert "there is no macro called 'macros_info'" in msg
    elif "{%" in jinja:
        assert "{% … %} (set, for, if, include and the like) is not allowed in a page" in msg, msg
        assert "write {{ '{%' }}" in msg  # the fix, for text that should show the braces
    elif "tool_card(cycler" in jinja:
        assert "the values given to tool_card() must be written out" in msg, msg
    else:
        assert "between {{ and }} a page may only call one of the site's macros" in msg, msg
        assert "write {{ '{{' }}" in msg


def test_a_page_that_tries_to_run_a_command_never_builds_and_nothing_runs(project):
    edit(project, "docs/fathers.md", "\n## ", f"\n{HOSTILE_JINJA[0]}\n\n## ")
    code, out = build(project)
    assert code == 1 and "Traceback" not in out
    assert "BUILD FAILED" in out and "docs/fathers.md, line" in out
    assert not (project / "site").exists()
    nothing_ran(project)


def test_the_engine_never_renders_a_refused_page_under_make_serve(project):
    """`make serve` (BSW_SERVE=1) shows every problem on the pages instead: the hostile page's Jinja, its
    title and its front matter are never rendered, and the browser says what to fix."""
    edit(project, "docs/fathers.md", "\n## ", f"\n{HOSTILE_JINJA[0]}\n\n## ")
    code, out = run(project, "mkdocs", "build", "--site-dir", str(project / "served"), env={"BSW_SERVE": "1"})
    nothing_ran(project)
    page = (project / "served" / "fathers" / "index.html").read_text(encoding="utf-8")
    assert "data-problem" in page and "docs/fathers.md, line" in page
    assert "may only call one of the site" in page


def test_a_command_in_a_front_matter_comment_is_refused_where_the_engine_would_render_it(project):
    """The engine reads front matter with its own YAML reader, which fails on an impossible date in a field
    that is text here; it then renders the whole file, front matter and all, so a command in a YAML comment
    there would run. `make check` names the comment's line; the engine's macros refuse it too."""
    from macros.checks.macro_calls import jinja_problems

    path = project / "docs" / "fathers.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\n# {{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}\n"
                                 "owner: 2025-02-31\n", 1), encoding="utf-8")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert msg.startswith("  - docs/fathers.md, line 2: ") and "may only call one of the site's macros" in msg, out
    # What the engine's macros ask of the text they are about to render (here: the whole file).
    [(line, problem)] = jinja_problems(path.read_text(encoding="utf-8"))
    assert line == 2 and "may only call one of the site's macros" in problem
    # The engine alone (as if the data check had been skipped), with and without BSW_SERVE.
    code, out = run(project, "mkdocs", "build", "--strict", "--site-dir", str(project / "built"))
    assert code == 1 and "docs/fathers.md, line 2" in out
    nothing_ran(project)
    code, out = run(project, "mkdocs", "build", "--site-dir", str(project / "served"), env={"BSW_SERVE": "1"})
    nothing_ran(project)
    assert "data-problem" in (project / "served" / "fathers" / "index.html").read_text(encoding="utf-8")


def test_a_menu_title_with_jinja_is_refused(project):
    edit(project, "mkdocs.yml", "  - Working with fathers: fathers.md",
         "  - \"{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}\": fathers.md")
    code, out = check(project)
    assert code == 1
    assert any(m.startswith("  - mkdocs.yml, nav: the title '{{ cycler") and "plain text" in m for m in problems(out))
    code, out = build(project)
    assert code == 1
    nothing_ran(project)


def test_the_pages_own_macro_calls_and_shown_braces_still_work(project):
    """Nothing legitimate breaks: every page's macro calls build (the real site builds in other tests), and
    {{ '{{' }} shows braces as text."""
    edit(project, "docs/fathers.md", "\n## ", "\nWrite {{ '{{' }} to show braces. {{- stat(\"invisible-men-cases\", "
         "flag=False) -}}\n\n## ")
    code, out = check(project)
    assert code == 0, out


# --- 2. A python tag in mkdocs.yml never reaches the engine ------------------------------------------

PYTHON_TAG = 'copyright: !!python/object/apply:os.system ["touch PWNED"]\n'


def test_a_python_tag_in_mkdocs_yml_is_refused_before_the_engine_starts(project):
    edit(project, "mkdocs.yml", "site_url:", PYTHON_TAG + "extra_javascript: [!!python/name:os.system ]\nsite_url:")
    line = line_of(project, "mkdocs.yml", "copyright:")
    for tool in (check, build):
        code, out = tool(project)
        assert code == 1 and "Traceback" not in out
        [msg] = problems(out)
        assert msg.startswith(f"  - mkdocs.yml, line {line}: a !!python tag makes the engine run Python code"), msg
        assert f"line {line} (!!python/object/apply:os.system)" in msg
        assert f"line {line + 1} (!!python/name:os.system)" in msg, "every tag is named"
    nothing_ran(project)
    assert not (project / "site").exists()


def test_make_serve_checks_mkdocs_yml_and_links_before_starting_the_engine(project, root):
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^serve: .*\bcheck-sources\b", makefile, re.M), "make serve runs check-sources first"
    assert "-m scripts.check_sources" in makefile.split("\ncheck-sources:", 1)[1].split("\n\n", 1)[0]
    edit(project, "mkdocs.yml", "site_url:", PYTHON_TAG + "site_url:")
    code, out = run(project, "scripts.check_sources")
    assert code == 1 and "The engine was not started" in out and "a !!python tag" in out
    nothing_ran(project)


def test_the_projects_own_reader_of_mkdocs_yml_refuses_the_tag_too(project):
    from macros.data.yamlfiles import EditorYAMLError, read_config

    edit(project, "mkdocs.yml", "site_url:", PYTHON_TAG + "site_url:")
    with pytest.raises(EditorYAMLError, match="python tag"):
        read_config(project)
    nothing_ran(project)


def test_inherit_in_mkdocs_yml_is_refused(project):
    """INHERIT would make the engine read another file (with its own full loader) that the checks never read."""
    (project / "base.yml").write_text(PYTHON_TAG, encoding="utf-8")
    edit(project, "mkdocs.yml", "site_url:", "INHERIT: base.yml\nsite_url:")
    code, out = check(project)
    assert code == 1
    assert any("mkdocs.yml, line" in m and "INHERIT is not used in this project" in m for m in problems(out)), out
    nothing_ran(project)


# --- 3. Links (symlinks) leading outside the project ------------------------------------------------


def test_links_under_docs_and_overrides_that_lead_outside_are_refused_naming_each(project, tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\n---\n# Secret\n", encoding="utf-8")
    (project / "docs" / "assets" / "passwd.txt").symlink_to("/etc/passwd")
    (project / "docs" / "private").symlink_to(outside, target_is_directory=True)
    (project / "overrides" / "partials" / "host.html").symlink_to("/etc/hostname")
    # A link inside the project to a folder that holds a link out of it: followed, as the engine follows it.
    (project / "macros" / "leak.txt").symlink_to("/etc/passwd")
    (project / "docs" / "code").symlink_to(project / "macros", target_is_directory=True)
    for tool in (check, build, lambda p: run(p, "scripts.check_sources")):
        code, out = tool(project)
        assert code == 1 and "Traceback" not in out
        msgs = problems(out)
        for shown, target in (("docs/assets/passwd.txt", "/etc/passwd"), ("docs/private", str(outside)),
                              ("overrides/partials/host.html", "/etc/hostname"), ("docs/code/leak.txt", "/etc/passwd")):
            assert any(m.startswith(f"  - {shown}: is a link to {target}, outside the project") for m in msgs), (shown, out)
        assert "root:" not in out, "nothing of the file is shown"
    assert not (project / "site").exists()


def test_a_link_within_the_project_is_followed_as_before(project):
    (project / "docs" / "assets" / "also.css").symlink_to(project / "docs" / "assets" / "site.css")
    code, out = check(project)
    assert code == 0, out


# --- 5. YAML aliases that would expand past a limit ---------------------------------------------------

BOMB = ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")))


def test_an_alias_bomb_in_a_data_file_is_refused_at_once(project):
    path = project / "docs" / "_data" / "glossary.yml"
    bomb = "- id: bomb\n" + "".join(f"  {line}\n" for line in BOMB.splitlines())
    path.write_text(path.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    line = line_of(project, "docs/_data/glossary.yml", "h: &h")
    for tool in (check, build):
        code, out = tool(project)  # (the subprocess's timeout stops a hang)
        assert code == 1 and "Traceback" not in out and "MemoryError" not in out
        [msg] = problems(out)
        assert msg.startswith(f"  - docs/_data/glossary.yml, line {line}: the aliases (*name) here repeat more than "
                              "1,000 values"), msg
        assert "Write the values out instead of using & and *" in msg
        assert len(msg) < 300


def test_an_alias_bomb_in_front_matter_is_refused_at_once(project):
    path = project / "docs" / "fathers.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n" + BOMB.replace("a: &a", "roles: &a"), 1),
                    encoding="utf-8")
    code, out = check(project)
    assert code == 1 and "Traceback" not in out
    [msg] = problems(out)
    line = line_of(project, "docs/fathers.md", "h: &h")
    assert msg.startswith(f"  - docs/fathers.md: front matter (line {line}): the aliases (*name) here repeat more "
                          "than 1,000 values"), msg
    # make serve: the engine shows the problem on the page (it never prints or renders the front matter)
    code, out = run(project, "mkdocs", "build", "--site-dir", str(project / "served"), env={"BSW_SERVE": "1"})
    assert code == 0, out[-2000:]
    assert "repeat more than" in (project / "served" / "fathers" / "index.html").read_text(encoding="utf-8")


def test_a_few_aliases_are_still_read(project):
    from macros.data.yamlfiles import TextDates

    assert yaml.load("a: &x [1, 2]\nb: *x\n", Loader=TextDates) == {"a": [1, 2], "b": [1, 2]}


def test_a_long_value_is_echoed_by_its_start_only(project):
    path = project / "docs" / "_data" / "statistics.yml"
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))[0]["id"]
    set_entry_field(path, entry, "value", "'" + "9 " * 5000 + "'")
    code, out = check(project)
    assert code == 1
    [msg] = problems(out)
    assert f"entry '{entry}'" in msg and "'9 9 9" in msg and "…" in msg and len(msg) < 400, msg


# --- 6. CI: only the deploy job may write -----------------------------------------------------------


def test_the_build_job_is_read_only_and_only_deploy_may_publish(root):
    workflow = yaml.safe_load((root / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in workflow["jobs"].items():
        if name != "deploy":
            assert "write" not in str(job.get("permissions", {})), name


# --- Smaller things --------------------------------------------------------------------------------


def test_stray_files_in_docs_are_refused_naming_each(project):
    (project / "docs" / "notes.txt").write_text("private notes", encoding="utf-8")
    (project / "docs" / "assets" / "old-links.yml").write_text("- id: x\n", encoding="utf-8")
    (project / "docs" / "assets" / "drawing.svg").write_text("<svg onload=alert(1)></svg>", encoding="utf-8")
    code, out = check(project)
    assert code == 1
    msgs = problems(out)
    for name in ("docs/notes.txt", "docs/assets/old-links.yml", "docs/assets/drawing.svg"):
        assert any(m.startswith(f"  - {name}: is not a page or an image, style or script, and would be published")
                   and "Move it out of docs/" in m for m in msgs), (name, msgs)
    assert len(msgs) == 3, msgs


def test_backup_copies_are_never_published(project):
    (project / "docs" / "fathers.md~").write_text("old draft", encoding="utf-8")
    (project / "docs" / "assets" / "site.css.bak").write_text("old", encoding="utf-8")
    (project / "docs" / "tools" / "icon.md.orig").write_text("old", encoding="utf-8")
    code, out = build(project)
    assert code == 0, out[-3000:]
    published = [p.name for p in (project / "site").rglob("*")]
    assert not [n for n in published if n.endswith(("~", ".bak", ".orig"))], "a backup copy was published"
    assert "fathers.md~" not in (project / "site" / "sw.js").read_text(encoding="utf-8")


def test_mkdocs_yml_excludes_every_kind_of_backup_copy(root):
    from macros.data.pages import BACKUP_NAMES
    from macros.data.yamlfiles import read_config

    excluded = read_config(root)["exclude_docs"].split()
    assert set(BACKUP_NAMES) <= set(excluded), "exclude_docs and BACKUP_NAMES must name the same copies"


@pytest.mark.parametrize("file", ["shortlinks.yml", "search_aliases.yml", "tools.yml", "roles.yml"])
def test_a_data_page_outside_docs_is_refused_and_nothing_of_it_is_shown(project, file):
    """A file outside docs/ (here in the project folder, beside mkdocs.yml) is not a page: it is never read."""
    (project / "private.md").write_text("# Private heading { #private-notes }\n", encoding="utf-8")
    path = project / "docs" / "_data" / file
    text = path.read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    if file == "roles.yml":  # (a role's pages are items of its field 'matters')
        entry = entries[0]["id"]
        page = entries[0]["matters"][0]["page"]
        path.write_text(text.replace(f"page: {page}", "page: ../private.md", 1), encoding="utf-8")
    else:
        entry = next(e["id"] for e in entries if e.get("page") and (file != "search_aliases.yml" or e.get("anchor")))
        set_entry_field(path, entry, "page", "../private.md")
    code, out = check(project)
    assert code == 1
    msgs = [m for m in problems(out) if "private.md" in m]
    assert len(msgs) == 1, out
    assert f"docs/_data/{file}, entry '{entry}'" in msgs[0] and "'../private.md' is outside docs/" in msgs[0]
    assert "private-notes" not in out and "Private heading" not in out, "nothing of the outside file is shown"


def test_a_file_too_big_to_save_offline_is_named_by_the_build(built_site, tmp_path, capsys):
    from macros.publish import offline

    site = Path(shutil.copytree(built_site, tmp_path / "site"))
    glossary = site / "glossary" / "index.html"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "<!--" + "x" * offline.MAX_BYTES + "-->",
                        encoding="utf-8")
    offline.write_service_worker(site)
    said = capsys.readouterr().out
    assert said.startswith("WARNING: 1 file(s) are over 1 MB, so readers will not have them offline: glossary/."), said
    assert "docs/_data/" in said
    precache = (site / "sw.js").read_text(encoding="utf-8")
    assert '"glossary/"' not in precache and '"fathers/"' in precache
