"""The tiny fixture site builds to exactly the files in tests/golden/tiny/.

On a deliberate output change, regenerate with `make golden` and review the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.conftest import tree
from tests.regen_golden import GOLDEN, build_tiny


def test_tiny_site_matches_golden_output(tmp_path: Path) -> None:
    build_tiny(tmp_path / "out")
    built, expected = tree(tmp_path / "out"), tree(GOLDEN)
    assert sorted(built) == sorted(expected), "a file was added or removed; see `make golden`"
    for name, data in expected.items():
        if built[name] != data:
            diff = difflib.unified_diff(
                data.decode().splitlines(), built[name].decode().splitlines(),
                f"golden/{name}", f"built/{name}", lineterm="")
            raise AssertionError("output differs from golden (`make golden` to accept):\n"
                                 + "\n".join(diff))
