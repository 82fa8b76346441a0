"""Post-build step: nothing in the built pages can run code or load anything from another site.

The check reads the BUILT files, where every way of writing a thing in Markdown (a reference-style
link, an entity-encoded address, attr_list's `{ onclick="…" }`, raw HTML) has become a plain
element with plain attributes: one place to check, and nothing slips past a reader of Markdown
syntax. (macros/checks/macro_calls.py's `unsafe_text` still reads the Markdown before the engine starts,
to name the line early; this is the check that cannot be slipped past.)

Every page (and every .html, .svg or .xml file copied from docs/) is read with the standard
library's HTML parser (no HTML library is among the project's dependencies, and html.parser gives
elements and attribute values with every character reference decoded). The rules:

- no `javascript:`, `vbscript:`, `data:` (or any scheme but those in SCHEMES) address in an
  attribute that holds an address (href, src, action, formaction, xlink:href, srcset, a meta
  refresh...), and no other attribute (but text ones: a title, an alt) that starts with `javascript:`
  or `vbscript:` (a data-… value that a script follows, an SVG animation's values);
- no `on…=` event-handler attribute, anywhere;
- a <script> only from OWN_SCRIPTS (the one list of the site's own scripts), and no <script> at all
  inside the page's content area (Material's `<article class="md-content__inner">`, where editors'
  Markdown lands) or in a file copied from docs/; the theme's own inline scripts, outside that
  area, are hashed into the Content-Security-Policy by macros/publish/headers.py;
- no <iframe>, <object>, <embed>, <base>, <meta>, <link>, <style> or SVG animation in the content
  area, and no `srcdoc`;
- an address on another site only as `<a href>` from the `link` macro: `data-link-id` naming a
  docs/_data/links.yml entry with that very address. (Addresses on the site's own host, site_url,
  are the site's own.) A `//host` or reference-style link typed into a page is refused.
- where html.parser and a browser could read markup differently (markup inside an HTML comment,
  `<![CDATA[`, `<?`, a `<` the parser left as text, a NUL character), the content area is refused
  rather than trusted.

Each problem names the source page under docs/ (from the project's pages and their addresses)
and, where the offending text can be found in it, the line.

Also here, and run by macros/build.py before the engine: a redirect in mkdocs.yml's
`redirect_maps` that leads to another site (an open redirect) is refused.

Run after every step that writes markup (macros.publish.offline renames the site's own script), before
macros.publish.pdfs opens the pages in a browser on the build machine (it only writes each PDF's size, as
text, into the pages), and before macros.publish.headers.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from macros.project import Project
from macros.publish.built_site import address_of

# The site's own scripts: the ONE list of what a <script src> may load (paths from the site's root).
OWN_SCRIPTS = (
    re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js"),  # the theme's (Material's) bundle
    re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"),  # its search worker
    re.compile(r"assets/site(?:\.[0-9a-f]{8,})?\.js"),  # docs/assets/site.js, fingerprinted by macros/render/site_assets.py
)
SITE_JS = "assets/site.js"  # the one own script that comes from docs/

SCHEMES = {"http", "https", "mailto", "tel"}  # every other scheme (javascript:, data:, vbscript:, file:...) is refused
CODE_SCHEMES = ("javascript:", "vbscript:")  # refused at the start of any attribute's value but TEXT_ATTRS
TEXT_ATTRS = {"title", "alt", "aria-label", "aria-description", "placeholder", "content", "label", "summary"}

# Attributes that hold an address (local names: xlink:href is 'href'), and the tags whose 'data' does.
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "cite", "background", "longdesc", "codebase",
             "lowsrc", "dynsrc", "ping", "manifest", "icon", "archive", "data-redirect"}
SRCSET_ATTRS = {"srcset", "imagesrcset"}
# Elements never allowed in the content area: they embed or change things readers cannot trust.
EMBEDS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "portal",
          "set", "animate", "animatemotion", "animatetransform", "animatecolor"}
CHECKED_SUFFIXES = (".html", ".htm", ".xhtml", ".svg", ".xml")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)
_C0_AND_SPACE = "".join(chr(n) for n in range(0x21))
EXCERPT = 80  # an echoed value is cut to this many characters

FIX_LINK = ("Link to a page of this site (e.g. bruising.md), or add the address to docs/_data/links.yml "
            "(with its source) and write {{ link('its-id') }}")


def excerpt(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _local(name: str) -> str:
    """'xlink:href' -> 'href', 'svg:script' -> 'script'."""
    return name.rsplit(":", 1)[-1].lower()


def normalised(url: str) -> str:
    """An address as a browser reads it: C0 controls and spaces off both ends, tabs and newlines out."""
    return re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE))


@dataclass
class Problem:
    line: int | None  # in the built file
    what: str  # for editors
    needles: tuple[str, ...]  # text to look for in the source page, to name its line


@dataclass
class _Event:
    index: int  # order in the file (the content area is a range of these)
    problem: Problem
    content_only: bool  # a problem only inside the content area (or in a file copied from docs/)
    script: bool = False  # a <script> (refused in the content area; elsewhere, unless one of the site's own)
    src: str | None = None  # a script's src


class _Reader(HTMLParser):
    """Collects what could be a problem, in order, and where the content area starts and ends."""

    def __init__(self, check_attrs):
        super().__init__(convert_charrefs=False)  # text as written: a '<' in it is a '<', not '&lt;'
        self.check_attrs = check_attrs
        self.events: list[_Event] = []
        self.index = 0
        self.content_start: int | None = None  # the content area's <article>
        self.content_end: int | None = None  # the LAST </article> (a page's own </article> cannot end it)
        self.raw_text_tag: str | None = None

    def _add(self, problem: Problem, content_only: bool = False, **script) -> None:
        self.events.append(_Event(self.index, problem, content_only, **script))

    def handle_starttag(self, tag, attrs):
        self.index += 1
        name = _local(tag)
        attrs = [(key.lower(), value or "") for key, value in attrs]
        if (name == "article" and self.content_start is None
                and "md-content__inner" in dict(attrs).get("class", "").split()):
            self.content_start = self.index
        if name in ("script", "style"):
            self.raw_text_tag = tag
        line = self.getpos()[0]
        if name == "script":
            src = dict(attrs).get("src")
            self._add(Problem(line, "", (src, "<script") if src else ("<script",)), script=True, src=src)
        if name in EMBEDS:
            self._add(Problem(line, f"{'an' if name[0] in 'aeiou' else 'a'} <{name}> tag is never allowed in a page "
                                    "(it would embed or change things readers cannot trust): remove it",
                              (f"<{name}",)), content_only=True)
        for problem in self.check_attrs(name, attrs, line):
            self._add(problem)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if _local(tag) in ("script", "style"):
            self.raw_text_tag = None

    def handle_endtag(self, tag):
        self.index += 1
        if tag == self.raw_text_tag:
            self.raw_text_tag = None
        if _local(tag) == "article":
            self.content_end = self.index

    def _unreadable(self, what: str, needle: str) -> None:
        self.index += 1
        self._add(Problem(self.getpos()[0], f"{what}: browsers and this check could read it differently, so it is "
                                            "never allowed in a page. Remove it", (needle,)), content_only=True)

    def handle_comment(self, data):
        if "<" in data or data.startswith(">") or data.startswith("->"):
            self._unreadable("an HTML comment with markup inside it", "<!--")

    def handle_decl(self, decl):
        self._unreadable("a <!…> declaration", "<!")

    def unknown_decl(self, data):
        self._unreadable("a <![CDATA[…]]> section", "<![")

    def handle_pi(self, data):
        self._unreadable("a <?…> processing instruction", "<?")

    def handle_data(self, data):
        if self.raw_text_tag is not None:
            return  # a script's or style's own text (a script or style in the content area is refused anyway)
        if "\0" in data:
            self._unreadable("a NUL character", "\0")
        elif re.search(r"<[A-Za-z/!?]", data):
            self._unreadable(f"markup that cannot be read ({excerpt(data.strip())})", data.strip()[:20])


class SafetyCheck:
    """The rules, for one built site and its project."""

    def __init__(self, site_dir: Path, project: Project):
        self.site_dir = Path(site_dir)
        self.project = project
        self.links = {entry.id: entry.url for entry in project.data.links.values() if entry.url}
        self.own_host = (urlsplit(project.site_url).hostname or "").lower()
        self.base_path = urlsplit(project.site_url).path or "/"  # '/under-1s/' for a GitHub Pages project site
        self.base_path += "" if self.base_path.endswith("/") else "/"
        self.by_address = project.by_address()

    # ------------------------------------------------------------------ addresses

    def _other_host(self, url: str) -> str | None:
        """The host of an address on another site ('' for a host-less one), or None for this site's own."""
        plain = normalised(url).replace("\\", "/")
        scheme = _SCHEME.match(plain)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            return None  # mailto:, tel: (other schemes are refused before this)
        if not scheme and not plain.startswith("//"):
            return None  # relative: this site
        try:
            host = (urlsplit(plain if scheme else "https:" + plain).hostname or "").lower()
        except ValueError:
            host = ""
        return None if host and host == self.own_host else host

    def url_problem(self, tag: str, attr: str, url: str, attrs: dict, line: int) -> Problem | None:
        plain = normalised(url)
        scheme = _SCHEME.match(plain)
        needles = (url, url.split(":", 1)[-1]) if ":" in url else (url,)
        if scheme and scheme.group(1).lower() not in SCHEMES:
            return Problem(line, f"a '{scheme.group(1).lower()}:' address ({excerpt(url)}) can run code or hide "
                                 f"content, and is never allowed. {FIX_LINK}", needles)
        host = self._other_host(url)
        if host is None:
            return None
        link_id = attrs.get("data-link-id")
        if tag == "a" and attr == "href" and link_id in self.links and self.links[link_id] == url:
            return None  # from the link macro: an address in links.yml
        if plain.replace("\\", "/").startswith("//"):
            what = f"the address '{excerpt(url)}' (a link to another site written without https:)"
        else:
            what = f"the address '{excerpt(url)}' on another site"
        if attr in ("action", "formaction"):
            return Problem(line, f"{what} would be sent what readers type into the form: a page never sends "
                                 "anything to another site. Remove the form", needles)
        if tag == "a" and attr == "href":
            return Problem(line, f"{what} is typed into the page (or given as a reference-style link): addresses "
                                 f"of other sites live in docs/_data/links.yml, with their source. {FIX_LINK}",
                           needles)
        return Problem(line, f"{what} is loaded by <{tag} {attr}=…>: the site never loads anything from another "
                             "site (readers' browsers would ask that site for it). Save the file under docs/assets/ "
                             "and use it from there, or link to the site through docs/_data/links.yml", needles)

    def attr_problems(self, tag: str, attrs: list[tuple[str, str]], line: int) -> list[Problem]:
        found = []
        as_dict = dict(attrs)
        for key, value in attrs:
            name = _local(key)
            if name.startswith("on") and len(name) > 2:
                found.append(Problem(line, f"the attribute '{name}=' runs a script, and is never allowed: remove it",
                                     (name + "=", name)))
                continue
            if name == "srcdoc":
                found.append(Problem(line, "the attribute 'srcdoc=' holds a whole page (with its scripts), and is "
                                           "never allowed: remove it", ("srcdoc",)))
                continue
            urls: list[str] = []
            if name in URL_ATTRS or (name == "data" and tag == "object"):
                urls = [value]
            elif name in SRCSET_ATTRS:
                urls = [part.split()[0] for part in value.split(",") if part.split()]
            elif name == "content" and as_dict.get("http-equiv", "").lower() == "refresh":
                match = _REFRESH_URL.search(value)
                urls = [match.group(1)] if match else []
            elif name not in TEXT_ATTRS and normalised(value).lower().startswith(CODE_SCHEMES):
                urls = [value]
            for url in urls:
                problem = self.url_problem(tag, name, url, as_dict, line)
                if problem:
                    found.append(problem)
        return found

    # ------------------------------------------------------------------ scripts

    def script_problem(self, rel: str, src: str) -> str | None:
        """What is wrong with <script src=…> in the built file ``rel`` (None: one of the site's own)."""
        plain = normalised(src).replace("\\", "/")
        if _SCHEME.match(plain) or plain.startswith("//"):
            return f"loads the script '{excerpt(src)}' from another site"
        plain = plain.split("#")[0].split("?")[0]
        if plain.startswith("/"):  # from the host's root: the site's own only under site_url's path
            if not plain.startswith(self.base_path):
                return f"loads the script '{excerpt(src)}' from outside the site ({self.base_path})"
            plain = plain[len(self.base_path):]
            rel = "index.html"
        path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), plain))
        own = any(pattern.fullmatch(path) for pattern in OWN_SCRIPTS)
        from_docs = path != SITE_JS and (self.project.docs_dir / path).exists()
        if not own or from_docs or not (self.site_dir / path).is_file():
            return (f"loads the script '{excerpt(src)}', which is not one of the site's own scripts (the theme's, "
                    f"and docs/assets/site.js): only those may run")
        return None

    # ------------------------------------------------------------------ a file

    def file_problems(self, path: Path) -> list[Problem]:
        rel = path.relative_to(self.site_dir).as_posix()
        from_docs = (self.project.docs_dir / rel).is_file()  # copied as it is from docs/: all of it is content
        reader = _Reader(self.attr_problems)
        reader.feed(path.read_bytes().decode("utf-8", errors="replace"))
        reader.close()

        # A page from docs/ without the theme's content area (another template): all of it is treated as content.
        no_area = reader.content_start is None and address_of(self.site_dir, path) in self.by_address

        def in_content(index: int) -> bool:
            if from_docs or no_area:
                return True
            start, end = reader.content_start, reader.content_end
            return start is not None and index >= start and (end is None or end < start or index <= end)

        problems = []
        for event in reader.events:
            problem = event.problem
            if event.script:
                wrong = self.script_problem(rel, event.src) if event.src is not None else None
                if in_content(event.index):
                    problem.what = ("a <script> is never allowed in a page: the site's own behaviour belongs in "
                                    "docs/assets/site.js. Remove it")
                elif wrong:
                    problem.what = f"a <script> {wrong}. Remove it"
                else:
                    continue  # the theme's own inline script, or one of the site's own scripts
            elif event.content_only and not in_content(event.index):
                continue
            problems.append(problem)
        return problems

    def source_of(self, path: Path) -> tuple[str, Path | None]:
        """(how to name where a built file comes from, the source file to search for lines)."""
        rel = path.relative_to(self.site_dir).as_posix()
        if (self.project.docs_dir / rel).is_file():
            return f"docs/{rel}", self.project.docs_dir / rel
        src = self.by_address.get(address_of(self.site_dir, path))
        if src:
            page = self.project.pages[src]
            return f"docs/{src}", page.path
        return f"the built file {rel} (written by the build, not from a page)", None

    def check(self) -> list[str]:
        messages = []
        for path in sorted(self.site_dir.rglob("*")):
            if not path.is_file() or not path.name.lower().endswith(CHECKED_SUFFIXES):
                continue
            problems = self.file_problems(path)
            if not problems:
                continue
            where, source = self.source_of(path)
            copied = (self.project.docs_dir / path.relative_to(self.site_dir)).is_file()  # its lines are the file's
            lines = source.read_text(encoding="utf-8", errors="replace").splitlines() if source else []
            for problem in problems:
                number = problem.line if copied else _line_of(lines, problem.needles)
                messages.append(f"{where}{f', line {number}' if number else ''}: {problem.what}.")
        return list(dict.fromkeys(messages))  # one message for the same thing written twice


def _line_of(lines: list[str], needles) -> int | None:
    """The first line of the source that holds one of the needles (tried in order), counting from 1."""
    for needle in needles:
        needle = (needle or "").strip().lower()
        if len(needle) < 3:
            continue
        for number, line in enumerate(lines, start=1):
            if needle in line.lower():
                return number
    return None


class UnsafePage(Exception):
    pass


def check_site(site_dir: Path, project: Project) -> list[str]:
    """Every problem in the built site, one message each (none when it is safe to publish)."""
    return SafetyCheck(site_dir, project).check()


def run(site_dir: Path, project: Project) -> None:
    problems = check_site(Path(site_dir), project) + redirect_problems(project)
    if problems:
        raise UnsafePage(
            f"{len(problems)} thing(s) in the built pages could run code in readers' browsers or load something "
            "from another site (the site is not published with them):\n" + "\n".join(f"  - {p}" for p in problems))


# ---------------------------------------------------------------------------- redirects


def redirect_maps(config: dict) -> dict:
    """mkdocs.yml's plugins > redirects > redirect_maps ({} without it)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
            return plugin["redirects"].get("redirect_maps") or {}
    return {}


def redirect_problems(project: Project) -> list[str]:
    """A redirect to another site (an open redirect: a link to this site that lands elsewhere) is refused."""
    maps = redirect_maps(project.config)
    if not isinstance(maps, dict):
        return []
    config_file = project.root / "mkdocs.yml"
    lines = config_file.read_text(encoding="utf-8", errors="replace").splitlines() if config_file.is_file() else []
    problems = []
    for old, new in maps.items():
        target = normalised(str(new or "")).replace("\\", "/")
        if _SCHEME.match(target) or target.startswith("//"):
            number = _line_of(lines, (f"{old}:",))
            problems.append(
                f"mkdocs.yml{f', line {number}' if number else ''}: the redirect '{excerpt(old)}: {excerpt(new)}' "
                "sends readers to another site, so a link to this site could land anywhere (an open redirect). "
                "A redirect leads to a page of this site (old.md: new.md); link to other sites through "
                "docs/_data/links.yml")
    return problems
