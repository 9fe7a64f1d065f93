"""Python's cyclic garbage collector, paused while a one-off build runs.

A build makes millions of small objects (parsed YAML, the model, rendered strings)
and frees few of them before it ends. CPython's collector makes a full pass over
every live object each time the survivors grow by a quarter, so on a large briefing
it walks the whole heap again and again for nothing. What a build makes holds no
reference cycles worth reclaiming: peak memory is the same with the collector off.
So a one-off build pauses it.

serve runs for hours, so its builds pause the collector too but tidy up after each:
they collect the few cycles the build left (Jinja's) among the objects it made, then
freeze the survivors (its caches, mostly), so that later collections no longer walk
them. Without that, every few rebuilds one of them paid a full pass over the caches:
about 250 ms at 5,000 events.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block; the collector's state as it was after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def tidy_after_build() -> None:
    """After a paused build in a long-running process: collect the cycles it left, then
    keep what survives out of later collections (freed as usual once unused)."""
    gc.collect(0)  # everything made while paused is still in the youngest generation
    gc.freeze()
