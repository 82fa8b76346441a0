"""One edit to a data file changes every page that shows that fact."""

import re
import subprocess
import sys

import pytest

from tests.conftest import copy_project


def _mkdocs_build(project, out):
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})


def _shown(site, stat_id):
    """{page: [figures shown for stat_id]} over every page of a built site."""
    out = {}
    for page in site.rglob("*.html"):
        found = re.findall(rf'data-stat-id="{stat_id}">([^<]+)<', page.read_text(encoding="utf-8"))
        if found:
            out[page.relative_to(site).as_posix()] = found
    return out


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("changed") / "project")
    stats = project / "docs" / "_data" / "statistics.yml"
    text = stats.read_text(encoding="utf-8")
    # banes-notifications 7 -> 8, and the total behind two computed percentages 393 -> 400.
    text = re.sub(r"(id: banes-notifications\n(?:  .*\n)*?  value: )7", r"\g<1>8", text)
    text = text.replace("  reported_percent: 37\n", "").replace("  reported_percent: 58\n", "")
    text = text.replace("  reported_percent: 36\n", "").replace("value: 393", "value: 400")
    stats.write_text(text, encoding="utf-8")
    result = _mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_a_count_changes_on_every_page_that_shows_it(built_site, changed_site):
    before, after = _shown(built_site, "banes-notifications"), _shown(changed_site, "banes-notifications")
    assert before and set(before) == set(after)
    assert all(v == ["7"] * len(v) for v in before.values())
    assert all(v == ["8"] * len(v) for v in after.values())


def test_a_total_changes_the_percentages_computed_from_it(built_site, changed_site):
    # 146 of 400 is 37% (was 146 of 393, 37%); 142 of 400 is 36%; 227 of 400 is 57% (was 58%).
    assert set(_shown(built_site, "panel-2022-23-serious-harm")) == set(_shown(changed_site, "panel-2022-23-serious-harm"))
    for figures in _shown(changed_site, "panel-2022-23-serious-harm").values():
        assert figures == [f"{round(227 / 400 * 100)}&#37;"] * len(figures) or figures == ["57&#37;"] * len(figures)
    page = (changed_site / "why-babies-are-at-risk" / "index.html").read_text(encoding="utf-8")
    assert "227 of 400" in page and "227 of 393" not in page


def test_each_build_reads_the_project_afresh_and_hands_it_to_every_step(tmp_path, monkeypatch):
    """macros.project.load_project reads the project once per build (every post-build step is handed
    that one project), and a later build sees any edit under docs/ made since."""
    from macros.project import load_project
    from macros import build

    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    first = load_project(project)
    stats = docs / "_data" / "statistics.yml"
    stats.write_text(re.sub(r"(id: banes-notifications\n(?:  .*\n)*?  value: )7", r"\g<1>8", stats.read_text(encoding="utf-8")),
                     encoding="utf-8")
    second = load_project(project)
    assert second is not first and second.data.statistics["banes-notifications"].value == 8
    assert first.data.statistics["banes-notifications"].value == 7

    handed = []
    for name in ("step_a", "step_b"):
        monkeypatch.setitem(build.STEPS, name, lambda site_dir, project: handed.append(project))
    monkeypatch.setattr(build, "build_pages", lambda out, engine, root: None)  # (no engine: the steps only)
    build.build(project, tmp_path / "site", steps=["step_a", "step_b"])
    assert len(handed) == 2 and handed[0] is handed[1]
    assert handed[0].root == project and handed[0].data.statistics["banes-notifications"].value == 8
