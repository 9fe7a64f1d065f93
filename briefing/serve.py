"""`build.py serve`: build, serve on 127.0.0.1, rebuild on change, reload open pages.

The site is built into a private temporary folder (never output/), through the same
pipeline as `build`, with a cache (cache.py) so a rebuild parses and renders again
only what changed; serve_http.py answers the requests. When a rebuild fails, the last
good build keeps being served with the problems shown on top of it; the next good
build removes them.
"""

from __future__ import annotations

import http.server
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchfiles

from .cache import Cache
from .pipeline import Options, build
from .problems import ContentError
from .serve_http import HEADER_TIMEOUT, BuildState, listen, make_handler

STEP_MS = 2
"""watchfiles hands over a batch of changes once none has come for this long: the delay
between a save and the start of its rebuild (a save is one or two writes, well within it)."""


def watched_paths(project: Path) -> list[Path]:
    return [p for p in (project / "site.yml", project / "content", project / "templates")
            if p.exists()]


class Stopped(BaseException):
    """SIGTERM. A BaseException, like KeyboardInterrupt: socketserver catches Exception
    around each request, so a SIGTERM landing there would otherwise be logged and lost."""


def _stop(signum: int, frame: object) -> None:
    raise Stopped


def serve(project: Path, host: str, port: int, drafts: bool, echo: Callable[[str], None],
          header_timeout: float = HEADER_TIMEOUT) -> None:
    """Serve until interrupted; prints the address, then each rebuild's outcome. Raise
    CannotListen, having built and left nothing, when the address is taken."""
    state = BuildState()
    workdir = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    try:
        server = listen(host, port, make_handler(workdir / "site", state), header_timeout)
        run_server(server, project, workdir / "site", state, drafts, echo)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_server(server: http.server.ThreadingHTTPServer, project: Path, site: Path,
               state: BuildState, drafts: bool, echo: Callable[[str], None]) -> None:
    """Build, then serve and rebuild on every change until interrupted."""
    cache = Cache()  # parsed files and rendered Markdown, by their text

    def rebuild() -> None:
        started = time.perf_counter()
        try:
            result = build(project, site, Options(drafts=drafts), cache=cache)
        except ContentError as error:
            cache.end_build(complete=False)
            for problem in error.problems:
                echo(str(problem))
            echo("rebuild failed: still serving the last good build")
            state.record(error.problems, built=False)
            return
        cache.end_build()
        for problem in result.warnings:
            echo(str(problem))
        state.record(result.warnings, built=True)
        elapsed = (time.perf_counter() - started) * 1000
        echo(f"rebuilt {len(result.files)} files in {elapsed:.0f} ms (build {state.generation})")

    rebuild()
    stop = threading.Event()

    watching = threading.Event()

    def watch() -> None:
        # yield_on_timeout: an empty set arrives once the watches are in place, so the
        # address is printed only when a save can no longer be missed.
        for changes in watchfiles.watch(*watched_paths(project), stop_event=stop, debounce=200,
                                        step=STEP_MS, rust_timeout=100, yield_on_timeout=True):
            watching.set()
            if changes:
                rebuild()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    watching.wait(timeout=30)
    signal.signal(signal.SIGTERM, _stop)  # before the address is printed and used
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in str(host) else host
    echo(f"serving {project} at http://{shown}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except (KeyboardInterrupt, Stopped):
        echo("stopped")
    finally:
        stop.set()
        watcher.join(timeout=5)  # let watchfiles' Rust loop end before the interpreter does
        server.server_close()
