"""Fixtures for the browser tests: the shipped site, built once, served over HTTP."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.pipeline import build
from tests.tools import CHROMIUM, CHROMIUM_FLAGS, ROOT, require

PAGES = sorted(p.name for p in (ROOT / "content" / "pages").glob("*.md"))
PAGES = [name.replace(".md", ".html") for name in PAGES]
"""Every page of the shipped briefing, one per content/pages/NAME.md."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped briefing, built as `make site` builds it (no base URL)."""
    out = tmp_path_factory.mktemp("browser") / "output"
    build(ROOT, out)
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A real HTTP server on a free loopback port, serving folder; yields its URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The built site on a real loopback server; yields its URL."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator:
    require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
