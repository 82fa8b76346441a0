"""Deployment: one site/ for every host; the GitHub Pages workflow builds and publishes it; the README says how."""
from __future__ import annotations

import stat

import yaml


def test_the_github_pages_workflow_builds_tests_and_publishes_site(root):
    workflow = yaml.safe_load((root / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    runs = " ".join(step.get("run", "") for step in build["steps"])
    assert "make release" in runs and "make test" in runs, "only what passes the release checklist is published"
    uploads = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in deploy["steps"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}, "only the deploy job may publish"


def test_the_readme_explains_each_host(root):
    readme = root.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    for host, detail in (("GitHub Pages", ".github/workflows/pages.yml"), ("Netlify", "_headers"),
                         ("Cloudflare Pages", "_headers"), ("Azure Static Web Apps", "staticwebapp.config.json")):
        assert host in section and detail in section, host
    assert "frame-ancestors" in section  # what the <meta> fallback cannot do on GitHub Pages


def test_every_host_gets_its_files_in_the_same_site(built_site):
    for name in ("_headers", "staticwebapp.config.json", "404.html", "feed.xml", "index.html"):
        assert (built_site / name).is_file(), name


def test_the_site_folder_is_readable_like_any_folder(built_site, tmp_path):
    """site/ is built in a private temporary folder and swapped in: it must not stay private."""
    made = tmp_path / "made"
    made.mkdir()  # what this process's umask gives any new folder
    assert stat.S_IMODE(built_site.stat().st_mode) == stat.S_IMODE(made.stat().st_mode)
    assert built_site.stat().st_mode & stat.S_IROTH and built_site.stat().st_mode & stat.S_IXOTH


def test_builds_into_a_folder_anywhere_even_one_not_made_yet(root, tmp_path):
    """`--site-dir` may name a folder that does not exist yet, anywhere: the build is made beside
    it (one file system, so the final swap is a rename) and nothing is left behind."""
    from macros.build import build

    out = tmp_path / "not" / "made" / "yet" / "site"
    build(root, out, steps=[])
    assert (out / "index.html").is_file()
    assert not list(out.parent.glob(".site-build-*")) and not list(root.glob(".site-build-*"))
