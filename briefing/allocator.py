"""Keep the memory a serve rebuild frees for the next rebuild, instead of returning it.

Each rebuild makes the same large objects again (the timeline page, briefing.json: a
few MB at 1,000 events) and frees them at its end. glibc's malloc gives large freed
blocks back to the system, so the next rebuild's first write to each new page faults:
about 1,200 page faults a rebuild at 1,000 events, several ms on a virtual machine.
Raising its two thresholds keeps those blocks in the process for reuse. serve runs for
hours and holds its caches anyway, so the memory kept is not missed; a one-off build
frees everything at exit and is left as it is. Elsewhere (no glibc) this does nothing.
"""

from __future__ import annotations

import ctypes

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024
"""Blocks below this come from the heap, not from a mapping of their own (glibc's maximum)."""
TRIM_THRESHOLD = 256 * 1024 * 1024
"""Free memory at the top of the heap kept for reuse, up to this much."""


def keep_freed_memory() -> bool:
    """Tell glibc's malloc to keep freed blocks for reuse; False where it cannot be told."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
