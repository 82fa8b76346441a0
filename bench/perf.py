"""Speed and size benchmark: prints a table to compare later changes with (not a test).

    python -m bench.perf                     # builds the site into a temporary folder first
    python -m bench.perf --site-dir site     # or measures a site already built
    python -m bench.perf --no-lighthouse     # skips Lighthouse (about a minute)

Serves the built site on 127.0.0.1 twice, once with gzip and once with brotli
(as most static hosts do), with the Cache-Control rules of macros/publish/cache_rules.py,
and loads pages in Debian's Chromium at a 390x844 viewport with a cold cache.
Bytes are what the server sent (compressed bodies, without headers).

- first view: one page in a new browser, service worker blocked (it starts after
  the page has loaded and saves the site in the background: measured separately);
- what the site adds: every byte of the first view except Material's own CSS,
  JavaScript and search worker, the page's HTML and the search index;
- second page: the next page in the same visit, with the service worker running,
  and with it blocked (HTTP cache only);
- render-blocking bytes: the page's HTML plus every stylesheet and script that holds back its
  first paint, gzip: <link rel="stylesheet"> for the screen and <script src> without async or
  defer, in <head> (read from the built HTML; a <noscript>'s content does not count, being text
  where scripts run). Scripts at the end of <body> do not hold back what is above them;
- Lighthouse 12.2.3 (bench/node_modules: `cd bench && npm ci`) in its default
  mobile mode against Debian's Chromium, on the gzip server;
- what the median Lighthouse run's LCP is made of, read from its JSON report: the observed
  (unthrottled) paint and load times, every request with its times and bytes (marking those
  Lighthouse's LCP simulation counts), and the main thread's work. With
  `--lighthouse-throttling devtools` Lighthouse slows the network and CPU for real instead of
  simulating it, and its LCP is printed under that label (the budgets use the default, simulate).

Budgets are checked and printed at the end; the exit status is 1 when one
is missed, so the figures can be compared by a person or a script.
"""

from __future__ import annotations

import argparse
import gzip
import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import brotli

ROOT = Path(__file__).resolve().parent.parent

from macros.publish.cache_rules import cache_control

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".webmanifest", ".txt", ".map"}
PAGES = [("home", ""), ("article", "why-babies-are-at-risk/"), ("guide", "bruising/"), ("tools", "tools/")]
LIGHTHOUSE_PAGES = ("home", "guide", "tools")
SECOND = ("article", "fathers/")  # opened after "article" in the same visit

BUDGET_ADDS = 5_000
BUDGET_ARTICLE = 85_000
BUDGET_LCP_MS = 1_000
BUDGET_BLOCKING = 20_000


def is_theme(path: str) -> bool:
    """Material's own files, which the budgets leave out."""
    return path.startswith(("/assets/javascripts/", "/assets/stylesheets/"))


class Server:
    """A static server that compresses like a real host and logs every body it sends."""

    def __init__(self, site: Path, encoding: str):
        self.site, self.encoding, self.log, self._cache = site, encoding, [], {}
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def __init__(self, *a, **kw):
                super().__init__(*a, directory=str(site), **kw)

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = unquote(urlsplit(self.path).path)
                f = site / path.lstrip("/")
                if f.is_dir():
                    if not path.endswith("/"):
                        self.send_response(301)
                        self.send_header("Location", path + "/")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    f = f / "index.html"
                if not f.is_file():
                    f, status = site / "404.html", 404
                else:
                    status = 200
                body, encoded = server.body(f, self.headers.get("Accept-Encoding", ""))
                self.send_response(status)
                self.send_header("Content-Type", self.guess_type(str(f)))
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", cache_control(path if not path.endswith("/") else path + "index.html"))
                if encoded:
                    self.send_header("Content-Encoding", encoded)
                    self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                self.wfile.write(body)
                server.log.append((path, len(body), self.headers.get("Service-Worker-Navigation-Preload")))

        Handler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                  ".webmanifest": "application/manifest+json", ".js": "text/javascript"}
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def body(self, f: Path, accept: str) -> tuple[bytes, str | None]:
        if f.suffix not in COMPRESSIBLE:
            return f.read_bytes(), None
        want = self.encoding if self.encoding in accept else ("gzip" if "gzip" in accept else None)
        if not want:
            return f.read_bytes(), None
        key = (f, want)
        if key not in self._cache:
            data = f.read_bytes()
            self._cache[key] = brotli.compress(data, quality=11) if want == "br" else gzip.compress(data, 9)
        return self._cache[key], want

    def take(self) -> list[tuple[str, int, str | None]]:
        out, self.log = self.log, []
        return out

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class _Blocking(html.parser.HTMLParser):
    """The addresses of the render-blocking stylesheets and scripts in a page's <head>."""

    def __init__(self):
        super().__init__()
        self.found, self.in_head, self.in_noscript = [], True, 0

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "body":
            self.in_head = False
        elif tag == "noscript":
            self.in_noscript += 1
        elif not self.in_head or self.in_noscript:
            return
        elif tag == "link" and "stylesheet" in a.get("rel", "").split() and a.get("media", "all") in ("", "all", "screen"):
            self.found.append(a.get("href", ""))
        elif tag == "script" and a.get("src") and "async" not in a and "defer" not in a and a.get("type") != "module":
            self.found.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "noscript" and self.in_noscript:
            self.in_noscript -= 1
        elif tag == "head":
            self.in_head = False


def render_blocking(site: Path, path: str) -> dict:
    """{"total": gzip bytes of the page and what blocks its first paint, "files": [(path, bytes)]}."""
    page = site / path / "index.html"
    parser = _Blocking()
    parser.feed(page.read_text(encoding="utf-8"))
    files = [("/" + path, len(gzip.compress(page.read_bytes(), 9)))]
    for ref in parser.found:
        f = (page.parent / unquote(urlsplit(ref).path)).resolve()
        files.append(("/" + f.relative_to(site).as_posix(), len(gzip.compress(f.read_bytes(), 9))))
    return {"total": sum(n for _, n in files), "files": files}


def settle(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def first_view(browser, server: Server, path: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    elsewhere = []
    context.on("request", lambda r: None if r.url.startswith((server.url, "data:")) else elsewhere.append(r.url))
    page = context.new_page()
    server.take()
    page.goto(server.url + path)
    settle(page)
    sent = server.take()
    context.close()
    html = "/" + path
    total = sum(n for _, n, _ in sent)
    theme = sum(n for p, n, _ in sent if is_theme(p))
    own_html = sum(n for p, n, _ in sent if p == html)
    index = sum(n for p, n, _ in sent if p == "/search/search_index.json")
    adds = [(p, n) for p, n, _ in sent if not is_theme(p) and p not in (html, "/search/search_index.json")]
    return {"total": total, "requests": len(sent), "theme": theme, "html": own_html, "index": index,
            "adds": sum(n for _, n in adds), "adds_files": adds, "elsewhere": elsewhere,
            "theme_files": [(p, n) for p, n, _ in sent if is_theme(p)]}


def second_page(browser, server: Server, first: str, second: str, with_worker: bool) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  service_workers="allow" if with_worker else "block")
    page = context.new_page()
    page.goto(server.url + first)
    background = 0
    if with_worker:
        page.evaluate("""async () => {
            await navigator.serviceWorker.ready;
            if (!navigator.serviceWorker.controller)
                await new Promise(r => navigator.serviceWorker.addEventListener("controllerchange", r, {once: true}));
        }""")
    settle(page)
    sent = server.take()
    background = sum(n for p, n, _ in sent)
    page.goto(server.url + second)
    settle(page)
    sent2 = server.take()
    context.close()
    return {"requests": len(sent2), "bytes": sum(n for _, n, _ in sent2), "paths": [p for p, _, _ in sent2],
            "visit_total": background}


def lighthouse(url: str, out: Path, throttling: str = "simulate") -> dict | None:
    """Runs Lighthouse once on url, saving its JSON report to out; None if it could not run."""
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse is not installed: run `cd bench && npm ci` (looked for {LIGHTHOUSE}).", file=sys.stderr)
        return None
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={flags}",
           "--only-categories=performance,accessibility,best-practices,seo", f"--throttling-method={throttling}"]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        print(f"Lighthouse failed on {url}:\n{result.stderr[-1500:]}", file=sys.stderr)
        return None
    report = json.loads(out.read_text())
    cats = report["categories"]
    audits = report["audits"]
    failing = sorted(a["id"] for a in audits.values()
                     if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in ("binary", "metricSavings", "numeric"))
    return {
        "scores": tuple(round(cats[c]["score"] * 100) for c in ("performance", "accessibility", "best-practices", "seo")),
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "failing": failing,
        "breakdown": lcp_breakdown(report),
    }


# What Lighthouse's LCP is made of. Lighthouse 12.2.3 simulates it with Lantern, which lives in
# bench/node_modules/@paulirish/trace_engine/models/trace/lantern/ (trace_engine 0.0.32, re-exported by
# lighthouse/core/lib/lantern/lantern.js). What this bench relies on, read there:
# - metrics/LargestContentfulPaint.js 27-48: both LCP graphs are FirstContentfulPaint.getFirstPaintBasedGraph
#   cut off at the observed LCP; the optimistic one keeps every node but images of Low or VeryLow priority
#   (isNotLowPriorityImageNode, lines 19-26), the pessimistic one every node (line 44) and every task that
#   did layout (line 46). Lines 49-56: each estimate is the latest end of a node that is not such an image.
# - metrics/FirstContentfulPaint.js 100-118: a request stays if it is the main document or it started and
#   ended by then ("node.endTime > cutoffTimestamp || node.startTime > cutoffTimestamp" drops it, line 104),
#   unless it is a script whose first EvaluateScript task started after then (lines 48-66, 110; the report
#   does not say when a script ran, so this bench cannot mark those). CPU tasks (lines 24-30, 67-84): only
#   tasks started by then that first ran such a script, or the first Layout, Paint and ParseHTML (plus, in
#   the pessimistic graph, every layout): not every task before the LCP. graph/BaseNode.js 144-163
#   (cloneWithRelationships) keeps whatever a kept node depends on as well; graph/PageDependencyGraph.js 16
#   and 303-329 prune most tasks under 10 ms from the graph beforehand.
# - graph/NetworkNode.js 37-42: start is rendererStartTime, end networkEndTime; graph/PageDependencyGraph.js
#   53-58: a worker's requests (and video) are not in the graph.
# - metrics/Metric.js 56-60 with LargestContentfulPaint.js 8-14: LCP = 0.5 x optimistic + 0.5 x pessimistic;
#   LargestContentfulPaint.js 64: never below the simulated FCP.
# - simulation/Simulator.js 62-67: simulate mode takes rttMs, throughputKbps x 1024 (bits a second) and
#   cpuSlowdownMultiplier from configSettings.throttling; lines 237-241: a task takes its measured time x that
#   multiplier (x half of it for layout, lines 15 and 101).
# - simulation/ConnectionPool.js 41-48, DNSCache.js 9 and 22, TCPConnection.js 4-5 and 81-122: a request on a
#   new connection waits for DNS (2 rtt, once per host), the handshake and request (1.5 rtt, 1 more for TLS),
#   the server's observed response time and half an rtt; its first round trip brings 10 x 1460 B, and the
#   window doubles each rtt after that.
# - lighthouse/core/audits/network-requests.js 37-54, 122-127: the report's request times are ms after the
#   earliest request, which debugData.networkStartTimeTs gives in microseconds, the clock of the metrics' *Ts.
# - lighthouse/core/audits/bootup-time.js 108-125 and mainthread-work-breakdown.js 104-113: in simulate mode
#   these report the measured CPU time multiplied by cpuSlowdownMultiplier already (x1 in devtools mode, where
#   the CPU really was slowed); main-thread-tasks reports measured durations.
# Lantern's own simulated timings are not in the report: Lighthouse writes them, as traces named
# <report>-optimisticLargestContentfulPaint.trace.json and so on, when run with --save-assets and the
# environment variable LANTERN_DEBUG=1 (lighthouse/core/lib/asset-saver.js 449-458).
TCP_FIRST_WINDOW = 10 * 1460  # bytes in a new connection's first round trip (TCPConnection.js 4-5)
OBSERVED = (("FCP", "observedFirstContentfulPaint"), ("LCP", "observedLargestContentfulPaint"),
            ("DOMContentLoaded", "observedDomContentLoaded"), ("load", "observedLoad"))


def items(report: dict, audit_id: str) -> list[dict]:
    """The rows of an audit's table in the report (none if the audit failed)."""
    return report["audits"].get(audit_id, {}).get("details", {}).get("items", [])


def throttling_figures(settings: dict) -> tuple[float, float, float]:
    """(round trip ms, throughput Kbps, CPU slowdown) that the run simulated, or applied in devtools mode."""
    t = settings["throttling"]
    if settings["throttlingMethod"] == "devtools":
        return t["requestLatencyMs"], t["downloadThroughputKbps"], t["cpuSlowdownMultiplier"]
    return t["rttMs"], t["throughputKbps"], t["cpuSlowdownMultiplier"]


def transfer_ms(n_bytes: float, kbps: float) -> float:
    """The time n_bytes take at kbps (Lighthouse's Kbps are 1024 bits a second), without any round trip."""
    return n_bytes * 8 / (kbps * 1024) * 1000


def short_url(url: str) -> str:
    """A request's path, or the start of a data: URL."""
    return url[:28] + "…" if url.startswith("data:") else urlsplit(url).path


def request_rows(report: dict, lcp: float) -> list[dict]:
    """The report's requests, times in ms from navigation start, marked as Lantern's LCP graphs count them."""
    metrics = items(report, "metrics")[0]
    table = report["audits"]["network-requests"]["details"]
    shift = (table["debugData"]["networkStartTimeTs"] - metrics["observedTimeOriginTs"]) / 1000
    rows = []
    for r in table["items"]:
        start, end, sent = (r.get(k) for k in ("rendererStartTime", "networkEndTime", "networkRequestTime"))
        outside = r.get("sessionTargetType") == "worker" or (r.get("mimeType") or "").startswith("video")
        ended = start is not None and start + shift <= lcp and (end is None or end + shift <= lcp)
        main = r["url"] == report["mainDocumentUrl"] and r.get("resourceType") == "Document"
        rows.append({"path": short_url(r["url"]), "type": r.get("resourceType") or "-",
                     "priority": r.get("priority") or "-", "bytes": r.get("transferSize") or 0,
                     "sent": None if sent is None else sent + shift, "end": None if end is None else end + shift,
                     "counted": main or (ended and not outside), "worker": r.get("sessionTargetType") == "worker",
                     "low_image": r.get("resourceType") == "Image" and r.get("priority") in ("Low", "VeryLow")})
    return rows


def lcp_breakdown(report: dict) -> dict:
    """What the report says the LCP is made of: throttling, observed times, requests, CPU."""
    audits, metrics = report["audits"], items(report, "metrics")[0]
    rtt, kbps, cpu = throttling_figures(report["configSettings"])
    lcp = (metrics["observedLargestContentfulPaintTs"] - metrics["observedTimeOriginTs"]) / 1000
    return {
        "mode": report["configSettings"]["throttlingMethod"], "rtt": rtt, "kbps": kbps, "cpu": cpu,
        "fcp": audits["first-contentful-paint"]["numericValue"], "lcp": audits["largest-contentful-paint"]["numericValue"],
        "observed": [(label, metrics.get(key)) for label, key in OBSERVED],
        "requests": request_rows(report, lcp),
        # A task begun before the navigation cannot depend on the page's request, so it is left out of the
        # graph (PageDependencyGraph.js 298-301, BaseNode.js 268-270); the tasks' times are ms from navigation start.
        "tasks": [t for t in items(report, "main-thread-tasks") if 0 <= t["startTime"] <= lcp],
        "scripts": [(short_url(s["url"]) if "://" in s["url"] else s["url"], s.get("scripting", 0),
                     s.get("scriptParseCompile", 0)) for s in items(report, "bootup-time")],
        "work": [(w["groupLabel"], w["duration"]) for w in items(report, "mainthread-work-breakdown")],
    }


def ms(n: float | None) -> str:
    """A time in whole ms, or "-" when the report has none."""
    return "-" if n is None else f"{n:.0f} ms"


def request_lines(b: dict) -> list[str]:
    """One line a request: mark, path, type, priority, bytes, sent and ended (ms from navigation start)."""
    lines, sim = [], b["mode"] == "simulate"
    for r in b["requests"]:
        mark = "+" if r["counted"] else " "
        notes = []
        if sim and r["counted"] and r["low_image"]:
            notes.append("low-priority image: not in the optimistic graph")
        if sim and r["bytes"] > TCP_FIRST_WINDOW:
            notes.append(f"over {TCP_FIRST_WINDOW} B: more than one round trip's worth on a new connection")
        if sim and r["worker"]:
            notes.append("a worker's: not in the graph")
        sent = "-" if r["sent"] is None else f"{r['sent']:.0f}"
        end = "-" if r["end"] is None else f"{r['end']:.0f}"
        lines.append(f"    {mark} {r['path'][:46]:<46} {r['type']:<10} {r['priority']:<8} {r['bytes']:>7} B "
                     f"{sent:>6} -> {end:>6}  {'; '.join(notes)}")
    return lines


def breakdown_lines(name: str, b: dict) -> list[str]:
    """The printed breakdown of one page's median Lighthouse run."""
    sim = b["mode"] == "simulate"
    how = (f"simulated throttling: rtt {b['rtt']:.0f} ms, {b['kbps']:.1f} Kbps, CPU x{b['cpu']:g}" if sim else
           f"applied DevTools throttling: request latency {b['rtt']:.1f} ms, {b['kbps']:.1f} Kbps, CPU x{b['cpu']:g}")
    counted = [r for r in b["requests"] if r["counted"]]
    size = sum(r["bytes"] for r in counted)
    optimistic = sum(r["bytes"] for r in counted if not r["low_image"])
    alone = transfer_ms(size, b["kbps"])
    task_ms = sum(t["duration"] for t in b["tasks"])
    lines = [f"LCP breakdown, {name} (median run; {how}):",
             f"  Lighthouse {'simulated' if sim else 'under applied throttling'}: FCP {ms(b['fcp'])}, LCP {ms(b['lcp'])}",
             f"  observed{' (unthrottled)' if sim else ' (throttled)'}: " + ", ".join(f"{k} {ms(v)}" for k, v in b["observed"]),
             "  requests (ms from navigation start, sent -> ended; + = "
             + ("in Lantern's LCP graph: ended by the observed LCP, or the page itself):" if sim else "ended by the LCP, or the page itself):"),
             *request_lines(b),
             f"  {'counted' if sim else 'ended by the LCP'}: {len(counted)} requests, {size} B"
             + (f" ({optimistic} B in the optimistic graph)" if sim else "")
             + f"; the bytes alone take {alone:.0f} ms at {b['kbps']:.1f} Kbps = {100 * alone / b['lcp']:.0f}% of the LCP;"
             + (f" the rest is round trips (rtt {b['rtt']:.0f} ms: DNS, connections, first bytes, TCP slow start) and CPU" if sim
                else f" each request also waits {b['rtt']:.1f} ms of latency"),
             f"  main-thread tasks over 5 ms started by the observed LCP ({'measured' if sim else 'measured, already slowed'}): "
             f"{len(b['tasks'])} tasks, {task_ms:.0f} ms"
             + (f" = {task_ms * b['cpu']:.0f} ms at CPU x{b['cpu']:g} (layout x{b['cpu'] / 2:g}); Lantern counts only the first "
                "parse, layout and paint and the scripts run by then" if sim else "")
             + (": " + ", ".join(f"{t['startTime']:.0f}+{t['duration']:.0f}" for t in b["tasks"]) if b["tasks"] else ""),
             f"  scripts' CPU, whole load (bootup-time, {'measured x' + format(b['cpu'], 'g') if sim else 'measured under the slowed CPU'}): "
             + ("; ".join(f"{u} evaluation {e:.0f} ms, parse {p:.0f} ms" for u, e, p in b["scripts"]) or "none over 50 ms"),
             f"  main-thread work, whole load ({'x' + format(b['cpu'], 'g') if sim else 'slowed CPU'}): "
             + ", ".join(f"{g} {d:.0f} ms" for g, d in b["work"])]
    return lines


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="runs per page; the median (by LCP) is reported, as Lighthouse varies with the machine's load")
    parser.add_argument("--lighthouse-throttling", choices=("simulate", "devtools"), default="simulate",
                        help="simulate (Lighthouse's default, which the budgets use) or devtools: slow the network "
                             "and CPU for real while loading, for a second LCP figure")
    args = parser.parse_args(argv)

    tmp = None
    if args.site_dir:
        site = args.site_dir.resolve()
    else:
        from macros.build import build

        tmp = Path(tempfile.mkdtemp(prefix="bench-"))
        site = build(ROOT, tmp / "site")
    servers = {"gzip": Server(site, "gzip"), "br": Server(site, "br")}
    from playwright.sync_api import sync_playwright

    rows, misses = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in PAGES:
                g = first_view(browser, servers["gzip"], path)
                b = first_view(browser, servers["br"], path)
                rows.append({"name": name, "path": path, "gzip": g, "br": b, "blocking": render_blocking(site, path)})
            seconds = {
                "worker": second_page(browser, servers["gzip"], "why-babies-are-at-risk/", SECOND[1], True),
                "http-cache": second_page(browser, servers["gzip"], "why-babies-are-at-risk/", SECOND[1], False),
            }
            browser.close()
        lh = {}
        if not args.no_lighthouse:
            out = Path(tempfile.mkdtemp(prefix="lh-"))
            for row in rows:
                if row["name"] in LIGHTHOUSE_PAGES:
                    runs = [lighthouse(servers["gzip"].url + row["path"], out / f"{row['name']}-{i}.json",
                                       args.lighthouse_throttling)
                            for i in range(max(1, args.lighthouse_runs))]
                    runs = sorted((r for r in runs if r), key=lambda r: r["lcp_ms"])
                    if runs:
                        lh[row["name"]] = {**runs[len(runs) // 2], "lcp_range": (runs[0]["lcp_ms"], runs[-1]["lcp_ms"]),
                                           "all_scores": [r["scores"] for r in runs]}
    finally:
        for s in servers.values():
            s.close()

    pages_count = sum(1 for f in site.rglob("index.html") if "md-content" in f.read_text(encoding="utf-8"))
    index = (site / "search" / "search_index.json").read_bytes()
    index_gz = len(gzip.compress(index, 9))

    print(f"\nSite: {site}  ({pages_count} pages)  viewport 390x844, cold cache, 127.0.0.1\n")
    simulated = args.lighthouse_throttling == "simulate"
    lcp_head = "LCP" if simulated else "LCP, devtools"
    head = f"{'page':<9} {'path':<26} {'gzip':>9} {'brotli':>9} {'req':>4} {'theme':>9} {'html':>8} {'index':>8} {'site adds':>10}  {'Lighthouse P/A/BP/SEO':<22} {lcp_head:>13}"
    print(head)
    print("-" * len(head))
    for row in rows:
        g, b = row["gzip"], row["br"]
        res = lh.get(row["name"])
        scores = "/".join(map(str, res["scores"])) if res else "-"
        lcp = f"{res['lcp_ms'] / 1000:.2f} s" if res else "-"
        print(f"{row['name']:<9} {'/' + row['path']:<26} {kb(g['total']):>9} {kb(b['total']):>9} {g['requests']:>4} "
              f"{kb(g['theme']):>9} {kb(g['html']):>8} {kb(g['index']):>8} {g['adds']:>8} B  {scores:<22} {lcp:>13}")
    print()
    for row in rows:
        rb = row["blocking"]
        print(f"Render-blocking bytes, {row['name']} (gzip): {rb['total']} B = "
              + " + ".join(f"{p} {n} B" for p, n in rb["files"]))
    adds = rows[0]["gzip"]["adds_files"]
    print("What the site adds to a first view (gzip): " + ", ".join(f"{p} {n} B" for p, n in adds))
    print("Material's files in a first view (gzip): "
          + ", ".join(f"{p} {n} B" for p, n in rows[0]["gzip"]["theme_files"]))
    styles = re.findall(r"<style>(.*?)</style>", (site / "index.html").read_text(encoding="utf-8"), flags=re.S)
    inline = "".join(styles).encode("utf-8")
    print(f"Inline CSS in every page's HTML (overrides/partials/critical.html): {len(inline)} B raw, "
          f"{len(gzip.compress(inline, 9))} B gzip on its own")
    print(f"Search index: {kb(len(index))} raw, {kb(index_gz)} gzip for {pages_count} pages = "
          f"{kb(index_gz * 100 / pages_count)} gzip per 100 pages")
    w, h = seconds["worker"], seconds["http-cache"]
    print(f"Second page in the same visit ({SECOND[1]}): with the service worker {w['requests']} request(s), "
          f"{kb(w['bytes'])} ({', '.join(w['paths'])}); with the HTTP cache only {h['requests']} request(s), "
          f"{kb(h['bytes'])} ({', '.join(h['paths'])})")
    print(f"Service worker's background saving on the first visit (whole site for offline use), gzip: "
          f"{kb(w['visit_total'])} including the first view")
    for name, res in lh.items():
        if res:
            lo, hi = res["lcp_range"]
            how = "simulated throttling" if simulated else "applied DevTools throttling, not the simulated figure"
            print(f"Lighthouse {name} (median of {len(res['all_scores'])}, {how}): FCP {res['fcp_ms'] / 1000:.2f} s, "
                  f"LCP {res['lcp_ms'] / 1000:.2f} s (runs {lo / 1000:.2f}-{hi / 1000:.2f} s; scores "
                  f"{', '.join('/'.join(map(str, sc)) for sc in res['all_scores'])}); "
                  f"audits below 1: {', '.join(res['failing']) or 'none'}")
    if lh:
        print(f"Lighthouse's JSON reports are kept in {out}")
    for name, res in lh.items():
        print()
        print("\n".join(breakdown_lines(name, res["breakdown"])))

    # Budgets
    for row in rows:
        if row["gzip"]["adds"] > BUDGET_ADDS:
            misses.append(f"{row['name']}: the site adds {row['gzip']['adds']} B gzip (budget {BUDGET_ADDS})")
        if row["gzip"]["elsewhere"] or row["br"]["elsewhere"]:
            misses.append(f"{row['name']}: requests to other hosts: {row['gzip']['elsewhere'] + row['br']['elsewhere']}")
        if row["blocking"]["total"] > BUDGET_BLOCKING:
            misses.append(f"{row['name']}: render-blocking {row['blocking']['total']} B gzip (goal {BUDGET_BLOCKING})")
    article = next(r for r in rows if r["name"] == "article")
    if article["gzip"]["total"] > BUDGET_ARTICLE:
        misses.append(f"article first view {article['gzip']['total']} B gzip (budget {BUDGET_ARTICLE})")
    if w["paths"] != ["/" + SECOND[1]]:
        misses.append(f"second page moved more than its HTML: {w['paths']}")
    for name, res in (lh.items() if simulated else ()):
        if res and res["scores"] != (100, 100, 100, 100):
            misses.append(f"Lighthouse {name}: {res['scores']}")
        if res and res["lcp_ms"] > BUDGET_LCP_MS:
            misses.append(f"Lighthouse {name}: LCP {res['lcp_ms'] / 1000:.2f} s (budget {BUDGET_LCP_MS / 1000:.1f} s)")
    if lh and not simulated:
        print("\nLighthouse's budgets are not checked: they use its default simulated throttling.")
    print("\nBudgets: " + ("all met." if not misses else "MISSED:\n  " + "\n  ".join(misses)))
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
