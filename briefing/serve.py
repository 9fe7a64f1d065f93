"""`build.py serve`: build, serve on 127.0.0.1, rebuild on change, reload open pages.

The site is built into a private temporary folder (never output/), through the same
pipeline as `build`, with a cache (cache.py) so a rebuild parses and renders again
only what changed, and leaves out the search index (most of a rebuild's time at
5,000 events: search.html says so); serve_http.py answers the requests. When a
rebuild fails, the last good build keeps being served with the problems shown on top
of it; the next good build removes them. The temporary folder is removed on every way
out: a stop signal, a build that fails for another reason than the content, a watcher
that fails.
"""

from __future__ import annotations

import os
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
from .problems import ContentError, Position, Problem
from .serve_http import HEADER_TIMEOUT, BuildState, Server, describe, listen, make_handler

STEP_MS = 2
"""watchfiles hands over a batch of changes once none has come for this long: the delay
between a save and the start of its rebuild (a save is one or two writes, well within it)."""
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


def watched_paths(project: Path) -> list[Path]:
    return [p for p in (project / "site.yml", project / "content", project / "templates")
            if p.exists()]


class Stopped(BaseException):
    """SIGINT, SIGTERM or SIGHUP. A BaseException, like KeyboardInterrupt: socketserver
    catches Exception around each request, so a signal landing there would be lost."""


class StopSignals:
    """While serving, the first stop signal raises Stopped; later ones wait for the cleanup.

    A build's worker processes (forked: see markdown_render.py) inherit the handler. There,
    SIGTERM (their pool ending them) ends them quietly, and SIGINT or SIGHUP (a terminal
    signalling the whole group) is left to serve, which ends the pool: a worker gone with
    its task would leave the build waiting for ever. Never SIG_IGN: a worker forked after
    would keep it, and outlive its pool."""

    def __init__(self) -> None:
        self.pid, self.stopping = os.getpid(), False
        self.previous = {each: signal.signal(each, self.handle) for each in STOP_SIGNALS}

    def handle(self, signum: int, frame: object) -> None:
        if os.getpid() != self.pid:
            if signum == signal.SIGTERM:
                os._exit(128 + signum)
            return
        if not self.stopping:
            self.stopping = True
            raise Stopped

    def restore(self) -> None:
        for each, action in self.previous.items():
            signal.signal(each, action)


class ServeFailed(Exception):
    """serve cannot go on: the first build or the watcher failed (not for the content)."""


def serve(project: Path, host: str, port: int, drafts: bool, echo: Callable[[str], None],
          header_timeout: float = HEADER_TIMEOUT) -> None:
    """Serve until SIGINT, SIGTERM or SIGHUP; print the address, then each rebuild's outcome.
    Raise CannotListen or ServeFailed; the temporary folder is removed on every way out."""
    signals = StopSignals()
    mask = getattr(signal, "pthread_sigmask", lambda how, signals: None)  # POSIX only
    workdir: Path | None = None
    try:
        mask(signal.SIG_BLOCK, STOP_SIGNALS)  # no folder made and not yet named
        try:
            workdir = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
        finally:
            mask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        state = BuildState()
        server = listen(host, port, make_handler(workdir / "site", state), header_timeout)
        run_server(server, project, workdir / "site", state, drafts, echo)
    except Stopped:
        echo("stopped")
    finally:
        signals.stopping = True  # a signal from here on waits for the folder to go
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
        signals.restore()


def run_server(server: Server, project: Path, site: Path, state: BuildState, drafts: bool,
               echo: Callable[[str], None]) -> None:
    """Build, then serve and rebuild on every change until stopped. Raise ServeFailed when
    the first build fails for another reason than the content, or watching fails."""
    cache = Cache()  # parsed files and rendered Markdown, by their text

    def rebuild(first: bool = False) -> None:
        started = time.perf_counter()
        try:
            result = build(project, site, Options(drafts=drafts, search_index=False),
                           cache=cache)
        except Exception as error:
            if first and not isinstance(error, ContentError):
                raise ServeFailed(f"the first build failed: {describe(error)}") from None
            problems = getattr(error, "problems", None) or [
                Problem(Position("serve"), f"the build failed: {describe(error)}")]
            cache.end_build(complete=False)
            state.record(problems, built=False)  # before the lines: they say it is served
            for problem in problems:
                echo(str(problem))
            echo("rebuild failed: still serving the last good build")
            return
        cache.end_build()
        state.record(result.warnings, built=True)
        for problem in result.warnings:
            echo(str(problem))
        elapsed = (time.perf_counter() - started) * 1000
        echo(f"rebuilt {len(result.files)} files in {elapsed:.0f} ms (build {state.generation})")

    stop, watching, failure = threading.Event(), threading.Event(), []

    def watch() -> None:
        try:
            # yield_on_timeout: an empty set arrives once the watches are in place, so the
            # address is printed only when a save can no longer be missed.
            for changes in watchfiles.watch(*watched_paths(project), stop_event=stop,
                                            debounce=200, step=STEP_MS, rust_timeout=100,
                                            yield_on_timeout=True):
                watching.set()
                if changes:
                    rebuild()
            if not stop.is_set():
                raise RuntimeError("it ended")
        except Exception as error:
            failure.append(f"watching {project} for changes failed: {describe(error)}")
            threading.Thread(target=server.shutdown, daemon=True).start()
        finally:
            watching.set()

    watcher = threading.Thread(target=watch, daemon=True)
    try:
        rebuild(first=True)
        watcher.start()
        watching.wait(timeout=30)
        if not failure:
            host, port = server.server_address[:2]
            shown = f"[{host}]" if ":" in str(host) else host
            echo(f"serving {project} at http://{shown}:{port}/ (Ctrl+C to stop)")
            server.serve_forever()
    finally:
        stop.set()
        if watcher.ident is not None:
            watcher.join(timeout=60)  # a rebuild under way ends before its folder is removed
        server.server_close()
    if failure:
        raise ServeFailed(failure[0])
