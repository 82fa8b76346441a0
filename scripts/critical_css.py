"""Write overrides/partials/critical.html: the CSS the first screen of every page needs, inlined.

    python -m scripts.critical_css              # builds the site into a temporary folder first
    python -m scripts.critical_css --site-dir site

Run it after updating Material (requirements.txt) or changing docs/assets/site.css; the file
it writes is committed. tests/test_first_paint.py fails, naming this command, when a rule in
the file no longer exists in the stylesheets (the file is stale), or when the page moves once
the full stylesheets arrive.

Why: every page's <head> used to wait for the theme's CSS (about 23 KB gzip), its palette and
the site's CSS before showing anything. Now overrides/main.html inlines this file in a <style>
(allowed by its hash in the Content-Security-Policy: macros/publish/headers.py) and loads the full
stylesheets without blocking the first paint.

What it keeps: loads every built page in Debian's Chromium, at a phone's size (390x844) and a
desktop's (1280x800), with the full stylesheets, and keeps each style rule (in its @media
etc., in the stylesheets' order) that matches an element on the first screen: one whose top is
above the bottom of the window, inside a parent that is drawn there. So a box the CSS hides or
places off the screen (the menu drawer) keeps its rules, and stays hidden, but what is inside it
(the drawer's links) does not count. Print rules, animations, state rules (:hover, :checked:
matching nothing at load), and declarations that act only on later changes or under the pointer
(transition, cursor...: LATER) are left to the full stylesheets. Chromium's own CSS object
model does the matching: no CSS parsing of ours. Why our own script: the maintained tools
for this (critical, penthouse) download their own browser, which these machines cannot.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import rcssmin

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "overrides" / "partials" / "critical.html"
CHROMIUM = "/usr/bin/chromium"
SIZES = ((390, 844), (1280, 800))

# In the page: each style rule of the linked stylesheets that matches an element on the first screen,
# as {sheet (file name), path (index path), selectors ({index in the rule's list: selector} of those
# that match), body (declarations, custom properties out), custom ([[name, value]]), around (preludes
# of the enclosing @-rules)}; other rules (@font-face, ...) whole, as body.
COLLECT = r"""
() => {
  const vh = innerHeight, out = [];
  // Properties that act only on later changes or under the pointer, not on the first paint.
  const LATER = /^(transition|cursor|-webkit-tap-highlight-color|will-change|user-select|-webkit-user-select)(-|$)/;
  const PSEUDO_ELEMENT = /::?(before|after|first-line|first-letter|marker|placeholder|selection|backdrop|-webkit-[a-z-]+|-moz-[a-z-]+)(\([^)]*\))?/g;
  const drawn = new Map();
  function isDrawn(el) {  // not hidden, and inside the window (an empty box: its corner inside it)
    if (!drawn.has(el)) {
      const r = el.getBoundingClientRect(), empty = !r.width || !r.height;
      drawn.set(el, el.checkVisibility({visibilityProperty: true}) && (empty
        ? r.left >= 0 && r.left <= innerWidth && r.top >= 0 && r.top <= vh
        : r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < vh));
    }
    return drawn.get(el);
  }
  function counts(el) {  // its top on the first screen, inside a parent that is drawn there
    return el.getBoundingClientRect().top < vh && (!el.parentElement || isDrawn(el.parentElement));
  }
  function onFirstScreen(selector) {
    let found;
    try { found = document.querySelectorAll(selector.replace(PSEUDO_ELEMENT, "") || "*"); }
    catch (e) { return true; }  // a selector this browser cannot match: kept, to be safe
    for (const el of found) if (counts(el)) return true;
    return false;
  }
  function split(list) {  // a selector list at its top-level commas
    const parts = []; let depth = 0, quote = null, start = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (quote) { if (c === quote) quote = null; continue; }
      if (c === '"' || c === "'") quote = c;
      else if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "," && depth === 0) { parts.push(list.slice(start, i).trim()); start = i + 1; }
    }
    parts.push(list.slice(start).trim());
    return parts;
  }
  function walk(rules, sheet, path, around) {
    Array.from(rules).forEach((rule, i) => {
      const here = path.concat(i);
      if (rule instanceof CSSStyleRule) {
        const selectors = {};
        split(rule.selectorText).forEach((sel, k) => { if (onFirstScreen(sel)) selectors[k] = sel; });
        if (!Object.keys(selectors).length) return;
        const copy = new CSSStyleSheet();
        copy.replaceSync("x{" + rule.style.cssText + "}");
        const style = copy.cssRules[0].style, custom = [];
        for (const name of Array.from(rule.style)) {
          if (LATER.test(name)) style.removeProperty(name);
          else if (name.startsWith("--")) { custom.push([name, rule.style.getPropertyValue(name).trim()]); style.removeProperty(name); }
        }
        out.push({sheet, path: here, selectors, body: style.cssText, custom, around});
      } else if (rule instanceof CSSKeyframesRule) {
        return;
      } else if (rule.cssRules) {
        if (rule instanceof CSSMediaRule && /^print$/i.test(rule.media.mediaText.trim())) return;
        walk(rule.cssRules, sheet, here, around.concat(rule.cssText.slice(0, rule.cssText.indexOf("{")).trim()));
      } else {
        out.push({sheet, path: here, selectors: null, body: rule.cssText, custom: [], around});  // @font-face, ...
      }
    });
  }
  for (const sheet of document.styleSheets) {
    if (!sheet.href || new URL(sheet.href).origin !== location.origin) continue;
    if (sheet.media.mediaText && /^print$/i.test(sheet.media.mediaText.trim())) continue;
    walk(sheet.cssRules, new URL(sheet.href).pathname.split("/").pop(), [], []);
  }
  return out;
}
"""
_VAR = re.compile(r"var\(\s*(--[\w-]+)")


def page_urls(site: Path) -> list[str]:
    """Every built page with the theme's layout (not the redirect stubs), as its address."""
    urls = []
    for f in sorted(site.rglob("index.html")):
        if "md-content" in f.read_text(encoding="utf-8"):
            urls.append(f.relative_to(site).as_posix().removesuffix("index.html"))
    return [*urls, "404.html"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def collect(site: Path) -> list[dict]:
    """The first-screen rules of every page at every size, once each (their matching selectors
    joined), in the stylesheets' order."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    found: dict[tuple[str, tuple[int, ...]], dict] = {}
    sheets: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
                page = context.new_page()
                for url in page_urls(site):
                    page.goto(base + url, wait_until="load")
                    for rule in page.evaluate(COLLECT):
                        if rule["sheet"] not in sheets:
                            sheets.append(rule["sheet"])
                        key = (rule["sheet"], tuple(rule["path"]))
                        if key in found and rule["selectors"] is not None:
                            found[key]["selectors"].update(rule["selectors"])
                        else:
                            found[key] = rule
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return [rule for key, rule in sorted(found.items(), key=lambda kv: (sheets.index(kv[0][0]), kv[0][1]))]


def css_text(rules: list[dict]) -> str:
    """The rules as one stylesheet, with only the custom properties (--md-...) that it uses, and
    each run of rules inside the same @-rules wrapped once."""
    used = {name for r in rules for text in (r["body"], *r["around"]) for name in _VAR.findall(text)}
    while True:  # custom properties used by the values of those used
        more = {name for r in rules for prop, value in r["custom"] if prop in used for name in _VAR.findall(value)}
        if more <= used:
            break
        used |= more
    out, open_ = [], ()
    for r in rules:
        body = "; ".join([*(f"{prop}: {value}" for prop, value in r["custom"] if prop in used), r["body"]]
                         if r["body"] else [f"{prop}: {value}" for prop, value in r["custom"] if prop in used])
        if not body.strip():
            continue
        text = body if r["selectors"] is None else (
            ", ".join(sel for _, sel in sorted(r["selectors"].items(), key=lambda kv: int(kv[0]))) + "{" + body + "}")
        around = tuple(r["around"])
        common = 0
        while common < min(len(open_), len(around)) and open_[common] == around[common]:
            common += 1
        out.append("}" * (len(open_) - common))
        out.extend(prelude + "{" for prelude in around[common:])
        out.append(text)
        open_ = around
    out.append("}" * len(open_))
    return rcssmin.cssmin("".join(out)).strip()


def partial(css: str) -> str:
    for bad in ("endraw", "</style"):
        if bad in css:
            raise ValueError(f"the critical CSS contains {bad!r}, which cannot go in a template's <style>")
    return ("{#- Written by `python -m scripts.critical_css` (read its docstring): do not edit by hand.\n"
            "    The CSS the first screen of every page needs; overrides/main.html inlines it. -#}\n"
            f"<style>{{% raw %}}{css}{{% endraw %}}</style>\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="a site already built (default: build one now)")
    args = parser.parse_args(argv)
    tmp = None
    if args.site_dir:
        site = args.site_dir.resolve()
    else:
        from macros.build import build

        tmp = Path(tempfile.mkdtemp(prefix="critical-"))
        site = build(ROOT, tmp / "site")
    try:
        css = css_text(collect(site))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    OUT.write_text(partial(css), encoding="utf-8")
    print(f"Wrote {OUT.relative_to(ROOT)}: {len(css):,} bytes of CSS.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
