"""The HTTP side of `build.py serve`: which requests are answered, and with what.

Pages are sent with a small script that listens for Server-Sent Events and reloads the
page after each rebuild. The script and any error overlay are added to the HTML as it is
sent, so no built file ever contains them; the page's Content-Security-Policy is relaxed
to let that one script (from this server) run.
"""

from __future__ import annotations

import errno
import html
import http.server
import re
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .problems import Problem

EVENTS_PATH = "/__briefing/events"
SCRIPT_PATH = "/__briefing/reload.js"
RELOAD_JS = b"""// Added by `build.py serve` only: reload the page after each rebuild.
(() => {
  const since = document.currentScript.dataset.generation;
  const events = new EventSource("/__briefing/events?since=" + since);
  events.onmessage = () => { events.close(); location.reload(); };
})();
"""
OVERLAY_PATH = "/__briefing/overlay.css"
SCRIPT_SOURCES = re.compile(r"(http-equiv=\"Content-Security-Policy\"[^>]*?script-src)[^;\"]*")
"""The script-src directive of the page's CSP meta tag, whatever the template says."""
OVERLAY_CSS = b"""/* Added by `build.py serve` only: the problems of a build that failed. */
#briefing-build-error { position: fixed; inset: auto 0 0 0; max-height: 60vh; overflow: auto;
  margin: 0; padding: 1rem; background: #600; color: #fff; font: 14px/1.5 monospace;
  z-index: 99; }
"""


@dataclass
class BuildState:
    """The outcome of the latest build; `generation` counts builds, good or bad."""

    generation: int = 0
    problems: list[Problem] = field(default_factory=list)
    has_site: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def record(self, problems: list[Problem], built: bool) -> None:
        with self.changed:
            self.generation += 1
            self.problems = problems
            self.has_site = self.has_site or built
            self.changed.notify_all()

    def wait_past(self, generation: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation > generation, timeout)
            return self.generation


def error_overlay(problems: list[Problem]) -> str:
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems if not p.warning)
    return (f'<link rel="stylesheet" href="{OVERLAY_PATH}">'
            f'<section id="briefing-build-error" role="alert">'
            f"<h2>The last change did not build</h2><p>Still showing the last good build. "
            f"Fix these and save:</p><ul>{items}</ul></section>")


def decorate(page: bytes, state: BuildState) -> bytes:
    """The page as sent by serve: with the reload script, and the problems if any."""
    extra = error_overlay(state.problems) if any(not p.warning for p in state.problems) else ""
    extra += f'<script src="{SCRIPT_PATH}" data-generation="{state.generation}"></script>'
    text = SCRIPT_SOURCES.sub(r"\1 'self'", page.decode("utf-8"), count=1)
    cut = text.rfind("</body>")
    return (text[:cut] + extra + text[cut:] if cut >= 0 else text + extra).encode("utf-8")


def error_page(state: BuildState) -> bytes:
    shell = b"<!doctype html><html lang=en><title>Build failed</title><body></body></html>"
    return decorate(shell, state)


def make_handler(site: Path, state: BuildState) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        """Serves files of the built site only: no listings, nothing outside it."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == EVENTS_PATH:
                self.send_events()
            elif path == SCRIPT_PATH:
                self.send_bytes(200, "text/javascript; charset=utf-8", RELOAD_JS)
            elif path == OVERLAY_PATH:
                self.send_bytes(200, "text/css; charset=utf-8", OVERLAY_CSS)
            elif not state.has_site:
                self.send_bytes(500, "text/html; charset=utf-8", error_page(state))
            else:
                self.send_file(path)

        def send_file(self, path: str) -> None:
            local = Path(self.translate_path(path))
            if local.is_dir():
                local = local / "index.html"
            if not local.is_file() or not local.resolve().is_relative_to(site.resolve()):
                self.send_bytes(404, "text/html; charset=utf-8",
                                decorate((site / "404.html").read_bytes(), state))
                return
            data = local.read_bytes()
            if local.suffix == ".html":
                self.send_bytes(200, "text/html; charset=utf-8", decorate(data, state))
            else:
                self.send_bytes(200, self.guess_type(str(local)), data)

        def send_bytes(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def send_events(self) -> None:
            """Server-Sent Events: one message once a build newer than `since` exists."""
            query = parse_qs(urlsplit(self.path).query)
            since = int(query.get("since", ["0"])[0] or 0)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                while True:
                    generation = state.wait_past(since, timeout=15)
                    if generation > since:
                        self.wfile.write(b"data: reload\n\n")
                        self.wfile.flush()
                        return
                    self.wfile.write(b": still here\n\n")  # notices closed connections
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


class IPv6Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


class CannotListen(Exception):
    """The address cannot be listened on (a port in use, an address not of this machine)."""


def listen(host: str, port: int, handler: type[http.server.BaseHTTPRequestHandler],
           ) -> http.server.ThreadingHTTPServer:
    server_class = IPv6Server if ":" in host else http.server.ThreadingHTTPServer
    try:
        server = server_class((host, port), handler)
    except OSError as error:
        reason = error.strerror or str(error)
        hint = ("another program uses it: stop it, or pass another --port (0 picks a free one)"
                if error.errno == errno.EADDRINUSE else "check --bind and --port")
        raise CannotListen(f"cannot listen on {host}:{port}: {reason} ({hint})") from None
    server.daemon_threads = True
    return server
