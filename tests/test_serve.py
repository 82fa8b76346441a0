"""`make serve` for content editors: a data problem is printed without a traceback, the browser shows
it within seconds instead of waiting, and the next save brings the site back. No engine banner."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_serve_command(root) -> tuple[dict, list[str]]:
    """The environment and command of the Makefile's serve target (read, so the test follows it)."""
    recipe = (root / "Makefile").read_text(encoding="utf-8").split("\nserve:", 1)[1].split("\n")[1].strip()
    env = dict(re.findall(r"(\w+)=(\S+)", recipe.split("$(BIN)")[0]))
    assert "mkdocs serve" in recipe and "--strict" in recipe
    return env, ["serve", "--strict"]


def _get(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, want: str, seconds: float) -> str:
    end, body = time.monotonic() + seconds, ""
    while time.monotonic() < end:
        try:
            body = _get(url, timeout=seconds)
            if want in body:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show {want!r} within {seconds} s")


def test_a_data_problem_shows_in_the_browser_and_the_next_save_recovers(tmp_path, root):
    project = copy_project(tmp_path / "project")
    extra_env, args = _make_serve_command(root)
    port = _free_port()
    env = {**os.environ, **extra_env}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", *args, "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/bruising/"
    contacts = project / "docs" / "_data" / "contacts.yml"
    good = contacts.read_text(encoding="utf-8")
    try:
        _wait_for(url, "contacts-table", 90)
        contacts.write_text(good.replace('phone: "0300 456 0108"', 'phone: "0300 456"'), encoding="utf-8")
        started = time.monotonic()
        page = _wait_for(url, "data-problem", 30)
        assert time.monotonic() - started < 30
        assert "entry &#x27;wiltshire-in-hours&#x27;" in page and "has 7 digits" in page
        contacts.write_text(good, encoding="utf-8")
        _wait_for(url, "contacts-table", 30)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output, output[-3000:]
    assert "entry 'wiltshire-in-hours'" in output, "the terminal shows the editor's message too"
    assert "end of life" not in output and "MkDocs 2.0" not in output, "no engine banner for editors"
