"""The site builds the same with ProperDocs, the maintained fork of MkDocs 1.x, as with MkDocs: every
file the engine writes is the same, apart from the generator's name. So the project can switch
engine in an afternoon if MkDocs 1.x breaks."""

from __future__ import annotations

import gzip
import re

from macros.build import build_pages

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site):
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _content(path):
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return GENERATOR.sub(b"", data)


def test_mkdocs_and_properdocs_write_the_same_site(root, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # both builds carry the same build date
    sites = {}
    for engine in ("mkdocs", "properdocs"):
        sites[engine] = tmp_path / engine
        build_pages(sites[engine], engine, root)
    mkdocs, properdocs = (_files(sites[e]) for e in ("mkdocs", "properdocs"))
    assert mkdocs.keys() == properdocs.keys(), set(mkdocs) ^ set(properdocs)
    differ = [name for name in mkdocs if _content(mkdocs[name]) != _content(properdocs[name])]
    assert not differ, f"the engines wrote different files: {differ[:10]}"
    assert b"ProperDocs" in (sites["properdocs"] / "index.html").read_bytes(), "the second build really was ProperDocs"
