"""Check every link inside the site on the built HTML: content, navigation and theme links, and anchors.

Post-build step (after every step that writes pages, before the headers step), and a command:

    python scripts/check_links.py [--site-dir site]

Every href/src on every built page (the 404 page and redirect pages included)
that points inside the site must reach a built file, and a #section must be an
id on the page it points to (following redirect pages). Addresses starting with
the site_url count as inside the site, and so do such addresses in the files
for machines (sitemap.xml, feeds, api/pages.json). External addresses are checked by
`make check-external`, never here. Fails with one line per broken link, naming
the page, the link and what to do.
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.siteinfo import ParsedPage, address_of, file_for, mkdocs_config, read_page, site_url, source_pages  # noqa: E402

_BASE = "https://site.invalid"
MACHINE_FILES = {".xml", ".json", ".webmanifest"}
_UNKNOWN = object()
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")


class BrokenLinks(Exception):
    pass


class Site:
    """The built site, each page parsed once."""

    def __init__(self, site_dir: Path, root: Path):
        self.dir = site_dir
        self.root = root
        self.base_url = site_url(mkdocs_config(root))
        self.sources = source_pages(root)
        self._parsed: dict[Path, ParsedPage] = {}
        self._paths: dict[str, dict[str, str | None]] = {}
        self._problems: dict[str, str | None] = {}

    def parsed(self, path: Path) -> ParsedPage:
        if path not in self._parsed:
            self._parsed[path] = read_page(path)
        return self._parsed[path]

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
            page = self.parsed(target)
            if page.is_stub and page.redirect:
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
                close = difflib.get_close_matches(fragment, sorted(ids), n=1, cutoff=0.6)
                hint = f" Did you mean '#{close[0]}'?" if close else ""
                return (
                    f"points to the section '#{fragment}', which is not on {final.split('#')[0]}.{hint} Fix the "
                    f"link, or give the heading its id back with {{ #{fragment} }} after its text"
                )
        return None


def check(site_dir: Path, root: Path) -> list[str]:
    """One message per broken internal link (the same broken link on many pages is one message)."""
    site = Site(Path(site_dir), Path(root))
    broken: dict[tuple[str, str], list[str]] = {}
    for html_file in sorted(site.dir.rglob("*.html")):
        here = address_of(site.dir, html_file)
        page = site.parsed(html_file)
        own, up = site.known_links(here), site.known_links(here, "../")
        seen = set()
        for tag, attr, value in page.links:
            path = (up if value.startswith("../") else own).get(value, _UNKNOWN)
            if path is _UNKNOWN:
                path = site.internal_path(here, value)
            if path is None or value in seen:
                continue
            seen.add(value)
            problem = site.problem(path)
            if problem:
                broken.setdefault((f"link '{value}' ({tag} {attr}) {problem}", path), []).append(site.describe(here))
    # Files for machines (sitemap, feeds, api/pages.json, the manifest): every address of this site in them.
    if site.base_url:
        address = re.compile(re.escape(site.base_url) + r"[^\s\"'<>]*")
        for data_file in sorted(p for p in site.dir.rglob("*") if p.suffix in MACHINE_FILES and p.is_file()):
            name = data_file.relative_to(site.dir).as_posix()
            for value in sorted(set(address.findall(data_file.read_text(encoding="utf-8", errors="replace")))):
                path = site.internal_path("/", html.unescape(value))
                problem = site.problem(path) if path else None
                if problem:
                    broken.setdefault((f"address '{value}' {problem}", path), []).append(name)
    messages = []
    for (what, _), where in sorted(broken.items(), key=lambda kv: kv[1][0]):
        shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more pages" if len(where) > 3 else "")
        messages.append(f"{shown}: {what}.")
    return messages


def run(site_dir: Path, root: Path) -> None:
    messages = check(site_dir, root)
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
        run(args.site_dir, ROOT)
    except BrokenLinks as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Every link inside {args.site_dir} works.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
