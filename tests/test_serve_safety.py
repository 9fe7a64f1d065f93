"""`build.py serve` against clients that misbehave, and its ways out.

Every test starts a real `build.py serve --port 0` and talks to it over real sockets on
127.0.0.1. After each, the server must still answer a good request, its stderr must hold
no traceback, and SIGTERM must end it with exit code 0 and its temporary folder gone.
"""

from __future__ import annotations

import os
import queue
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import ROOT

HANG = 30.0
"""Seconds any one step may take before the test gives up: a guard, never a measure."""
SHORT = 1.0
"""The header timeout of the tests about slow clients (BRIEFING_SERVE_HEADER_TIMEOUT)."""
WITHIN = 9.0
"""How long a slow client may stay connected with SHORT configured: less than the 10 s
default, so a server ignoring the setting fails, and nine times SHORT, so a busy machine
does not."""
SECRET = "never-serve-this-7d1c"
SITE = {
    "site.yml": "title: Mine\ndescription: My own.\nlanguage: en\nupdated: 2026-01-01\n",
    "content/data/sheet.yml": (
        "sources:\n  - id: a\n    outlet: A\n    headline: H\n    published: 2026-01-01\n"
        "events:\n  - id: e\n    date: 2026-01-01\n    title: E\n    sources: [a]\n"
        "  - id: d\n    date: 2026-01-02\n    title: Unannounced merger\n    sources: [a]\n"
        "    draft: true\n"),
}
DRAFT = b"Unannounced merger"


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


def parse(raw: bytes) -> Answer:
    """An HTTP/1.x answer as read off the socket (status 0 when there was none)."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    found = re.match(r"HTTP/1\.[01] (\d{3}) ", lines[0])
    if not found:
        return Answer(0, {}, raw)
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return Answer(int(found[1]), {k.lower(): v for k, v in headers.items()}, body)


def read_until(sock: socket.socket, enough: Callable[[bytes], bool]) -> bytes:
    """What the server sends until enough(it so far), or it closes; HANG seconds at most in
    all (an events stream sends a line every 15 s: a timeout on each read would not end)."""
    received, deadline = b"", time.monotonic() + HANG
    while not enough(received):
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break  # a server that read less than was sent resets once it has answered
        except TimeoutError:
            raise AssertionError(f"no end after {HANG} s: {received[:300]!r}") from None
        if not chunk:
            break
        received += chunk
    return received


def closed(sock: socket.socket) -> bool:
    """Has the server closed this connection? (Waits up to the socket's timeout.)"""
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


class Served:
    """A running `build.py serve --port 0`, with its own TMPDIR and its output collected."""

    def __init__(self, site: Path, tmp: Path, header_timeout: float | str | None = None,
                 args: tuple[str, ...] = (), command: tuple[str, ...] = ("build.py",)):
        self.site, self.tmp = site, tmp
        tmp.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)}
        env.pop("BRIEFING_SERVE_HEADER_TIMEOUT", None)
        if header_timeout is not None:
            env["BRIEFING_SERVE_HEADER_TIMEOUT"] = str(header_timeout)
        self.process = subprocess.Popen(
            [sys.executable, "-X", "faulthandler", *command,  # faulthandler: see stop()
             "serve", "--project", str(site), "--port", "0", *args],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)  # a group of its own, as a terminal gives: see Ctrl+C
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        self.streams = (self.process.stdout, self.process.stderr)
        self.readers = [threading.Thread(target=self._read, args=(stream, put), daemon=True)
                        for stream, put in zip(self.streams, (self.lines.put, self.errors.append),
                                               strict=True)]
        for reader in self.readers:
            reader.start()
        self.port = 0

    def _read(self, stream, put: Callable[[str], None]) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    def wait_for_line(self, pattern: str) -> re.Match:
        """The next printed line matching pattern, within HANG seconds."""
        while True:
            try:
                line = self.lines.get(timeout=HANG)
            except queue.Empty:
                raise AssertionError(f"serve never printed {pattern!r}: {self.errors}") from None
            if found := re.search(pattern, line):
                return found

    def ready(self) -> Served:
        self.port = int(self.wait_for_line(r"at http://127\.0\.0\.1:(\d+)/ ")[1])
        return self

    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=HANG)

    def send(self, raw: bytes) -> Answer:
        """Send raw bytes and read the answer until the server closes the connection."""
        with self.connect() as sock:
            sock.sendall(raw)
            return parse(read_until(sock, lambda received: False))

    def get(self, path: str = "/", host: str | None = None, method: str = "GET",
            headers: str = "") -> Answer:
        host_line = f"Host: {self.host() if host is None else host}\r\n"
        return self.send(f"{method} {path} HTTP/1.1\r\n{host_line}{headers}"
                         "Connection: close\r\n\r\n".encode("latin-1"))

    def edit(self) -> None:
        """Change the content and wait for the rebuild."""
        sheet = self.site / "content" / "data" / "sheet.yml"
        sheet.write_text(sheet.read_text().replace("title: E\n", "title: Edited\n"))
        self.wait_for_line(r"rebuilt \d+ files .*\(build 2\)")

    def folders(self) -> list[Path]:
        return sorted(self.tmp.glob("briefing-serve-*"))

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Send sig and wait for the end; the exit code. A process still running HANG
        seconds later is made to print where each of its threads is, and killed."""
        self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGABRT)  # -X faulthandler: every thread's stack
            self.process.wait(timeout=HANG)
            code = None
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=HANG)
            for reader, stream in zip(self.readers, self.streams, strict=True):
                reader.join(timeout=HANG)
                if not reader.is_alive():  # else a process serve forked holds the pipe:
                    stream.close()  # closing would wait for its reader, for ever
        assert code is not None, f"still running {HANG} s after {sig!r}:\n" + "\n".join(
            self.errors)
        return code

    def ended(self) -> int | None:
        """The exit code once the process ends by itself; None (it is killed) if it does not."""
        try:
            return self.process.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            return None
        finally:
            self.stop(signal.SIGKILL)

    def traceback_free(self) -> bool:
        return not any("Traceback" in line for line in self.errors)


@pytest.fixture
def launch(bare_site, tmp_path) -> Iterator[Callable[..., Served]]:
    """launch(files={}, **Served's options) -> a server starting; killed if a test fails."""
    launched: list[Served] = []

    def make(files: dict[str, str | bytes] | None = None, **options) -> Served:
        launched.append(Served(bare_site({**SITE, **(files or {})}), tmp_path / "tmp",
                               **options))
        return launched[-1]

    yield make
    for served in launched:
        if served.process.poll() is None:
            served.stop(signal.SIGKILL)


@pytest.fixture
def start(launch) -> Iterator[Callable[..., Served]]:
    """start(header_timeout=None, files={}, args=()) -> a ready server, checked afterwards."""
    running: list[Served] = []

    def make(header_timeout: float | None = None, files: dict[str, str | bytes] | None = None,
             args: tuple[str, ...] = ()) -> Served:
        running.append(launch(files, header_timeout=header_timeout, args=args).ready())
        return running[-1]

    yield make
    for served in running:
        still_serving_then_stops_cleanly(served)


def still_serving_then_stops_cleanly(served: Served, sig: int = signal.SIGTERM) -> None:
    """A good request answered; then sig ends the server with 0, no traceback, no folder."""
    assert served.folders(), "the temporary folder exists while serving"
    good = served.get("/")
    assert good.status == 200 and b"<html" in good.body, "a good request is still served"
    assert served.stop(sig) == 0
    assert served.traceback_free(), "\n".join(served.errors)
    assert served.folders() == [], "the temporary folder is removed"
    assert served.errors == [], "nothing a client did is worth a line on stderr"
    assert served.wait_for_line("stopped")


# --- The Host header: only this server's own names (DNS rebinding sends another) -------

@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:{port}", "127.0.0.1:{other}", "localhost:{other}",
    "[::1]:{other}", "", "127.0.0.1", "localhost.evil.example:{port}",
    "127.0.0.1.nip.io:{port}", "127.0.0.1:{port}@evil.example", "0.0.0.0:{port}",
    "127.0.0.1:{port}.evil.example", "127.0.0.1:{port} evil.example",
], ids=lambda host: host or "empty")
def test_a_host_not_naming_this_server_gets_421_and_no_page(start, host):
    served = start(args=("--drafts",))
    other = served.port + 1 if served.port < 65535 else served.port - 1
    answer = served.get("/", host=host.format(port=served.port, other=other))
    assert answer.status == 421
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert b"<html" not in answer.body and DRAFT not in answer.body
    assert answer.body.startswith(b"421 Misdirected Request")


def test_a_request_with_no_host_or_two_gets_421(start):
    served = start()
    for raw in (b"GET / HTTP/1.0\r\n\r\n", b"GET /\r\n\r\n",
                f"GET / HTTP/1.1\r\nHost: {served.host()}\r\nHost: evil.example\r\n\r\n"
                .encode()):
        answer = served.send(raw)
        assert b"421 Misdirected Request" in answer.body, raw
        assert b"<html" not in answer.body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}",
                                  "[::1]:{port}", " localhost:{port} "])
def test_a_host_naming_this_server_is_answered(start, host):
    served = start(args=("--drafts",))
    answer = served.get("/timeline.html", host=host.format(port=served.port))
    assert answer.status == 200 and DRAFT in answer.body, "the draft the others could not see"


def test_dns_rebinding_reads_neither_pages_nor_events(start):
    """A page of evil.example whose name now points at 127.0.0.1: every request it makes
    is addressed to evil.example, so none is answered."""
    served = start(args=("--drafts",))
    host = f"evil.example:{served.port}"
    origin = f"Origin: http://{host}\r\n"
    for path in ("/", "/timeline.html", "/__briefing/events?since=0", "/__briefing/reload.js"):
        answer = served.get(path, host=host, headers=origin)
        assert answer.status == 421 and DRAFT not in answer.body, path


def test_an_absolute_address_as_the_target_is_refused(start):
    served = start()
    answer = served.get("http://evil.example/index.html")
    assert answer.status == 400 and b"<html" not in answer.body


# --- The events: not for other origins, and the query checked ---------------------------

@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:{other}",
                                    "https://127.0.0.1:{port}", "http://localhost:{port}"])
def test_the_events_refuse_another_origin(start, origin):
    served = start()
    other = served.port + 1 if served.port < 65535 else served.port - 1
    header = f"Origin: {origin.format(port=served.port, other=other)}\r\n"
    answer = served.get("/__briefing/events?since=1", headers=header)
    assert answer.status == 403 and b"text/event-stream" not in answer.body


@pytest.mark.parametrize("origin", [None, "http://127.0.0.1:{port}"])
def test_the_events_stream_to_their_own_page(start, origin):
    served = start()
    header = f"Origin: {origin.format(port=served.port)}\r\n" if origin else ""
    answer = served.get("/__briefing/events?since=0", headers=header)  # build 1 exists
    assert answer.status == 200 and answer.headers["content-type"] == "text/event-stream"
    assert answer.body == b"data: reload\n\n"


@pytest.mark.parametrize("query", ["since=x", "since=-1", "since=1.5", "since=%00",
                                   "since=%D9%A1", "since=" + "9" * 40, "since=1e3"])
def test_a_bad_query_string_gets_400(start, query):
    served = start()
    answer = served.get(f"/__briefing/events?{query}")
    assert answer.status == 400
    assert answer.body.startswith(b"400 Bad Request: since")


# --- Slow clients: dropped after the header timeout; the events stream stays -------------

def test_a_client_that_sends_nothing_is_dropped(start):
    served = start(header_timeout=SHORT)
    with served.connect() as idle:
        idle.settimeout(WITHIN)
        assert closed(idle)


def test_a_client_that_never_finishes_its_headers_is_dropped_and_others_are_served(start):
    served = start(header_timeout=SHORT)
    with served.connect() as slow:
        slow.sendall(f"GET / HTTP/1.1\r\nHost: {served.host()}\r\nX-Half: ".encode())
        assert served.get("/").status == 200, "another client is served meanwhile"
        slow.settimeout(WITHIN)
        assert closed(slow)


def test_headers_sent_a_byte_at_a_time_are_still_dropped(start):
    """The timeout bounds the whole of the headers, not each wait between two bytes."""
    served = start(header_timeout=SHORT)
    with served.connect() as slow:
        slow.sendall(f"GET / HTTP/1.1\r\nHost: {served.host()}\r\nX-Slow: ".encode())
        for _ in range(int(WITHIN / 0.1)):
            try:
                slow.sendall(b"a")
            except (BrokenPipeError, ConnectionResetError):
                break  # dropped
            if select.select([slow], [], [], 0.1)[0]:
                assert closed(slow)
                break
        else:
            pytest.fail("a client trickling its headers was never dropped")


def test_the_events_stream_outlives_the_header_timeout(start):
    served = start(header_timeout=SHORT)
    with served.connect() as events:
        events.sendall(f"GET /__briefing/events?since=1 HTTP/1.1\r\nHost: {served.host()}"
                       "\r\n\r\n".encode())
        assert events.recv(4096).startswith(b"HTTP/1.0 200 ")
        with served.connect() as slow:  # once it is dropped, the timeout has passed
            slow.settimeout(WITHIN)
            assert closed(slow)
        served.edit()
        assert b"data: reload\n\n" in read_until(events, lambda got: b"data: reload" in got)


# --- Malformed requests and methods --------------------------------------------------------

@pytest.mark.parametrize(("raw", "status"), [
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET\r\n\r\n", 400),
    (b"GET / HTTX/1.1\r\n\r\n", 400),
    (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
    (b"GET / HTTP/9.9\r\n\r\n", 505),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xff\x00\r\n\r\n", 400),  # TLS hello
    (b"GET / HTTP/1.1\r\nBroken header line\r\n\r\n", 421),  # no Host among the headers
    (b"\r\n", 0),  # an empty line: closed, no answer
])
def test_a_malformed_request_is_answered_plainly(start, raw, status):
    served = start()
    answer = served.send(raw)
    assert answer.status == status
    assert b"<html" not in answer.body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
                                    "BREW", "get"])
def test_methods_other_than_get_and_head_get_405(start, method):
    served = start()
    answer = served.get("/index.html", method=method, headers="Content-Length: 0\r\n")
    assert answer.status == 405
    assert answer.headers["allow"] == "GET, HEAD" and b"<html" not in answer.body


@pytest.mark.parametrize(("path", "status"), [("/", 200), ("/nope.html", 404),
                                              ("/__briefing/events?since=0", 200)])
def test_head_has_the_headers_and_no_body(start, path, status):
    served = start()
    answer = served.get(path, method="HEAD")
    assert answer.status == status and answer.body == b""
    assert answer.headers["content-type"]


# --- Paths: nothing outside the built site --------------------------------------------------

@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
    "/.%2e/secret.txt", "/..\\secret.txt", "/%2e%2e%5csecret.txt", "/../../secret.txt",
    "/%2e%2e/%2e%2e/secret.txt", "/%252e%252e/secret.txt", "//../secret.txt",
    "/" + "%2e%2e/" * 12 + "etc/passwd", "/%00", "/index.html%00.txt", "/index.html\x00",
    "/%2e%2e%00/secret.txt", "/" + "a" * 5000, "/" + "a/" * 3000,
])
def test_a_path_outside_the_site_or_impossible_gets_404(start, path):
    served = start()
    [workdir] = served.folders()
    for folder in (workdir, served.tmp):  # one and two levels above the built site
        (folder / "secret.txt").write_text(SECRET)
    answer = served.get(path)
    assert answer.status == 404
    assert SECRET.encode() not in answer.body and b"root:" not in answer.body


def test_a_very_long_url_gets_414(start):
    served = start()
    assert served.get("/" + "a" * 70000).status == 414


@pytest.mark.parametrize("headers", [f"X-Long: {'a' * 70000}\r\n",
                                     "".join(f"X-{n}: {n}\r\n" for n in range(150))],
                         ids=["one-long-header", "150-headers"])
def test_too_much_header_gets_431(start, headers):
    served = start()
    assert served.get("/", headers=headers).status == 431


# --- Clients that leave early ------------------------------------------------------------

BIG = 32 * 1024 * 1024
"""A file larger than the kernel's socket buffers can hold, so the server is still writing
when the client goes."""


def abort(sock: socket.socket) -> None:
    """Close with a reset (SO_LINGER 0), as a browser tab closed mid-download does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_a_client_gone_during_a_large_response(start):
    served = start(files={"templates/static/big.bin": b"\0" * BIG})
    for _ in range(3):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(HANG)
        sock.connect(("127.0.0.1", served.port))
        sock.sendall(f"GET /big.bin HTTP/1.1\r\nHost: {served.host()}\r\n\r\n".encode())
        assert sock.recv(4096).startswith(b"HTTP/1.0 200 ")
        abort(sock)
    assert served.get("/big.bin", method="HEAD").headers["content-length"] == str(BIG)


@pytest.mark.parametrize("path", ["/", "/__briefing/events?since=1"])
def test_a_client_gone_before_its_answer(start, path):
    served = start()
    sock = served.connect()
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {served.host()}\r\n\r\n".encode())
    abort(sock)


def test_an_events_client_gone_is_let_go_quietly(start):
    served = start()
    sock = served.connect()
    sock.sendall(f"GET /__briefing/events?since=1 HTTP/1.1\r\nHost: {served.host()}\r\n\r\n"
                 .encode())
    assert sock.recv(4096).startswith(b"HTTP/1.0 200 ")
    abort(sock)
    served.edit()  # the reload is written to a connection that is gone


# --- Every way out removes the temporary folder ----------------------------------------------

PATCHED = """
import sys, time
import briefing.serve as serve, watchfiles
{}
from briefing.cli import cli
cli(sys.argv[1:], prog_name="build.py")
"""
"""serve with a part replaced: a real process, failing where a test cannot make it fail."""


def patched(launch, code: str) -> Served:
    return launch(command=("-c", PATCHED.format(code)))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGHUP, signal.SIGTERM])
def test_each_stop_signal_ends_it_cleanly(launch, sig):
    served = launch().ready()
    still_serving_then_stops_cleanly(served, sig)


def test_a_second_sigterm_does_not_cut_the_cleanup_short(launch):
    served = launch().ready()
    served.process.send_signal(signal.SIGTERM)
    assert served.stop() == 0
    assert served.folders() == [] and served.traceback_free()


def test_sigterm_during_the_first_build(launch):
    served = patched(launch, "def build(*args, **kwargs):\n"
                                          "    print('building', flush=True)\n"
                                          "    time.sleep(600)\n"
                                          "serve.build = build")
    served.wait_for_line("^building$")
    assert served.folders(), "the temporary folder exists during the build"
    assert served.stop() == 0
    assert served.folders() == [] and served.errors == []


def test_ctrl_c_leaves_a_build_worker_to_serve(launch):
    """Ctrl+C reaches serve and the worker processes a large first build forks (see
    markdown_render.py): a worker neither prints a traceback nor stops serve itself (it
    would print "stopped" and remove the folder too); serve stops, the worker follows."""
    served = patched(launch, "import os\n"
                             "def build(*args, **kwargs):\n"
                             "    parent = os.getpid()\n"
                             "    if os.fork() == 0:\n"
                             "        print('working', flush=True)\n"
                             "        while os.getppid() == parent:\n"
                             "            time.sleep(0.05)\n"
                             "        os._exit(0)\n"
                             "    time.sleep(600)\n"
                             "serve.build = build")
    served.wait_for_line("^working$")
    assert served.folders(), "the temporary folder exists during the build"
    os.killpg(served.process.pid, signal.SIGINT)
    assert served.stop(0) == 0  # signal 0: nothing more is sent; the worker ends after
    assert served.errors == [] and served.folders() == []
    assert [served.lines.get(timeout=HANG), served.lines.qsize()] == ["stopped", 0]


def test_sigterm_ends_a_build_worker_quietly(launch):
    """A pool ends its workers with SIGTERM: a worker forked while serving ends at once and
    without a traceback (were it to ignore it, its pool would wait for ever)."""
    served = patched(launch, "import os\n"
                             "def build(*args, **kwargs):\n"
                             "    worker = os.fork()\n"
                             "    if worker == 0:\n"
                             "        time.sleep(600)\n"
                             "        os._exit(0)\n"
                             "    print('worker', worker, flush=True)\n"
                             "    status = os.waitpid(worker, 0)[1]\n"
                             "    print('ended', os.waitstatus_to_exitcode(status), flush=True)\n"
                             "    time.sleep(600)\n"
                             "serve.build = build")
    os.kill(int(served.wait_for_line(r"^worker (\d+)$")[1]), signal.SIGTERM)
    assert served.wait_for_line("^ended .*")[0] == f"ended {128 + signal.SIGTERM}"
    assert served.stop() == 0
    assert served.errors == [] and served.folders() == []


def test_an_exception_in_the_first_build_is_one_line_and_exit_1(launch):
    served = patched(launch, "def build(*args, **kwargs):\n"
                                          "    raise OSError(28, 'No space left on device')\n"
                                          "serve.build = build")
    assert served.ended() == 1
    assert served.errors == ["serve stopped: the first build failed: OSError: [Errno 28] "
                             "No space left on device"]
    assert served.folders() == []


def test_an_exception_in_a_later_build_keeps_the_last_good_one(launch):
    served = patched(launch, "real, calls = serve.build, []\n"
                                          "def build(*args, **kwargs):\n"
                                          "    calls.append(1)\n"
                                          "    if len(calls) > 1:\n"
                                          "        raise OSError(28, 'No space left')\n"
                                          "    return real(*args, **kwargs)\n"
                                          "serve.build = build").ready()
    sheet = served.site / "content" / "data" / "sheet.yml"
    sheet.write_text(sheet.read_text().replace("title: E\n", "title: Edited\n"))
    served.wait_for_line("serve: the build failed: OSError: .*No space left")
    served.wait_for_line("rebuild failed: still serving the last good build")
    page = served.get("/timeline.html")
    assert page.status == 200 and b"briefing-build-error" in page.body
    assert b"No space left" in page.body
    still_serving_then_stops_cleanly(served)


@pytest.mark.parametrize("when", ["at once", "later"])
def test_the_watcher_failing_stops_serve_with_one_line(launch, when):
    fail = "raise OSError(28, 'inotify watch limit reached')"
    code = (f"def watch(*paths, **kwargs):\n    {fail}\n" if when == "at once" else
            "def watch(*paths, stop_event, **kwargs):\n"
            "    yield set()\n"
            "    trigger = paths[0].parent / 'break-the-watcher'\n"
            "    while not trigger.exists() and not stop_event.is_set():\n"
            "        time.sleep(0.05)\n"
            f"    {fail}\n")
    served = patched(launch, code + "watchfiles.watch = watch")
    if when == "later":
        served.ready()
        assert served.get("/").status == 200
        (served.site / "break-the-watcher").touch()
    assert served.ended() == 1
    assert served.errors == [f"serve stopped: watching {served.site} for changes failed: "
                             "OSError: [Errno 28] inotify watch limit reached"]
    assert served.folders() == []


def test_content_errors_in_the_first_build_are_served_until_fixed(start):
    sheet = SITE["content/data/sheet.yml"]
    served = start(files={"content/data/sheet.yml": sheet.replace("title: E\n", "title: [E\n")})
    page = served.get("/")
    assert page.status == 500 and b"content/data/sheet.yml:" in page.body
    (served.site / "content" / "data" / "sheet.yml").write_text(sheet)
    served.wait_for_line(r"rebuilt \d+ files .*\(build 2\)")


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "1e9"])
def test_a_bad_header_timeout_setting_is_one_line_and_exit_2(launch, value):
    served = launch(header_timeout=value)
    assert served.ended() == 2
    assert served.traceback_free() and any("--header-timeout" in e for e in served.errors)
    assert served.folders() == []


# --- The rules themselves, for addresses a test may not listen on ----------------------------

@pytest.mark.parametrize(("bind", "host", "accepted"), [
    ("127.0.0.1", "127.0.0.1:8000", True),
    ("127.0.0.1", "localhost:8000", True),
    ("127.0.0.1", "{hostname}:8000", False),
    ("0.0.0.0", "{hostname}:8000", True),
    ("::", "{hostname}:8000", True),
    ("0.0.0.0", "{hostname}:8001", False),
    ("0.0.0.0", "evil.example:8000", False),
    ("192.0.2.7", "192.0.2.7:8000", True),
    ("192.0.2.7", "{hostname}:8000", False),
    ("2001:db8::7", "[2001:db8::7]:8000", True),
    ("::ffff:192.0.2.7", "192.0.2.7:8000", True),
])
def test_which_hosts_a_server_answers(bind, host, accepted):
    from briefing.serve_http import addressed_to, bound_names

    hostname = socket.gethostname()
    assert addressed_to([host.format(hostname=hostname)], bound_names(bind), 8000) is accepted


def test_on_port_80_the_port_may_be_left_out():
    from briefing.serve_http import addressed_to

    assert addressed_to(["localhost"], ["localhost"], 80)
    assert not addressed_to(["localhost"], ["localhost"], 8000)
