"""One local server for the built site, for the browser tests (tests/test_offline.py,
tests/test_browsers.py). What a phone on a weak signal meets can be switched on it:

- .offline: every connection is dropped unanswered, as with no signal;
- .delay: seconds before each answer (a slow host);
- .error: an HTTP status the host answers every request with (a broken host);
- .directory: the folder served (another folder is a newer publication of the site);
- .requests: every path asked for, in order;
- head_script (url, body): served at ``url`` and loaded first in every page's <head> (same origin,
  so the page's Content-Security-Policy allows it), e.g. to keep each script error a page raises.

`reset()` puts the switches back; `close()` stops the server.
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import re
import shutil
import threading
import time
from pathlib import Path

from macros.publish import offline

PUBLISHED = re.compile(r'<meta name="guidance-published" content="([^"]+)"')


class SiteServer:
    def __init__(self, directory: Path, head_script: tuple[str, bytes] | None = None):
        self.built, self.head_script = Path(directory), head_script
        self.requests: list[str] = []
        self.reset()
        state = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=str(state.directory), **kw)

            def handle(self):
                if state.offline:
                    return  # the connection is closed with no answer: a network error
                super().handle()

            def send_head(self):
                state.requests.append(self.path)
                if state.delay:
                    time.sleep(state.delay)
                if state.error:
                    self.send_error(state.error)
                    return None
                if state.head_script:
                    url, body = state.head_script
                    if self.path == url:
                        return self._send(body, "text/javascript")
                    path = Path(self.translate_path(self.path))
                    if path.is_dir() and self.path.split("?")[0].endswith("/"):
                        path = path / "index.html"
                    if path.suffix == ".html" and path.is_file():
                        page = path.read_bytes().replace(b"<head>", b'<head><script src="%s"></script>' % url.encode(), 1)
                        return self._send(page, "text/html; charset=utf-8")
                return super().send_head()

            def _send(self, body: bytes, kind: str):
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)  # what SimpleHTTPRequestHandler sends (for a GET)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def reset(self):
        self.directory, self.offline, self.delay, self.error = self.built, False, 0.0, 0

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def publish_newer(built: Path, folder: Path) -> Path:
    """A newer publication of the site in ``folder``: a day later on every page, and a new service worker."""
    newer = Path(shutil.copytree(built, folder))
    old = PUBLISHED.search((newer / "index.html").read_text(encoding="utf-8")).group(1)
    later = (dt.datetime.strptime(old, "%Y-%m-%dT%H:%M:%SZ") + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for f in newer.rglob("*.html"):
        f.write_text(f.read_text(encoding="utf-8").replace(old, later), encoding="utf-8")
    offline.write_service_worker(newer)
    return newer
