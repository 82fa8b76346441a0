"""Check every external address in docs/_data/links.yml over the internet.

    make check-external      (or: python -m scripts.check_external [--out reports] [--timeout 15])

Needs the internet, so it is never part of `make test`. Run it before each
release and about once a month: other sites move their pages without telling us.
Each address is tried with a timeout and retried (with a pause) when the
connection fails, times out or the server is busy; HEAD first, then GET when a
server refuses HEAD. Writes reports/external-links.md (for editors) and
reports/external-links.json (for machines) listing every address as ok, dead,
redirected (with where it now goes: update links.yml) or slow, and exits 1 when
any address is dead. When nothing at all could be reached (no internet), it keeps the last
report as it was, says so, and exits 2: a machine offline is not fifteen dead addresses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

from macros.data.load import DataError, load

ROOT = Path(__file__).resolve().parent.parent
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
HEAD_REFUSED = {400, 403, 404, 405, 406, 501}  # some servers answer HEAD wrongly: ask again with GET
USER_AGENT = "Mozilla/5.0 (compatible; BSW-under-1s-link-check/1.0)"


@dataclass
class Result:
    id: str
    url: str
    status: str  # ok | dead | redirected | slow | not-checked
    code: int | None = None
    final_url: str | None = None
    seconds: float | None = None
    attempts: int = 0
    error: str | None = None
    title: str = ""
    publisher: str = ""


def _request(session, method: str, url: str, timeout: float):
    response = session.request(method, url, timeout=timeout, allow_redirects=True, stream=True)
    response.close()
    return response


def check_url(url: str, *, timeout: float = 15.0, retries: int = 2, backoff: float = 2.0, slow: float = 5.0,
              session=None) -> Result:
    """Check one address: dead, redirected, slow or ok (an id and title are filled in by the caller)."""
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    result = Result(id="", url=url, status="dead")
    for attempt in range(1, retries + 2):
        result.attempts = attempt
        started = time.monotonic()
        try:
            response = _request(session, "HEAD", url, timeout)
            if response.status_code in HEAD_REFUSED:
                response = _request(session, "GET", url, timeout)
        except requests.RequestException as exc:
            result.seconds = round(time.monotonic() - started, 2)
            result.code, result.error = None, f"{type(exc).__name__}: {exc}"[:200]
        else:
            result.seconds = round(time.monotonic() - started, 2)
            result.code, result.error = response.status_code, None
            if response.status_code < 400:
                result.final_url = response.url
                if response.history and response.url.rstrip("/") != url.rstrip("/"):
                    result.status = "redirected"
                elif result.seconds > slow:
                    result.status = "slow"
                else:
                    result.status = "ok"
                return result
            result.error = f"HTTP {response.status_code}"
            if response.status_code not in RETRY_STATUS:
                return result
        if attempt <= retries:
            time.sleep(backoff * attempt)
    return result


def check_links(links, *, workers: int = 4, **options) -> list[Result]:
    """Check every links.yml entry (objects with id, url, title, publisher)."""
    def one(link):
        if not link.url or not link.url.startswith(("https://", "http://")):
            why = "no address yet (gap)" if not link.url else "mailto:/tel: addresses are not checked"
            return Result(id=link.id, url=link.url or "", status="not-checked", error=why,
                          title=link.title, publisher=link.publisher)
        with requests.Session() as session:
            result = check_url(link.url, session=session, **options)
        result.id, result.title, result.publisher = link.id, link.title, link.publisher
        return result

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, list(links)))


def markdown_report(results: list[Result], when: str) -> str:
    counts = {s: sum(r.status == s for r in results) for s in ("dead", "redirected", "slow", "ok", "not-checked")}
    lines = [
        "# External links report",
        "",
        f"Checked {when}: {len(results)} addresses from docs/_data/links.yml — "
        + ", ".join(f"{n} {s}" for s, n in counts.items()) + ".",
        "",
    ]
    sections = [
        ("dead", "Dead: fix the address in docs/_data/links.yml (or set url: null with a gap)"),
        ("redirected", "Redirected: check the new address and update docs/_data/links.yml"),
        ("slow", "Slow: answered, but slowly"),
        ("ok", "OK"),
        ("not-checked", "Not checked"),
    ]
    for status, heading in sections:
        rows = [r for r in results if r.status == status]
        if not rows:
            continue
        lines += [f"## {heading}", "", "| id | address | result | seconds |", "| --- | --- | --- | --- |"]
        for r in rows:
            what = r.error or (f"now {r.final_url}" if status == "redirected" else f"HTTP {r.code}")
            what = str(what).replace("|", "\\|")
            lines.append(f"| {r.id} | {r.url} | {what} | {r.seconds if r.seconds is not None else ''} |")
        lines.append("")
    return "\n".join(lines)


def write_reports(results: list[Result], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md, js = out / "external-links.md", out / "external-links.json"
    md.write_text(markdown_report(results, when), encoding="utf-8")
    js.write_text(json.dumps({"checked": when, "results": [asdict(r) for r in results]}, indent=1) + "\n",
                  encoding="utf-8")
    return md, js


def nothing_reached(results: list[Result]) -> bool:
    """True when no address that was checked gave any answer (no internet, or no name server)."""
    checked = [r for r in results if r.status != "not-checked"]
    return bool(checked) and all(r.status == "dead" and r.code is None for r in checked)


def last_report(out: Path) -> str:
    """What became of the last report, when this run wrote none."""
    js = out / "external-links.json"
    try:
        when = json.loads(js.read_text(encoding="utf-8")).get("checked")
    except (OSError, ValueError, AttributeError):
        return "No report was written."
    return (f"The last report ({out / 'external-links.md'}, checked {when}) was kept as it was; "
            "run `make check-external` again once connected.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Check every external address in docs/_data/links.yml.")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="folder for the reports")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each answer")
    parser.add_argument("--retries", type=int, default=2, help="extra tries after a failure")
    parser.add_argument("--slow", type=float, default=5.0, help="seconds after which an answer counts as slow")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)

    try:
        data = load(ROOT / "docs")
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    results = check_links(data.links.values(), workers=args.workers, timeout=args.timeout,
                          retries=args.retries, slow=args.slow)
    if nothing_reached(results):
        print(f"No address could be reached at all: is this machine connected to the internet? "
              f"{last_report(args.out)}", file=sys.stderr)
        return 2
    md, js = write_reports(results, args.out)
    dead = [r for r in results if r.status == "dead"]
    for r in results:
        if r.status in ("dead", "redirected", "slow"):
            print(f"{r.status.upper():10} {r.id}: {r.url} ({r.error or r.final_url or r.seconds})")
    print(f"{len(results)} addresses: {len(dead)} dead. Reports: {md} and {js}")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
