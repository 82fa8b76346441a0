"""A build that is stopped, or that meets a locked file, leaves the last good site in place, nothing
behind, and says so in one line for editors: never a raw traceback.

- SIGTERM (what a cancelled CI job sends) and SIGINT (Ctrl+C), sent to a real `python -m scripts.build`
  while the engine runs and while the post-build steps run: no `.site-build-*` folder, no temporary
  folder, no engine or browser left running, site/ as it was.
- A file in site/ that cannot be removed or renamed (as a file open in another program is on Windows;
  here made so with `chattr +i` as root, whom permissions do not stop, or a read-only folder otherwise).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from macros.build import BuildFailed, build, clear_old_site, swap_in

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_SINGLETON = {"SingletonSocket", "SingletonCookie", "SingletonLock"}


@contextmanager
def locked(path: Path, moves_to: Path | None = None):
    """``path`` cannot be removed or renamed while inside the block (``moves_to``: where it is at the end,
    when the block moves the folder that holds it)."""
    if os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("cannot lock a file here: running as root without a working chattr")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(moves_to or path)], check=True)
    else:
        mode = path.parent.stat().st_mode
        path.parent.chmod(0o555)
        try:
            yield
        finally:
            (moves_to or path).parent.chmod(mode)


def processes_mentioning(text: str) -> list[str]:
    """The command lines of running processes that mention ``text`` (a folder only this test uses)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (cmdline.parent / "stat").read_text().split(") ", 1)[1][0]
        except OSError:
            continue  # it ended while we looked
        if text in command and state != "Z":
            found.append(command)
    return found


def wait_for(condition, seconds: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def started_build(tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    """A real build into tmp_path/out/site (with a last good site there already), its own TMPDIR."""
    out, temp = tmp_path / "out", tmp_path / "temp"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("the last good site\n", encoding="utf-8")
    temp.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "scripts.build", "--site-dir", str(out / "site")], cwd=ROOT,
                               env=dict(os.environ, TMPDIR=str(temp)), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    return process, out, temp


def building(out: Path) -> Path | None:
    found = list(out.glob(".site-build-*"))
    return found[0] if found else None


def assert_stopped_cleanly(process, out: Path, temp: Path, code: int) -> None:
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stdout + stderr
    assert "Traceback" not in stderr and "Traceback" not in stdout, stderr
    assert stderr.strip().splitlines()[-1] == "Build stopped; site/ was not changed.", stderr
    assert sorted(p.name for p in out.iterdir()) == ["site"], "a folder was left beside site/"
    assert (out / "site" / "index.html").read_text(encoding="utf-8") == "the last good site\n"
    # (Chromium itself, once closed, sometimes leaves the folder of its "one browser at a time" socket
    # behind, also in builds that were not stopped: that folder is Chromium's, not one of the build's.)
    left = [p for p in temp.iterdir() if not (p.name.startswith("org.chromium.Chromium.")
                                              and {f.name for f in p.iterdir()} <= CHROMIUM_SINGLETON)]
    assert left == [], "a temporary folder was left behind"
    assert processes_mentioning(str(out)) == [] and processes_mentioning(str(temp)) == [], "still running"


def test_sigterm_while_the_engine_runs_ends_it_and_leaves_nothing_behind(tmp_path):
    process, out, temp = started_build(tmp_path)
    try:
        wait_for(lambda: building(out) is not None, what="the build folder")
        folder = str(building(out))
        wait_for(lambda: [c for c in processes_mentioning(folder) if "build --strict" in c], what="the engine")
        process.send_signal(signal.SIGTERM)
        assert_stopped_cleanly(process, out, temp, 143)
    finally:
        process.kill()


def test_sigint_during_the_post_build_steps_prints_one_line_and_leaves_nothing_behind(tmp_path):
    process, out, temp = started_build(tmp_path)
    try:
        # The service worker is written by macros.publish.offline, a post-build step, after the engine has ended.
        wait_for(lambda: building(out) is not None and (building(out) / "sw.js").exists(), what="the steps")
        process.send_signal(signal.SIGINT)
        assert_stopped_cleanly(process, out, temp, 130)
    finally:
        process.kill()


# ---------------------------------------------------------------------------- locked files


def test_a_locked_file_in_the_old_site_leaves_it_behind_and_the_next_build_says_what_to_do(tmp_path):
    site, new = tmp_path / "site", tmp_path / ".site-build-x"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "open.pdf").write_text("old\n", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new\n", encoding="utf-8")
    with locked(site / "assets" / "open.pdf", moves_to=tmp_path / "site.old" / "assets" / "open.pdf"):
        note = swap_in(new, site)
        assert (site / "index.html").read_text(encoding="utf-8") == "new\n", "the new site is in place"
        assert note and "site.old/" in note and "next build removes it" in note
        assert (tmp_path / "site.old").exists()
        # The next build stops before the engine, with what to do (in one message, not a traceback).
        with pytest.raises(BuildFailed) as stopped:
            clear_old_site(site)
        assert "site.old" in str(stopped.value) and "Close that program" in str(stopped.value)
        result = subprocess.run([sys.executable, "-m", "scripts.build", "--site-dir", str(site)], cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "BUILD FAILED" in result.stderr and "site.old" in result.stderr and "Close that program" in result.stderr
        assert (site / "index.html").read_text(encoding="utf-8") == "new\n", "the last good site is kept"
    clear_old_site(site)  # once the file is free, the leftover goes
    assert not (tmp_path / "site.old").exists()


def test_a_site_folder_that_cannot_be_moved_keeps_the_last_good_site_with_a_message(tmp_path):
    site, new = tmp_path / "site", tmp_path / ".site-build-x"
    site.mkdir()
    (site / "index.html").write_text("last good\n", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new\n", encoding="utf-8")
    with locked(site):
        with pytest.raises(BuildFailed) as failed:
            swap_in(new, site)
    assert "could not replace" in str(failed.value) and "Close that program" in str(failed.value)
    assert (site / "index.html").read_text(encoding="utf-8") == "last good\n"
    assert not (tmp_path / "site.old").exists()


def test_a_leftover_site_old_folder_is_cleared_and_the_build_succeeds(tmp_path):
    site = tmp_path / "site"
    (tmp_path / "site.old" / "assets").mkdir(parents=True)
    (tmp_path / "site.old" / "assets" / "stale.css").write_text("old\n", encoding="utf-8")
    site.mkdir()
    (site / "index.html").write_text("last good\n", encoding="utf-8")
    build(ROOT, site, steps=[])  # the engine only: the swap is what is tested
    assert not (tmp_path / "site.old").exists()
    assert "last good" not in (site / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# ---------------------------------------------------------------------------- make check-external offline


def test_check_external_with_no_internet_keeps_the_last_report(tmp_path):
    """The last real report stays as it was, and the run says so (exit 2), when nothing can be reached.
    No internet here; a proxy on a closed port makes that so on a connected machine (CI) too."""
    import http.server
    import threading
    from types import SimpleNamespace

    from scripts.check_external import check_links, write_reports

    class Ok(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:  # the last real report: an address that answered
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        results = check_links([SimpleNamespace(id="home", url=url, title="Home", publisher="P")], retries=0)
    finally:
        httpd.shutdown()
    assert [r.status for r in results] == ["ok"]
    out = tmp_path / "reports"
    md, js = write_reports(results, out)
    before = {md: md.read_bytes(), js: js.read_bytes()}

    unreachable = "http://127.0.0.1:9"  # the discard port: nothing listens
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "http_proxy", "https_proxy")}
    env.update(HTTP_PROXY=unreachable, HTTPS_PROXY=unreachable)
    result = subprocess.run([sys.executable, "-m", "scripts.check_external", "--out", str(out), "--retries", "0",
                             "--timeout", "3"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "No address could be reached at all" in result.stderr and "was kept as it was" in result.stderr
    assert json.loads(before[js])["checked"] in result.stderr, "it says which report was kept"
    assert {path: path.read_bytes() for path in before} == before, "the last report was overwritten"
    assert "Traceback" not in result.stderr
