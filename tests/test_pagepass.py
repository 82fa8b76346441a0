"""The page pass (scripts/pagepass.py) finishes pages while the engine writes the rest, and
macros/precompile.py compiles the pages' templates ahead of the engine: both may only save time.
A build with them and a build without them give the same site, file by file."""

from __future__ import annotations

import hashlib
import os
import shutil
import time

import pytest

from scripts import headers, offline, pagepass
from scripts.build import STEPS, BuildFailed, build
from scripts.check_links import check
from scripts.siteinfo import source_pages
from tests.conftest import copy_project

STILL = "1790000000"  # SOURCE_DATE_EPOCH: both builds carry the same build date


def _files(site):
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_build_with_the_pass_is_the_same_as_one_without(root, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", STILL)
    timings_with, timings_without = {}, {}
    with_pass = build(root, tmp_path / "with", timings=timings_with)
    without = build(root, tmp_path / "without", timings=timings_without, page_pass=False, precompile=False)
    # The pass really finished pages as the engine wrote them (so the steps skipped them), and the
    # engine took most pages' templates compiled ahead of it (macros/precompile.py) ...
    assert timings_with["pages finished by the page pass"] > len(source_pages(root))  # and the 404 page
    assert timings_with["pages compiled ahead of the engine"] > len(source_pages(root)) // 2
    assert "pages finished by the page pass" not in timings_without
    assert "pages compiled ahead of the engine" not in timings_without
    a, b = _files(with_pass), _files(without)
    assert a.keys() == b.keys()
    pages = [name for name in a if name.endswith(".html")]
    assert len(pages) > 30
    # ... and every file is the same, byte for byte (PDFs carry Chromium's own creation time).
    differ = [name for name in a if not name.endswith(".pdf") and a[name].read_bytes() != b[name].read_bytes()]
    assert differ == []
    # The records of a built folder are dropped once it is swapped in: site/ is never trusted blindly.
    assert not [p for p in pagepass._DONE if p.is_relative_to(tmp_path)]
    assert pagepass.link_site(with_pass) is None


def test_the_pass_does_only_the_work_of_the_steps_the_build_runs(root, tmp_path):
    """A build without scripts.offline makes no fingerprinted files: its pages must not point at them."""
    timings = {}
    site = build(root, tmp_path / "site", steps=["scripts.headers"], timings=timings)
    assert timings["pages finished by the page pass"] > len(source_pages(root))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in home
    assert 'href="assets/site.css"' in home and not list((site / "assets").glob("site.*.css"))
    timings = {}
    build(root, tmp_path / "site2", steps=["scripts.shortlinks"], timings=timings)
    assert "pages finished by the page pass" not in timings  # nothing for it to do


# One of the theme's own inline scripts (the only kind a page may carry: scripts/headers.py).
THEME_SCRIPT = '<script>var target=document.getElementById(location.hash.slice(1));target&&target.name&&' \
    '(target.checked=target.name.startsWith("__tabbed_"))</script>'


def _page(path, body="<p>Hello</p>", end="</html>\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<!doctype html>\n<html lang="en"><head>\n<meta charset="utf-8">\n'
        '<link rel="stylesheet" href="../assets/site.css">\n' + THEME_SCRIPT + '\n</head>\n'
        f'<body><div class="md-content"><article>{body}</article></div>'
        '<script src="../assets/site.js"></script></body>' + end, encoding="utf-8")
    return path


@pytest.fixture()
def little_site(tmp_path):
    site = tmp_path / "site"
    yield site
    pagepass.forget(site)


def test_a_page_still_being_written_waits_for_the_next_sweep(root, little_site):
    whole = _page(little_site / "a" / "index.html")
    half = _page(little_site / "b" / "index.html", end="")  # the engine has not written the end yet
    before = half.read_bytes()
    page_pass = pagepass.PagePass(little_site, root)
    assert page_pass.sweep(engine_done=False) == 1
    assert pagepass.done(whole) is not None and pagepass.done(half) is None
    assert half.read_bytes() == before  # untouched
    # Finished: pointed at the fingerprinted files, with the CSP <meta> for its inline script.
    text = whole.read_text(encoding="utf-8")
    names = offline.fingerprinted_names(root / "docs" / "assets")
    assert f"../assets/{names['site.css']}" in text and f"../assets/{names['site.js']}" in text
    assert 'http-equiv="Content-Security-Policy"' in text and "sha256-" in text
    # Once the engine has ended, whatever is there is final.
    assert page_pass.sweep(engine_done=True) == 1
    assert pagepass.done(half) is not None
    assert page_pass.sweep(engine_done=True) == 0  # nothing is done twice


def test_a_page_changed_after_the_pass_gets_every_step_again(root, little_site):
    page = _page(little_site / "a" / "index.html")
    pagepass.finish_all(little_site, root)
    record = pagepass.done(page)
    assert record is not None
    assert pagepass.digest_of(page) == record.digest
    # Another step rewrites it (same size, even): the record no longer counts.
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Hello", "Hullo"), encoding="utf-8")
    assert pagepass.done(page) is None
    assert pagepass.digest_of(page) == hashlib.sha256(headers.without_meta(page.read_bytes())).digest() != record.digest
    assert b"Content-Security-Policy" in page.read_bytes() and b"Content-Security-Policy" not in headers.without_meta(page.read_bytes())
    pagepass.forget(little_site)
    page.write_text(text, encoding="utf-8")
    assert pagepass.done(page) is None  # forgotten


def test_pages_point_at_the_newest_fingerprint_whatever_they_pointed_at():
    renamed = {"site.css": "site.0123456789.css", "site.js": "site.abcdefabcd.js"}
    page = (b'<link href="assets/site.css"><link href="../assets/site.9999999999.css?v=1">'
            b'<script src="assets/site.js#x"></script><a href="assets/site.css.map">x</a>'
            b'<link href="assets/other.css">')
    pointed = offline.point_at(page, renamed)
    assert pointed == (b'<link href="assets/site.0123456789.css"><link href="../assets/site.0123456789.css?v=1">'
                       b'<script src="assets/site.abcdefabcd.js#x"></script><a href="assets/site.css.map">x</a>'
                       b'<link href="assets/other.css">')
    assert offline.point_at(pointed, renamed) == pointed


def test_the_link_check_after_the_pass_finds_what_a_fresh_check_finds(built_site, root, tmp_path):
    """Broken links in pages the pass read, and in pages changed after it, are all reported,
    with the same messages as a check of the same files from scratch."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)

    def inject(rel, html):
        page = site / rel
        page.write_text(page.read_text(encoding="utf-8").replace("</article>", html + "</article>", 1),
                        encoding="utf-8")

    inject("bruising/index.html", '<a href="../tools/icn/">missing page</a>')  # before the pass
    inject("fathers/index.html", '<a href="../tools/icn/">again</a><a href="../bruising/#nope">anchor</a>')
    try:
        pagepass.finish_all(site, root)
        assert pagepass.link_site(site) is not None
        inject("reflect/index.html", '<a href="../no-such-page/">after the pass</a>')  # after it
        fast = check(site, root)  # uses what the pass read, re-reads only the changed page
    finally:
        pagepass.forget(site)
    assert pagepass.link_site(site) is None
    fresh = check(site, root)
    assert fast == fresh
    assert len(fresh) == 3, fresh
    text = "\n".join(fresh)
    assert "/tools/icn/" in text and "'#nope'" in text and "/no-such-page/" in text and "reflect" in text


def test_a_broken_link_stops_a_build_with_the_pass_as_it_does_without(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "reflect.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n\n<p><a href="../bruising/#what-to-doo">Act</a></p>\n',
                    encoding="utf-8")
    steps = [s for s in STEPS if s != "scripts.pdfs"]
    messages = []
    for page_pass in (True, False):
        with pytest.raises(BuildFailed) as failed:
            build(project, tmp_path / f"site-{page_pass}", steps=steps, page_pass=page_pass)
        messages.append(str(failed.value))
        assert not (tmp_path / f"site-{page_pass}").exists()
    assert messages[0] == messages[1]
    assert "docs/reflect.md (/reflect/)" in messages[0] and "Did you mean '#what-to-do'?" in messages[0]


def test_a_failing_pass_stops_the_build_and_leaves_the_last_site(root, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site", encoding="utf-8")

    def crash(site_dir, root, engine_done, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pagepass, "follow", crash)
    with pytest.raises(BuildFailed) as failed:
        build(root, site)
    assert "finishing the pages as the engine wrote them failed: disk full" in str(failed.value)
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert not list(root.glob(".site-build-*"))


def test_when_the_engine_fails_first_its_message_is_the_one_shown(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "reflect.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nSee [the old page](no-such-page.md).\n", encoding="utf-8")

    def crash_after_the_engine(site_dir, root, engine_done, **kwargs):
        while not engine_done():
            time.sleep(0.05)
        raise RuntimeError("a half-written page")

    monkeypatch.setattr(pagepass, "follow", crash_after_the_engine)
    with pytest.raises(BuildFailed) as failed:
        build(project, tmp_path / "site")
    message = str(failed.value)
    assert "mkdocs build --strict failed" in message and "no-such-page.md" in message
    assert "half-written" not in message


def test_a_same_size_rewrite_in_the_same_tick_is_still_seen(root, little_site):
    """File times move in ticks of a coarse clock: a step rewriting a page in the same tick, to the
    same size, leaves (inode, size, time) as they were. The pass's record must still not match."""
    page = little_site / "fragment.html"  # nothing for the pass to change: it keeps the engine's file
    page.parent.mkdir(parents=True)
    page.write_bytes(b"<p>Hello</p>")
    tick = 1_790_000_000_123_456_789
    os.utime(page, ns=(tick, tick))  # the time the engine's write got from the clock
    pagepass.finish_all(little_site, root)
    assert pagepass.done(page) is not None
    with open(page, "r+b") as f:  # in place: same inode, same size ...
        f.write(b"<p>Hullo</p>")
    os.utime(page, ns=(tick, tick))  # ... and the same tick
    assert pagepass.done(page) is None


def test_templates_compiled_ahead_still_see_the_page_they_are_for(tmp_path):
    """A filter that depends on the page (mkdocs-macros' relative_url) gives each page its own
    answer when the templates are compiled ahead of the engine (nothing is worked out ahead)."""
    project = copy_project(tmp_path / "project")
    LINK = """\n\n<p><a href="{{ 'glossary/' | relative_url }}">the glossary</a></p>\n"""
    for name in ("reflect.md", "tools/icon.md"):
        page = project / "docs" / name
        page.write_text(page.read_text(encoding="utf-8") + LINK,
                        encoding="utf-8")
    timings = {}
    site = build(project, tmp_path / "site", steps=[], timings=timings)
    assert timings["pages compiled ahead of the engine"] > 10
    assert 'href="../glossary/">the glossary</a>' in (site / "reflect" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../glossary/">the glossary</a>' in (site / "tools" / "icon" / "index.html").read_text(
        encoding="utf-8")
