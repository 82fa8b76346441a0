"""The registry of permanent addresses (docs/_data/addresses.yml), checked against a built site.

    python -m macros.publish.check_addresses [--site-dir site]     check (make test runs this check too)

Every registered address must still resolve (a page, a page's #section, a /go/
short link), directly or through a redirect; every published page and short
link must be registered. Adding an address to the registry is a deliberate
review step: once there, it must work for ever.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros.data.addresses import RegistryError  # noqa: F401  (for callers)
from macros.data.addresses import registry_path as _registry_path
from macros.data.load import DataError
from macros.data.pages import nearest_page
from macros.project import Project, load_project
from macros.publish.built_site import address_of, file_for, read_page
from macros.publish.check_links import Site

ROOT = Path(__file__).resolve().parents[2]

def registry_path(project: Project) -> Path:
    return _registry_path(project.docs_dir)


def load_registry(project: Project) -> list[str]:
    """The registered addresses, in file order (read and checked with the project's data)."""
    return list(project.data.addresses)


def sections_by_page(registry: list[str]) -> dict[str, list[str]]:
    """{'/bruising/': ['what-to-do', ...]} from the registry."""
    out: dict[str, list[str]] = {}
    for address in registry:
        page, _, section = address.partition("#")
        out.setdefault(page, [])
        if section:
            out[page].append(section)
    return out


def published(site_dir: Path) -> dict[str, str]:
    """Every published page and short link in a built site: {address: 'page' or 'short link'}."""
    out = {}
    for html_file in sorted(site_dir.rglob("*.html")):
        address = address_of(site_dir, html_file)
        if not address.endswith("/"):
            continue  # 404.html and other stand-alone files
        page = read_page(html_file)
        if not page.is_stub:
            out[address] = "page"
        elif address.startswith("/go/"):
            out[address] = "short link"
    return out


def check(site_dir: Path, project: Project) -> list[str]:
    """One message per problem: registered addresses that no longer resolve, published ones not registered.
    (A registry that cannot be read is reported when the project is read: load_project's DataError.)"""
    site_dir = Path(site_dir)
    rel = registry_path(project).relative_to(project.root).as_posix()
    registry = load_registry(project)
    site = Site(site_dir, project)
    return _broken(site, site_dir, registry, rel) + _unregistered(site, site_dir, registry, rel)


def run(site_dir: Path, project: Project) -> None:
    """For macros/build.py: stop the build when a registered address no longer works (a page moved or
    renamed without a redirect, a section id gone), so no host ever publishes a broken permanent link.
    Only the registered pages are read. Pages not registered yet are left to `make test` (adding an
    address is a maintainer's deliberate step, not an editor's)."""
    site_dir = Path(site_dir)
    rel = registry_path(project).relative_to(project.root).as_posix()
    problems = _broken(Site(site_dir, project), site_dir, load_registry(project), rel)
    if problems:
        raise RegistryError(
            "permanent addresses that printed policies and bookmarks use would break:\n"
            + "\n".join(f"  - {p}" for p in problems))


def _broken(site: Site, site_dir: Path, registry: list[str], rel: str) -> list[str]:
    problems = []
    for address in registry:
        page, _, section = address.partition("#")
        if not section:
            if file_for(site_dir, page) is None:
                old_src, new_src = _move_guess(page, site.project)
                problems.append(
                    f"The permanent address {address} no longer works: its page ({_source_guess(page)}) was moved, "
                    f"renamed or deleted. Add a redirect to mkdocs.yml under plugins > redirects > redirect_maps: "
                    f"the line '{old_src}: {new_src}' (its old path, then where it is now), so that bookmarks and "
                    f"printed policies keep working. Never remove the address from {rel}."
                )
            elif site.problem(address):
                problems.append(f"The permanent address {address} no longer works: it {site.problem(address)}.")
            continue
        if file_for(site_dir, page) is None:
            continue  # reported once, for the page itself (or the page is not registered: reported below)
        problem = site.problem(address)
        if problem:
            problems.append(
                f"The permanent address {address} no longer works: it {problem}. If the section moved to another "
                f"page, keep a heading with id '{section}' that says where it went."
            )
    return problems


def _unregistered(site: Site, site_dir: Path, registry: list[str], rel: str) -> list[str]:
    problems = []
    registered = set(registry)
    for address, kind in published(site_dir).items():
        if address in registered:
            continue
        what = f"docs/{site.sources[address]}" if address in site.sources else f"the {kind}"
        problems.append(
            f"{what} is published at {address} but is not in the registry of permanent addresses. Once its "
            f"address is final, add the line '- {address}' to {rel} (and '- {address}#section-id' for each "
            "section people will link to, with { #section-id } after that heading's text)."
        )
    return problems


def _move_guess(page: str, project: Project) -> tuple[str, str]:
    """(the moved page's old path, the likeliest page it moved to, or new/path.md) for the redirect line."""

    path = page.strip("/")
    old = "index.md" if not path else f"{path}.md"
    return old, nearest_page(project.docs_dir, old) or "new/path.md"


def _source_guess(page: str) -> str:
    path = page.strip("/")
    return "index.md" if not path else f"{path}.md (or {path}/index.md)"


def missing_lines(site_dir: Path, project: Project) -> list[str]:
    """The registry lines for published addresses not registered yet (for the maintainer)."""
    registered = set(load_registry(project))
    return [f"- {a}" for a in published(site_dir) if a not in registered]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Check the registry of permanent addresses against a built site.")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--missing", action="store_true", help="print the lines to add for unregistered addresses")
    args = parser.parse_args(argv)
    try:
        project = load_project(ROOT)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    if args.missing:
        print("\n".join(missing_lines(args.site_dir, project)))
        return 0
    problems = check(args.site_dir, project)
    if problems:
        print("\n".join(f"- {p}" for p in problems), file=sys.stderr)
        return 1
    print(f"Every permanent address in {registry_path(project).relative_to(ROOT)} resolves, and every page is registered.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
