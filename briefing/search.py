"""Stage 4, render (its last step): the search index of the rendered pages, in memory.

Pagefind (an optional dependency, `pip install 'briefing[search]'`, which ships its
program) indexes the rendered pages in a private temporary folder, and its index comes
back as path -> bytes under pagefind/, beside the pages. Search is an enhancement:
search.html loads it with the site's one script, every other page stays without script.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from .problems import ContentError, Position, Problem

FOLDER = "pagefind"
"""Where the index and Pagefind's own scripts go in the output."""
SCRIPT = "search.js"
"""The theme's static script that starts Pagefind's UI on search.html; left out of
a site without search."""
NOT_INDEXED = ("404.html", "search.html")
"""Pages no search should lead to."""
CONFIG = {"root_selector": "main",
          "exclude_selectors": ["nav", ".updated", ".permalink", ".backlinks"]}
"""Index each page's main content, not its header, navigation or footer, nor the words
every entry repeats (permalinks) or repeats from another page (the sources' back-links)."""


def search_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The Pagefind index of the HTML pages among `files`, as path -> bytes."""
    pages = {path: html for path, html in sorted(files.items())
             if path.endswith(".html") and "/" not in path and path not in NOT_INDEXED}
    try:
        from pagefind.service import get_executable

        program = get_executable()
        if program is None or not program.is_file():
            raise FileNotFoundError(f"no Pagefind program at {program}")
        return indexed(program, pages)
    except (ImportError, FileNotFoundError, PermissionError) as error:
        raise ContentError([Problem(
            Position("site.yml"), f"search is on but Pagefind cannot run ({error})",
            "pip install 'briefing[search]', or set 'search: off' in site.yml")]) from None


def indexed(program: Path, pages: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files for `pages` (file name -> HTML).

    Its program indexes a folder: the pages are written into a private temporary one,
    indexed in one run, and the index read back. (Its Python client, which takes pages
    one by one, spends about 0.1 s on each: 19 s for the 190 pages of a briefing of
    1,000 events, against well under a second here.)"""
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as folder:
        root = Path(folder)
        (root / "site").mkdir()
        for name, html in pages.items():
            (root / "site" / name).write_bytes(html)
        config = {**CONFIG, "site": "site", "output_path": "index"}
        (root / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        ran = subprocess.run([str(program), "--silent"], cwd=root, capture_output=True,
                             text=True, check=False)
        if ran.returncode != 0:
            raise ContentError([Problem(Position("site.yml"), "Pagefind could not index the "
                                        f"site: {(ran.stderr or ran.stdout).strip()[:500]}",
                                        "set 'search: off' in site.yml to build without it")])
        index = root / "index"
        return {f"{FOLDER}/{path.relative_to(index).as_posix()}": path.read_bytes()
                for path in sorted(index.rglob("*")) if path.is_file()}
