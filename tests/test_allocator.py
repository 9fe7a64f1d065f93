"""serve keeps the memory a rebuild frees for the next one (glibc's malloc thresholds)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

FAULTS = """
import json, resource, sys
from briefing import allocator

if sys.argv[1] == "keep":
    assert allocator.keep_freed_memory()

def faults(size):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    block = bytearray(size)  # zero-filled: every page is written
    after = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    del block
    return after - before

print(json.dumps([faults(20 * 2**20) for _ in range(2)]))
"""
"""Page faults of making a 20 MB block, freeing it, then making one again, in a process of
its own (what malloc has learnt from earlier blocks would change the figures)."""


def block_faults(mode: str) -> list[int]:
    done = subprocess.run([sys.executable, "-c", FAULTS, mode], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def test_a_freed_block_is_kept_for_the_next_one():
    """Told to keep freed memory, the second block reuses the first's pages: next to no
    page faults, where by default the block went back to the system and faulted again."""
    first, second = block_faults("default")
    assert first > 4000 and second > first * 0.9  # 20 MB is 5,120 pages of 4 kB
    first, second = block_faults("keep")
    assert first > 4000 and second < first * 0.01
