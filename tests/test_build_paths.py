"""Parallel, serial and cached builds write byte-identical output."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import briefing.forked
import briefing.python_markdown
import briefing.validate
from briefing import templating
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
forks, children, real_start = [], [], forked.start

def start(step, *args, fork):
    pending = real_start(step, *args, fork=fork)
    if fork:
        forks.append(step.__name__)
        children.append(pending)
    return pending

forked.start = start
try:
    build(*map(__import__("pathlib").Path, sys.argv[1:3]))
    problems = []
except ContentError as error:
    problems = [str(p) for p in error.problems]
left = [child.pid for child in children if child.pid]  # not waited for
print(json.dumps({"forks": forks, "problems": problems, "left": left}))
"""
"""A build in a process of its own: pytest may be running threads, and then none forks.
It reports each step it forked, the problems, and any child it did not wait for."""


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
    compile_all(site)
    assert forked_build(site, tmp_path / "forked") == {"forks": ["validate"], "problems": [],
                                                       "left": []}
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
    compile_all(site)
    forked = forked_build(site, tmp_path / "forked")
    assert forked == {"forks": ["validate"], "problems": [str(p) for p in one.value.problems],
                      "left": []}
    assert not (tmp_path / "forked").exists()


def compile_all(site: Path) -> None:
    """Compile the site's templates into its bytecode cache, as its first build does."""
    env = templating.environment(site / "templates")
    templating.compile_templates(env, templating.uncompiled(env))
    assert templating.uncompiled(env) == []


def test_a_new_checkout_compiles_its_templates_in_a_child_and_writes_the_same(make_site,
                                                                              tmp_path):
    """With no compiled templates, a one-off build compiles them in a forked child while it
    reads the content; it writes what a build that compiles them itself writes, and the
    next build finds every template compiled and forks nothing."""
    site = make_site()
    env = templating.environment(site / "templates")
    assert len(templating.uncompiled(env)) == len(list((site / "templates").glob("*.html")))
    assert forked_build(site, tmp_path / "ahead") == {
        "forks": ["compile_templates"], "problems": [], "left": []}
    assert templating.uncompiled(env) == []
    assert forked_build(site, tmp_path / "again") == {"forks": [], "problems": [], "left": []}

    shutil.rmtree(site / ".cache")
    build(site, tmp_path / "itself", caches=Caches())  # serve's path: never forks
    assert tree(tmp_path / "ahead") == tree(tmp_path / "itself") == tree(tmp_path / "again")


def test_an_edited_template_is_compiled_by_the_build_itself(make_site, tmp_path):
    """Only a template with no compiled file is compiled ahead; one compiled from its
    older text is found out of date as it loads, and the build compiles it anew."""
    site = make_site()
    compile_all(site)
    page = site / "templates" / "404.html"
    page.write_text(page.read_text().replace("{% block main %}",
                                             "{% block main %}<p>Edited.</p>", 1))
    assert forked_build(site, tmp_path / "edited") == {"forks": [], "problems": [], "left": []}
    assert b"<p>Edited.</p>" in (tmp_path / "edited" / "404.html").read_bytes()


def test_a_template_mistake_is_reported_at_its_line_when_compiled_ahead(make_site, tmp_path):
    """The child leaves a template it cannot compile to the render stage, which reports it
    at its line as a build without the child does; a build that stops on a content error
    before rendering still waits for the child."""
    site = make_site()
    sources = site / "templates" / "sources.html"
    lines = sources.read_text().splitlines(keepends=True)
    sources.write_text("".join([*lines[:2], "{% if %}\n", *lines[2:]]))
    expected = "templates/sources.html:3:1: template syntax error"
    result = forked_build(site, tmp_path / "ahead")
    assert result["forks"] == ["compile_templates"] and result["left"] == []
    assert len(result["problems"]) == 1 and result["problems"][0].startswith(expected)
    with pytest.raises(ContentError) as itself:
        build(site, tmp_path / "itself", caches=Caches())
    assert result["problems"] == [str(p) for p in itself.value.problems]

    broken = make_site({"content/data/timeline.yml": "events: [\n"}, name="broken")
    result = forked_build(broken, tmp_path / "broken-out")
    assert result["forks"] == ["compile_templates"] and result["left"] == []
    assert result["problems"] and not (tmp_path / "broken-out").exists()


def test_nothing_is_compiled_ahead_while_other_threads_run(make_site):
    """fork is unsafe while another thread runs (serve's): then no child is started."""
    site = make_site()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert templating.compile_ahead(site / "templates") is None
    finally:
        stop.set()
        other.join()
    env = templating.environment(site / "templates")
    assert templating.uncompiled(env), "nothing was compiled, not even here"


def test_waiting_for_a_side_effect_step_ignores_its_failure():
    """wait() is for steps run only for their side effects: a failure does not raise."""
    pending = briefing.forked.start(int, "not a number", fork=True)
    pending.wait()
    assert pending.pid == 0
    with pytest.raises(RuntimeError, match="invalid literal for int"):
        pending.result()


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
    real_validate = briefing.validate.validate

    def validate(*args):
        seen.append(gc.isenabled())
        return real_validate(*args)

    monkeypatch.setattr(briefing.validate, "validate", validate)
    broken = edit_site("content/data/timeline.yml", "status: ", "status: rumoured-")
    assert gc.isenabled()
    build(make_site(name="one-off"), tmp_path / "one-off-out")
    assert gc.isenabled()
    build(make_site(name="served"), tmp_path / "served-out", caches=Caches())
    with pytest.raises(ContentError):
        build(broken, tmp_path / "broken")
    assert gc.isenabled()
    assert seen == [False, True, False]
