"""Parallel, serial and cached builds write byte-identical output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import briefing.python_markdown
from briefing.markdown_render import plain_paragraphs
from build import Caches, build
from tests.conftest import ROOT, tree

EVENTS = 400  # more Markdown texts than PARALLEL_FROM, so the plain build forks
BODY = "Body {} with _emphasis_ [@paper-b via Wire] and [@wire-a]."
"""Underscores: the fast path declines it, so every body goes to Python-Markdown."""


def many_events(make_site) -> Path:
    lines = ["events:"]
    for n in range(EVENTS):
        lines += [f"  - id: e{n}", f"    date: 2025-{n % 12 + 1:02}-{n % 27 + 1:02}",
                  f"    title: Event {n}", "    status: reported", "    sources: [wire-a]",
                  f"    body: {BODY.format(n)}"]
    return make_site({"content/data/many.yml": "\n".join(lines) + "\n"})


def test_parallel_serial_and_cached_builds_are_byte_identical(make_site, tmp_path,
                                                              monkeypatch):
    site = many_events(make_site)
    assert EVENTS > briefing.python_markdown.PARALLEL_FROM
    assert plain_paragraphs(BODY.format(1)) is None
    # A process of its own has no other thread, so it renders Markdown on all cores.
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--project", str(site),
                    "--out", str(tmp_path / "parallel")], check=True, capture_output=True)

    monkeypatch.setattr(briefing.python_markdown, "PARALLEL_FROM", 10**9)
    build(site, tmp_path / "serial")
    caches = Caches()
    build(site, tmp_path / "cached", caches=caches)
    events = site / "content/data/many.yml"
    original = events.read_text()
    events.write_text(original.replace("title: Event 7\n", "title: Event seven\n"))
    build(site, tmp_path / "cached", caches=caches)
    events.write_text(original)
    build(site, tmp_path / "cached", caches=caches)
    assert caches.markdown and caches.parsed, "the caches were used"

    expected = tree(tmp_path / "parallel")
    assert tree(tmp_path / "serial") == expected
    assert tree(tmp_path / "cached") == expected
    assert b"Body 399 with <em>emphasis</em>" in expected["timeline.html"]
