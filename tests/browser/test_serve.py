"""`build.py serve` in a real browser: live reload, the error overlay, and recovery."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, TINY

EVENTS = "content/data/timeline.yml"
BRIEF = "content/brief/what-happened.md"


class Served:
    """A running `build.py serve` on a copy of the tiny site."""

    def __init__(self, site: Path):
        self.site = site
        self.process = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--project", str(site), "--port", "0"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.url = self.wait_for_line(r"at (http://127\.0\.0\.1:\d+/)")[1]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, seconds: float = 20) -> re.Match:
        """The first printed line matching pattern, waiting up to a deadline."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"serve never printed {pattern!r}")

    def write(self, name: str, text: str) -> None:
        (self.site / name).write_text(text, encoding="utf-8")

    def stop(self) -> None:
        self.process.terminate()
        stopped = True
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stopped = False
            self.process.kill()
            self.process.wait(timeout=10)
        self.reader.join(timeout=10)  # the pipe ends when the process does
        assert self.process.stdout is not None
        self.process.stdout.close()
        assert stopped, "serve did not stop within 10 s of SIGTERM"
        assert self.process.returncode == 0


@pytest.fixture
def served(make_site) -> Iterator[Served]:
    running = Served(make_site())
    yield running
    running.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_an_edit_shows_in_the_open_page_without_a_manual_reload(served, page):
    page.goto(served.url + "index.html")
    heading = page.locator("#brief-what-happened")
    assert heading.inner_text() == "What happened"
    served.write(BRIEF, (TINY / BRIEF).read_text().replace("title: What happened",
                                                          "title: What changed"))
    # A locator wait (not wait_for_function: the page's CSP forbids eval, as it should).
    heading.filter(has_text="What changed").wait_for(timeout=15000)
    served.wait_for_line(r"rebuilt \d+ files")


def test_a_broken_file_shows_an_error_page_and_fixing_it_recovers(served, page):
    page.goto(served.url + "timeline.html")
    good = (TINY / EVENTS).read_text()
    served.write(EVENTS, good.replace("    title: A day event", "    title: [A day event"))
    overlay = page.locator("#briefing-build-error")
    overlay.wait_for(state="visible", timeout=15000)
    assert re.search(r"content/data/timeline\.yml:\d+:\d+: YAML syntax error",
                     overlay.inner_text())
    assert page.locator("h1").inner_text() == "Tiny timeline", "the last good build stays"
    served.wait_for_line("rebuild failed: still serving the last good build")

    served.write(EVENTS, good.replace("A day event", "A fixed event"))
    overlay.wait_for(state="detached", timeout=15000)
    page.get_by_role("heading", name="A fixed event").wait_for(timeout=15000)


def test_the_reload_script_is_added_when_served_and_never_written(served, make_site, tmp_path):
    with urllib.request.urlopen(served.url + "index.html", timeout=10) as response:
        served_html = response.read().decode()
    assert '<script src="/__briefing/reload.js"' in served_html
    assert not (served.site / "output").exists(), "serve does not touch output/"
    from briefing.pipeline import build

    build(make_site(name="plain"), tmp_path / "out")
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"__briefing" not in path.read_bytes(), path.name


@pytest.mark.parametrize("path", ["../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd",
                                  "..%2f..%2fetc%2fpasswd", "nope.html"])
def test_serve_answers_only_with_files_of_the_site(served, path):
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(served.url + path, timeout=10).close()
    with answer.value as response:
        assert response.code == 404
        assert b"root:" not in response.read()


def test_a_save_right_after_the_address_is_printed_is_not_missed(served):
    served.write(BRIEF, (TINY / BRIEF).read_text().replace("What happened", "At once"))
    served.wait_for_line(r"rebuilt \d+ files in \d+ ms \(build 2\)")


def test_serve_leaves_the_search_index_out_and_the_search_page_says_so(make_site, page):
    """An index took most of a rebuild's time (1.6 of 2.7 s at 5,000 events): `serve`
    makes every page, search.html included, but not the index, and says so there."""
    site = make_site({"site.yml": (TINY / "site.yml").read_text() + "search: on\n"})
    running = Served(site)
    try:
        page.goto(running.url + "search.html")
        page.locator(".search-unindexed").wait_for(state="visible", timeout=15000)
        assert "build" in page.locator(".search-unindexed").inner_text()
        assert page.request.get(running.url + "pagefind/pagefind-entry.json").status == 404
    finally:
        running.stop()
