"""Compile the pages' templates on the idle CPU, ahead of the engine (for scripts/build.py).

mkdocs-macros turns each page into a Jinja template, and compiling it is most of what the
macros add to a build (about 1 ms a page). The engine builds on one CPU. When scripts/build.py
gives a folder in BSW_PRECOMPILE_DIR, the engine, as it starts on the first page, forks a
helper with the very same Jinja environment (same filters, same settings). The helper compiles
every page's Markdown into that folder, named by a SHA-256 of the text; the engine, asked to
compile a text, takes the helper's code when it is there, else compiles as usual. The code is
what the engine would compile itself from the same text with the same environment, except that
no filter is run ahead (see _helper), so the pages come out the same (tests compare builds with
and without, and a filter that depends on the page).

Off for `mkdocs serve` and any build without BSW_PRECOMPILE_DIR. Plain Python, no engine
internals beyond what mkdocs-macros gives a module (env.env, the Jinja environment) and the
engine's own front-matter reader (mkdocs or properdocs .utils.meta).
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import os
import signal
import sys
from pathlib import Path

FOLDER = "BSW_PRECOMPILE_DIR"
_STATE: dict = {}


def _key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


def page_bodies(docs_dir: Path, engine_package: str) -> list[str]:
    """Each page's Markdown as the engine hands it to the macros (front matter taken off)."""
    meta = importlib.import_module(f"{engine_package}.utils.meta")
    bodies = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        if "_data" in path.relative_to(docs_dir).parts:
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        bodies.append(meta.get_data(text)[0])
    return bodies


def _stand_in(func):
    def refuse(*args, **kwargs):
        raise RuntimeError("not while compiling ahead")

    if hasattr(func, "jinja_pass_arg"):
        refuse.jinja_pass_arg = func.jinja_pass_arg
    return refuse


def _helper(folder: Path, jinja, compile_, bodies: list[str]) -> None:
    """In the forked helper: compile each body into the folder (never returns)."""
    # Jinja runs a filter or test with constant arguments as it compiles ({{ 'a/' | relative_url }}
    # becomes its answer), and a filter may depend on the page being built (mkdocs-macros'
    # relative_url does), which is not known here. So nothing runs here: each filter and test is
    # replaced by one that refuses (Jinja then leaves the call to the render, with the right page,
    # calling the engine's own filter); the stand-ins keep what Jinja asks of them (what they take).
    jinja.filters = {name: _stand_in(f) for name, f in jinja.filters.items()}
    jinja.tests = {name: _stand_in(f) for name, f in jinja.tests.items()}
    jinja.optimized = False
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # the engine's output pipe must not wait for the helper
        os.dup2(devnull, 2)
        for body in bodies:
            name = folder / f"{_key(body)}.code"
            if name.exists():
                continue
            try:
                code = compile_(body)
            except Exception:  # the engine compiles it and reports the error itself
                continue
            partial = folder / f".{name.name}.{os.getpid()}"
            partial.write_bytes(marshal.dumps(code))
            os.replace(partial, name)
    finally:
        os._exit(0)


def start(env) -> None:
    """Once, at the first page: fork the helper and let the engine use what it compiles."""
    if _STATE or not os.environ.get(FOLDER) or not hasattr(os, "fork"):
        return
    folder = Path(os.environ[FOLDER])
    jinja = env.env
    original = jinja.compile
    engine_package = type(env.page).__module__.split(".")[0]
    try:
        bodies = page_bodies(Path(env.conf["docs_dir"]), engine_package)
    except (ImportError, OSError):
        _STATE["off"] = True
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _helper(folder, jinja, original, bodies)
    _STATE.update(pid=pid, folder=folder, hits=0)

    def compile_(source, name=None, filename=None, raw=False, defer_init=False):
        if isinstance(source, str) and name is None and filename is None and not raw and not defer_init:
            try:
                code = marshal.loads((folder / f"{_key(source)}.code").read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                code = None
            if code is not None:
                _STATE["hits"] += 1
                return code
        return original(source, name, filename, raw, defer_init)

    jinja.compile = compile_


def finish() -> None:
    """At the end of the build: stop the helper if it is still going; note how many pages it saved."""
    pid = _STATE.get("pid")
    if not pid:
        return
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    (_STATE["folder"] / "hits").write_text(str(_STATE["hits"]), encoding="utf-8")
    _STATE["pid"] = None
