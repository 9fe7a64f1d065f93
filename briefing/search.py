"""Stage 4, render (its last step): the search index of the rendered pages, in memory.

Pagefind (an optional dependency, `pip install 'briefing[search]'`) reads each page's
HTML as it is given, never a folder, and its index comes back as path -> bytes under
pagefind/, beside the pages. Search is an enhancement: search.html loads it with the
site's one script, every other page stays without script.
"""

from __future__ import annotations

import asyncio
import tempfile
from concurrent.futures import ThreadPoolExecutor
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
    pages = {path: html.decode("utf-8") for path, html in sorted(files.items())
             if path.endswith(".html") and "/" not in path and path not in NOT_INDEXED}
    try:
        # Pagefind's client is asyncio: on a thread of its own, so a build also works
        # from code already running an event loop (Playwright's sync API, a notebook).
        with ThreadPoolExecutor(max_workers=1) as thread:
            return thread.submit(asyncio.run, indexed(pages)).result()
    except (ImportError, FileNotFoundError) as error:  # no package, or no binary
        raise ContentError([Problem(
            Position("site.yml"), f"search is on but Pagefind cannot run ({error})",
            "pip install 'briefing[search]', or set 'search: off' in site.yml")]) from None


async def indexed(pages: dict[str, str]) -> dict[str, bytes]:
    """Pagefind's files for `pages` (file name -> HTML).

    Pagefind writes them, on leaving its context, into a private temporary folder they
    are read back from, rather than returning them through get_files(): pagefind
    1.5.2's Python client reads each reply with a 2 MiB limit, and a larger index (a
    briefing of some thousands of events) hangs it for good."""
    from pagefind.index import PagefindIndex

    with tempfile.TemporaryDirectory(prefix="briefing-search-") as folder:
        async with PagefindIndex(config={**CONFIG, "output_path": folder}) as index:
            await asyncio.gather(*(index.add_html_file(content=html, url=path)
                                   for path, html in pages.items()))
        return {f"{FOLDER}/{path.relative_to(folder).as_posix()}": path.read_bytes()
                for path in sorted(Path(folder).rglob("*")) if path.is_file()}
