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
  mobile mode against Debian's Chromium, on the gzip server.

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


def lighthouse(url: str, out: Path) -> dict | None:
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse is not installed: run `cd bench && npm ci` (looked for {LIGHTHOUSE}).", file=sys.stderr)
        return None
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={flags}",
           "--only-categories=performance,accessibility,best-practices,seo"]
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
    }


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="runs per page; the median (by LCP) is reported, as Lighthouse varies with the machine's load")
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
                    runs = [lighthouse(servers["gzip"].url + row["path"], out / f"{row['name']}-{i}.json")
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
    head = f"{'page':<9} {'path':<26} {'gzip':>9} {'brotli':>9} {'req':>4} {'theme':>9} {'html':>8} {'index':>8} {'site adds':>10}  {'Lighthouse P/A/BP/SEO':<22} {'LCP':>7}"
    print(head)
    print("-" * len(head))
    for row in rows:
        g, b = row["gzip"], row["br"]
        res = lh.get(row["name"])
        scores = "/".join(map(str, res["scores"])) if res else "-"
        lcp = f"{res['lcp_ms'] / 1000:.2f} s" if res else "-"
        print(f"{row['name']:<9} {'/' + row['path']:<26} {kb(g['total']):>9} {kb(b['total']):>9} {g['requests']:>4} "
              f"{kb(g['theme']):>9} {kb(g['html']):>8} {kb(g['index']):>8} {g['adds']:>8} B  {scores:<22} {lcp:>7}")
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
            print(f"Lighthouse {name} (median of {len(res['all_scores'])}): FCP {res['fcp_ms'] / 1000:.2f} s, "
                  f"LCP {res['lcp_ms'] / 1000:.2f} s (runs {lo / 1000:.2f}-{hi / 1000:.2f} s; scores "
                  f"{', '.join('/'.join(map(str, sc)) for sc in res['all_scores'])}); "
                  f"audits below 1: {', '.join(res['failing']) or 'none'}")

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
    for name, res in lh.items():
        if res and res["scores"] != (100, 100, 100, 100):
            misses.append(f"Lighthouse {name}: {res['scores']}")
        if res and res["lcp_ms"] > BUDGET_LCP_MS:
            misses.append(f"Lighthouse {name}: LCP {res['lcp_ms'] / 1000:.2f} s (budget {BUDGET_LCP_MS / 1000:.1f} s)")
    print("\nBudgets: " + ("all met." if not misses else "MISSED:\n  " + "\n  ".join(misses)))
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
