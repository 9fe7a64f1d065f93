"""Python's cyclic garbage collector, paused while a one-off build runs.

A build makes millions of small objects (parsed YAML, the model, rendered strings)
and frees few of them before it ends. CPython's collector makes a full pass over
every live object each time the survivors grow by a quarter, so on a large briefing
it walks the whole heap again and again for nothing. What a build makes holds no
reference cycles worth reclaiming: peak memory is the same with the collector off.
So a one-off build pauses it; serve, which runs for hours, leaves it on.
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
