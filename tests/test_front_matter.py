"""Front matter is parsed once per distinct block (macros/data/yamlfiles.py): the data check, the
engine and the post-build steps all ask for it. What they get must still be the file as it is now."""

from __future__ import annotations

from macros.data.yamlfiles import front_matter, read_front_matter


def test_an_edit_is_seen_at_once_even_at_the_same_size(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Bruising\n---\n# Bruising\n", encoding="utf-8")
    assert front_matter(page) == {"title": "Bruising"}
    page.write_text("---\ntitle: Bruisong\n---\n# Bruising\n", encoding="utf-8")
    assert front_matter(page) == {"title": "Bruisong"}


def test_each_caller_gets_its_own_copy(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Reflect\nroles: [midwife]\n---\n", encoding="utf-8")
    first = front_matter(page)
    first["roles"].append("police")
    first["title"] = "changed"
    assert front_matter(page) == {"title": "Reflect", "roles": ["midwife"]}


def test_problems_are_told_apart(tmp_path):
    page = tmp_path / "page.md"
    for text, expected in [
        ("# No front matter\n", "has no front matter"),
        ("---\ntitle: Open\n", "is not closed"),
        ("---\n---\n# Empty\n", None),
        ("---\ntitle: [broken\n---\n", "YAML syntax error"),
        ("---\n- a list\n---\n", "must be 'field: value' lines"),
        ("---\ntitle: A\ntitle: B\n---\n", "appears twice"),
    ]:
        page.write_text(text, encoding="utf-8")
        meta, problem = read_front_matter(page)
        if expected is None:
            assert meta == {} and problem is None, text
        else:
            assert meta is None and expected in problem, (text, problem)
            assert front_matter(page) == {}
