"""The HTTP side of `build.py serve`: which requests are answered, and with what.

Pages are sent with a small script that listens for Server-Sent Events and reloads the
page after each rebuild. The script and any error overlay are added to the HTML as it is
sent, so no built file ever contains them; the page's Content-Security-Policy is relaxed
to let that one script (from this server) run.

Nothing a client sends is trusted. A request whose Host header does not name this server
(a page elsewhere reaching it through DNS rebinding) gets 421 and never a page; the events
refuse another site's Origin; a client that has not sent its request line and headers
HEADER_TIMEOUT seconds after connecting is dropped; only GET and HEAD are answered, only
with files of the built site; and no request, however malformed, prints a traceback.
"""

from __future__ import annotations

import errno
import html
import http.server
import io
import ipaddress
import mimetypes
import re
import socket
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, unquote

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
HEADER_TIMEOUT = 10.0
"""Seconds a client has, from connecting, to send its request line and headers (the
serve command takes another from BRIEFING_SERVE_HEADER_TIMEOUT, for tests)."""
SEND_TIMEOUT = 60.0
"""Seconds a client may take to accept each CHUNK of a response before it is dropped."""
CHUNK = 64 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")  # every address of the machine: its hostname is accepted
PLAIN = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


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


def address_name(address: str) -> str:
    """An address as a Host header writes it: IPv6 in brackets, IPv4-mapped as IPv4."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return address.lower()  # a name, as --bind gave it
    ip = getattr(ip, "ipv4_mapped", None) or ip
    return f"[{ip}]" if ip.version == 6 else str(ip)


def bound_names(bind: str) -> tuple[str, ...]:
    """What a Host header may name (with the port) for a server bound to `bind`: the loopback
    names, the bound address and, bound to every address, the machine's hostname."""
    hostname = (socket.gethostname().lower(),) if bind in WILDCARDS else ()
    return (*LOOPBACK_NAMES, address_name(bind), *hostname)


def addressed_to(hosts: list[str], names: Iterable[str], port: int) -> bool:
    """Is there one Host header, naming one of `names` with `port` (or bare, on port 80)?"""
    accepted = {f"{name}:{port}" for name in names} | (set(names) if port == 80 else set())
    return len(hosts) == 1 and hosts[0].strip().lower() in accepted


def same_origin(origins: list[str], host: str) -> bool:
    """No Origin header (a same-origin EventSource sends none), or the page's own."""
    return [origin.strip().lower() for origin in origins] in ([], [f"http://{host.lower()}"])


def build_number(query: str) -> int | None:
    """`since` in the events URL's query: 0 when absent, None when not a build number."""
    text = parse_qs(query, keep_blank_values=True).get("since", ["0"])[0] or "0"
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def site_file(site: Path, path: str) -> Path | None:
    """The built file a URL path names; None for anything else (`..`, NUL, outside)."""
    parts = [part for part in unquote(path).split("/") if part not in ("", ".")]
    if any(part == ".." or "\x00" in part or "\\" in part for part in parts):
        return None
    try:
        local = site.joinpath(*parts)
        local = local / "index.html" if local.is_dir() else local
        if local.is_file() and local.resolve().is_relative_to(site.resolve()):
            return local
    except (OSError, ValueError):  # a name too long, a folder a rebuild is replacing
        pass
    return None


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


class DeadlineReader(io.RawIOBase):
    """A socket's input that gives up (TimeoutError) once `deadline` (monotonic) passes."""

    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self.sock, self.deadline = sock, 0.0  # 0: none

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.deadline:  # what has arrived is read even when late: only waiting ends
            self.sock.settimeout(max(self.deadline - time.monotonic(), 0.001))
        return self.sock.recv_into(buffer)


class Server(http.server.ThreadingHTTPServer):
    """serve's HTTP server: a thread a connection; one line, never a traceback, for a fault."""

    daemon_threads = True
    header_timeout = HEADER_TIMEOUT
    names: tuple[str, ...] = LOOPBACK_NAMES  # what a Host header may name, with the port

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, Exception) and not isinstance(error, OSError):  # OSError: gone
            print(f"serve: could not answer a request: {describe(error)}", file=sys.stderr)


class IPv6Server(Server):
    address_family = socket.AF_INET6


def make_handler(site: Path, state: BuildState) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        """Answers GET and HEAD addressed to this server, with files of the built site only."""

        server: Server
        server_version = "briefing-serve"
        error_message_format = "%(code)d %(message)s: %(explain)s\n"
        error_content_type = PLAIN
        default_request_version = "HTTP/1.0"  # a status line even to a garbled request

        def setup(self) -> None:
            super().setup()
            self.rfile.close()  # read through the deadline instead
            self.reader = DeadlineReader(self.connection)
            self.rfile = io.BufferedReader(self.reader)

        def log_message(self, format: str, *args: object) -> None:
            pass  # a client's mistakes (and http.server's log_error) are not for the terminal

        def handle_one_request(self) -> None:
            """One request, its headers read before the deadline; a client gone ends quietly."""
            self.reader.deadline = time.monotonic() + self.server.header_timeout
            try:
                super().handle_one_request()  # TimeoutError: dropped, silently
            except ConnectionError:
                self.close_connection = True

        def parse_request(self) -> bool:
            """The request line and headers; False once answered: malformed, addressed to
            another host, or neither GET nor HEAD."""
            if not super().parse_request():
                return False
            self.reader.deadline = 0.0
            self.connection.settimeout(SEND_TIMEOUT)
            if not self.addressed_here():
                self.refuse(HTTPStatus.MISDIRECTED_REQUEST, "the Host header must name this "
                            "server (127.0.0.1, localhost or [::1], with its port)")
            elif self.command not in ("GET", "HEAD"):
                self.refuse(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD",
                            [("Allow", "GET, HEAD")])
            else:
                return True
            return False

        def addressed_here(self) -> bool:
            """Does the Host header name this server, as bound or as reached, and its port?"""
            names = (*self.server.names, address_name(self.connection.getsockname()[0]))
            return addressed_to(self.headers.get_all("Host") or [], names,
                                self.server.server_address[1])

        def do_GET(self) -> None:
            path, _, query = self.path.partition("#")[0].partition("?")
            if not path.startswith("/"):
                self.refuse(HTTPStatus.BAD_REQUEST, "give a path, not an address")
            elif path == EVENTS_PATH:
                self.send_events(query)
            elif path == SCRIPT_PATH:
                self.send_bytes(200, "text/javascript; charset=utf-8", RELOAD_JS)
            elif path == OVERLAY_PATH:
                self.send_bytes(200, "text/css; charset=utf-8", OVERLAY_CSS)
            elif not state.has_site:
                self.send_bytes(500, HTML, error_page(state))
            else:
                self.send_file(site_file(site, path))

        do_HEAD = do_GET

        def send_file(self, local: Path | None) -> None:
            try:
                data = local.read_bytes() if local else (site / "404.html").read_bytes()
            except OSError:  # a file or the 404 page a rebuild is replacing
                self.refuse(HTTPStatus.NOT_FOUND, "no such file in the site")
                return
            if local is None or local.suffix == ".html":
                self.send_bytes(200 if local else 404, HTML, decorate(data, state))
            else:
                kind = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
                self.send_bytes(200, kind, data)

        def refuse(self, status: HTTPStatus, why: str,
                   headers: Iterable[tuple[str, str]] = ()) -> None:
            """A short plain-text answer, never a page of the site."""
            self.send_bytes(status, PLAIN, f"{status.value} {status.phrase}: {why}\n".encode(),
                            headers)

        def send_bytes(self, status: int, kind: str, data: bytes,
                       headers: Iterable[tuple[str, str]] = ()) -> None:
            self.send_response(status)
            for name, value in (("Content-Type", kind), ("Content-Length", str(len(data))),
                                ("Cache-Control", "no-store"), *headers):
                self.send_header(name, value)
            self.end_headers()
            view = memoryview(data) if self.command != "HEAD" else memoryview(b"")
            for start in range(0, len(view), CHUNK):  # SEND_TIMEOUT applies to each
                self.wfile.write(view[start:start + CHUNK])

        def send_events(self, query: str) -> None:
            """Server-Sent Events: one message once a build newer than `since` exists."""
            since = build_number(query)
            if not same_origin(self.headers.get_all("Origin") or [], self.headers["Host"].strip()):
                self.refuse(HTTPStatus.FORBIDDEN, "another site may not follow these events")
                return
            if since is None:
                self.refuse(HTTPStatus.BAD_REQUEST, "since: give a build number")
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            while self.command != "HEAD":
                generation = state.wait_past(since, timeout=15)
                if generation > since:
                    self.wfile.write(b"data: reload\n\n")
                    return
                self.wfile.write(b": still here\n\n")  # notices closed connections

    return Handler


class CannotListen(Exception):
    """The address cannot be listened on (a port in use, an address not of this machine)."""


def listen(host: str, port: int, handler: type[http.server.BaseHTTPRequestHandler],
           header_timeout: float = HEADER_TIMEOUT) -> Server:
    """A server on host:port for the handler; CannotListen when the address is taken."""
    server_class = IPv6Server if ":" in host else Server
    try:
        server = server_class((host, port), handler)
    except OSError as error:
        reason = error.strerror or str(error)
        hint = ("another program uses it: stop it, or pass another --port (0 picks a free one)"
                if error.errno == errno.EADDRINUSE else "check --bind and --port")
        raise CannotListen(f"cannot listen on {host}:{port}: {reason} ({hint})") from None
    server.names = bound_names(host)
    server.header_timeout = header_timeout
    return server
