"""Each class of bad data stops the build with a message naming the file, the entry and the fix.

Every case breaks a temporary copy of the project and runs the real strict build.
"""

import subprocess
import sys

import pytest

from tests.conftest import copy_project
from tests.helpers import set_entry_field


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("bad") / "pristine")


@pytest.fixture
def project(pristine, tmp_path):
    import shutil

    dest = tmp_path / "project"
    shutil.copytree(pristine, dest)
    return dest


def build(project):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "out")],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    return result.returncode, result.stdout + result.stderr


def edit(project, rel, old, new, count=1):
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_untouched_copy_builds(project):
    code, out = build(project)
    assert code == 0, out[-2000:]


def test_yaml_syntax_error_names_the_file_and_line(project):
    path = project / "docs/_data/tools.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, l in enumerate(lines) if l.startswith("  short: DadPad"))
    lines[n] = '  short: "DadPad'  # an unclosed quote
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = build(project)
    assert code != 0
    assert (f"docs/_data/tools.yml, line {n + 1}: YAML syntax error: a double quote opened on this line is "
            "never closed") in out, out[-2000:]
    assert not (project / "out" / "index.html").exists()


def test_missing_field_names_entry_field_and_what_to_write(project):
    set_entry_field(project / "docs/_data/statistics.yml", "panel-2022-23-notifications", "period", None)
    code, out = build(project)
    assert code != 0
    assert "docs/_data/statistics.yml, entry 'panel-2022-23-notifications'" in out
    assert "field 'period' is missing. Write the time the figure covers" in out


def test_wrongly_typed_field(project):
    edit(project, "docs/_data/statistics.yml", "  value: 379\n", "  value: three hundred\n")
    code, out = build(project)
    assert code != 0
    assert "entry 'panel-2021-notifications'" in out and "field 'value'" in out and "is not a number" in out


def test_duplicate_id(project):
    edit(project, "docs/_data/links.yml", "- id: dadpad\n", "- id: gcp2a\n")
    code, out = build(project)
    assert code != 0
    assert "docs/_data/links.yml, entry 'gcp2a'" in out and "used twice" in out


def test_unknown_id_in_a_page_names_the_page_and_suggests(project):
    edit(project, "docs/tools/dadpad.md", "{{ tool_card('dadpad', level=2) }}", "{{ tool_card('dadpadd', level=2) }}")
    code, out = build(project)
    assert code != 0
    assert "docs/tools/dadpad.md uses the id 'dadpadd'" in out and "Did you mean 'dadpad'?" in out


def test_unknown_id_between_data_files(project):
    edit(project, "docs/_data/areas.yml", "  link: banes-cssp", "  link: banes-csp")
    code, out = build(project)
    assert code != 0
    assert "areas.yml, entry 'banes', field 'link'" in out and "Did you mean 'banes-cssp'?" in out


def test_missing_data_file(project):
    (project / "docs/_data/key_messages.yml").unlink()
    code, out = build(project)
    assert code != 0
    assert "docs/_data/key_messages.yml: the file is missing" in out


@pytest.mark.parametrize("url,word", [("http://thedadpad.co.uk/", "uses http"),
                                      ("javascript:alert(1)", "scheme 'javascript'"),
                                      ("ftp://thedadpad.co.uk/", "scheme 'ftp'")])
def test_address_scheme_must_be_https_mailto_or_tel(project, url, word):
    edit(project, "docs/_data/links.yml", "url: https://thedadpad.co.uk/", f"url: {url}")
    code, out = build(project)
    assert code != 0
    assert "docs/_data/links.yml, entry 'dadpad'" in out and word in out and "https://" in out


def test_every_problem_is_reported_at_once(project):
    edit(project, "docs/_data/links.yml", "url: https://thedadpad.co.uk/", "url: ftp://x.org/")
    edit(project, "docs/_data/statistics.yml", "  value: 379\n", "  value: lots\n")
    code, out = build(project)
    assert code != 0
    assert "2 problems" in out and "entry 'dadpad'" in out and "entry 'panel-2021-notifications'" in out
