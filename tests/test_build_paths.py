"""Parallel, serial and cached builds write byte-identical output."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

import briefing.forked
import briefing.python_markdown
import build as build_module
from briefing.markdown_render import plain_paragraphs
from briefing.problems import ContentError, Position, Problem
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


FORKED_BUILD = """
import json, sys
import briefing.forked as forked
from briefing.problems import ContentError
from build import build

forked.FORK_FROM = 10
forks, real_start = [], forked.start

def start(step, *args, fork):
    if fork:
        forks.append(step.__name__)
    return real_start(step, *args, fork=fork)

forked.start = start
try:
    build(*map(__import__("pathlib").Path, sys.argv[1:3]))
    problems = []
except ContentError as error:
    problems = [str(p) for p in error.problems]
print(json.dumps({"forks": forks, "problems": problems}))
"""
"""A build in a process of its own: pytest may be running threads, and then none forks."""


def forked_build(site: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", FORKED_BUILD, str(site), str(out)],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def test_a_forked_build_writes_what_a_one_process_build_writes(make_site, tmp_path,
                                                                monkeypatch):
    """Large one-off builds check the content in a child process; the bytes must not change."""
    site = many_events(make_site)
    monkeypatch.setattr(briefing.forked, "FORK_FROM", 10**9)
    build(site, tmp_path / "one")
    assert forked_build(site, tmp_path / "forked") == {"forks": ["validate"], "problems": []}
    assert tree(tmp_path / "forked") == tree(tmp_path / "one")


def test_a_forked_build_reports_every_problem_and_writes_nothing(make_site, tmp_path,
                                                                 monkeypatch):
    """Errors found by the child that checks come back as the same problems, all of them."""
    site = many_events(make_site)
    events = site / "content/data/many.yml"
    broken = events.read_text().replace("sources: [wire-a]", "sources: [nowhere]", 3)
    events.write_text(broken.replace("date: 2025-05-05", "date: 2025-02-30", 1))
    monkeypatch.setattr(briefing.forked, "FORK_FROM", 10**9)
    with pytest.raises(ContentError) as one:
        build(site, tmp_path / "one")
    assert len([p for p in one.value.problems if not p.warning]) == 4
    forked = forked_build(site, tmp_path / "forked")
    assert forked == {"forks": ["validate"], "problems": [str(p) for p in one.value.problems]}
    assert not (tmp_path / "forked").exists()


def test_a_failing_child_is_reported_not_hidden():
    """A step that fails in the child raises in the parent, with the child's traceback."""
    pending = briefing.forked.start(int, "not a number", fork=True)
    with pytest.raises(RuntimeError, match="invalid literal for int"):
        pending.result()
    problems = [Problem(Position("a.yml", 2, 3), "bad"), Problem(Position("b.yml"), "worse")]
    pending = briefing.forked.start(raise_problems, problems, fork=True)
    with pytest.raises(ContentError) as raised:
        pending.result()
    assert raised.value.problems == problems
    assert briefing.forked.start(len, "four", fork=True).result() == 4


def raise_problems(problems):
    raise ContentError(problems)


def test_a_one_off_build_pauses_the_garbage_collector_and_serve_does_not(make_site,
                                                                         edit_site, tmp_path,
                                                                         monkeypatch):
    """The collector is off while a one-off build runs, on again after it (even when the
    content has errors), and left on for serve's builds."""
    seen = []
    real_validate = build_module.validate

    def validate(*args):
        seen.append(gc.isenabled())
        return real_validate(*args)

    monkeypatch.setattr(build_module, "validate", validate)
    broken = edit_site("content/data/timeline.yml", "status: ", "status: rumoured-")
    assert gc.isenabled()
    build(make_site(name="one-off"), tmp_path / "one-off-out")
    assert gc.isenabled()
    build(make_site(name="served"), tmp_path / "served-out", caches=Caches())
    with pytest.raises(ContentError):
        build(broken, tmp_path / "broken")
    assert gc.isenabled()
    assert seen == [False, True, False]
