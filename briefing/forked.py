"""Run one step in a forked child process while this one goes on, on large projects.

A build is single-threaded Python; on a large briefing, checking the content takes
a fair share of the time, and building the model does not need its result (only to
know there are no errors before anything is written). A forked child starts with a
copy of everything this process has built so far, so nothing is sent to it; only
its result comes back, pickled through a pipe.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .problems import ContentError

T = TypeVar("T")

FORK_FROM = 2000
"""Entries in the fact sheets from which forking pays for itself (it costs a few ms)."""


def can_fork() -> bool:
    """Whether this process may fork: only while it runs no other thread (serve runs several)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def worth_forking(entries: int) -> bool:
    """Whether a project this large gains from a second process, and one can be forked."""
    return entries >= FORK_FROM and can_fork()


class Pending(Generic[T]):
    """The result of a step started by `start`, waited for by `result()`."""

    def __init__(self, pid: int = 0, pipe: int = -1, value: Any = None):
        self.pid, self.pipe, self.value = pid, pipe, value

    def wait(self) -> None:
        """Wait for the step to end, whatever its outcome: for a step run only for its side
        effects, which the caller can do without (a no-op once waited for)."""
        try:
            self.result()
        except Exception:  # what the step failed to do, the caller does itself
            return

    def result(self) -> T:
        """The step's value; its ContentError or its failure raised here."""
        if self.pid:
            import pickle

            with os.fdopen(self.pipe, "rb") as pipe:
                data = pipe.read()  # before waiting: a full pipe would block the child
            os.waitpid(self.pid, 0)
            self.pid = 0
            self.value = pickle.loads(data) if data else ("failed", "the helper process died")
        kind, value = self.value
        if kind == "raise":
            raise value
        if kind == "problems":
            raise ContentError(value)
        if kind == "failed":
            raise RuntimeError(f"a step run in a helper process failed:\n{value}")
        return value


def _outcome(step: Callable[..., T], args: tuple) -> tuple[str, Any]:
    try:
        return "value", step(*args)
    except ContentError as error:  # its problems, not the exception: it does not pickle
        return "problems", error.problems
    except Exception:
        import traceback

        return "failed", traceback.format_exc()


def start(step: Callable[..., T], *args: Any, fork: bool) -> Pending[T]:
    """step(*args) in a forked child when fork is true, else here and now."""
    if not fork:
        try:
            return Pending(value=("value", step(*args)))
        except Exception as error:  # raised again, as it is, by result()
            return Pending(value=("raise", error))
    import pickle  # here: the many builds that never fork do not pay for it

    read, write = os.pipe()
    # Frozen, the objects made so far are never visited by the child's garbage collector,
    # which would otherwise write to (and so copy) every page that holds one.
    gc.freeze()
    pid = os.fork()
    if pid:
        gc.unfreeze()
        os.close(write)
        return Pending(pid, read)
    gc.disable()  # the child: run the step, send its outcome, leave without cleanup
    os.close(read)
    try:
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(_outcome(step, args), pipe, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)
