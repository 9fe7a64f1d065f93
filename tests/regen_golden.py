"""Rewrite tests/golden/tiny/ from the tiny fixture site: `make golden`.

Run it after a deliberate change to the templates or the generator, then read
`git diff tests/golden` before committing: the diff is the change users see.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from briefing.pipeline import Options, build
from tests.conftest import ROOT, write_site

GOLDEN = ROOT / "tests" / "golden" / "tiny"
GOLDEN_BASE_URL = "https://briefing.example/tiny/"


def build_tiny(out: Path) -> None:
    with tempfile.TemporaryDirectory() as temp:
        build(write_site(Path(temp) / "site"), out, Options(GOLDEN_BASE_URL))


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        fresh = Path(temp) / "out"
        build_tiny(fresh)
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(fresh, GOLDEN)
    print(f"rewrote {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
