"""Every way through a build writes the same bytes: Markdown rendered on several cores or
on one, with serve's cache or without, templates compiled now or taken from .cache/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import briefing.markdown_render
from briefing.cache import Cache
from briefing.markdown_render import plain_paragraphs
from briefing.pipeline import build, render_project
from briefing.problems import ContentError
from tests.conftest import ROOT, tree

EVENTS = 400  # more Markdown texts than PARALLEL_FROM, so a build in its own process forks
BODY = "Body {} with _emphasis_ [@paper-b via Wire] and [@wire-a]."
"""Underscores: the fast path declines it, so every body goes to Python-Markdown."""


def many_events(make_site) -> Path:
    lines = ["events:"]
    for n in range(EVENTS):
        lines += [f"  - id: e{n}", f"    date: 2025-{n % 12 + 1:02}-{n % 27 + 1:02}",
                  f"    title: Event {n}", "    status: reported", "    sources: [wire-a]",
                  f"    body: {BODY.format(n)}"]
    return make_site({"content/data/many.yml": "\n".join(lines) + "\n"})


def build_in_own_process(site: Path, out: Path) -> None:
    """A process of its own has no other thread, so it renders Markdown on every core."""
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--project", str(site),
                    "--out", str(out)], check=True, capture_output=True)


def test_parallel_serial_and_cached_builds_are_byte_identical(make_site, tmp_path,
                                                              monkeypatch):
    site = many_events(make_site)
    assert EVENTS > briefing.markdown_render.PARALLEL_FROM
    assert plain_paragraphs(BODY.format(1)) is None
    build_in_own_process(site, tmp_path / "parallel")

    monkeypatch.setattr(briefing.markdown_render, "PARALLEL_FROM", 10**9)
    build(site, tmp_path / "serial")
    cache = Cache()
    build(site, tmp_path / "cached", cache=cache)
    cache.end_build()
    events = site / "content/data/many.yml"
    original = events.read_text()
    events.write_text(original.replace("title: Event 7\n", "title: Event seven\n"))
    build(site, tmp_path / "cached", cache=cache)
    cache.end_build()
    events.write_text(original)
    build(site, tmp_path / "cached", cache=cache)

    expected = tree(tmp_path / "parallel")
    assert tree(tmp_path / "serial") == expected
    assert tree(tmp_path / "cached") == expected
    timeline = b"".join(html for name, html in expected.items() if name.startswith("timeline"))
    assert b"Body 399 with <em>emphasis</em>" in timeline


def test_compiled_templates_give_the_same_bytes_and_can_be_deleted(make_site, tmp_path):
    """.cache/ holds Jinja's compiled templates: a build with them, one that makes them, and
    one after they are deleted all write the same files."""
    site = make_site()
    build(site, tmp_path / "first")
    assert any((site / ".cache" / "jinja").iterdir()), "compiled templates are kept"
    build(site, tmp_path / "second")
    shutil.rmtree(site / ".cache")
    build(site, tmp_path / "third")
    assert tree(tmp_path / "first") == tree(tmp_path / "second") == tree(tmp_path / "third")


def test_an_edited_template_is_used_though_an_older_compiled_one_is_kept(make_site):
    site = make_site()
    render_project(site)
    template = site / "templates" / "timeline.html"
    template.write_text(template.read_text().replace("{% block main %}",
                                                     "{% block main %}<p>EDITED</p>"))
    assert b"<p>EDITED</p>" in render_project(site).files["timeline.html"]


def test_a_template_mistake_is_reported_at_its_line(make_site):
    site = make_site()
    render_project(site)  # compiled and kept in .cache/ first
    template = site / "templates" / "_event.html"
    lines = template.read_text().splitlines()
    lines[4] += "{{ event.no_such_field }}"
    template.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError) as raised:
        render_project(site)
    assert [str(p.where) for p in raised.value.problems] == ["templates/_event.html:5:1"]


def test_a_failed_build_under_serve_keeps_what_the_next_one_needs(make_site):
    """After a content error, serve's next good build is still what a cold build gives."""
    site = make_site()
    cache = Cache()
    first = render_project(site, cache=cache).files
    cache.end_build()
    sources = site / "content/data/sources.yml"
    good = sources.read_text()
    sources.write_text(good + "  - broken: [\n")
    with pytest.raises(ContentError):
        render_project(site, cache=cache)
    cache.end_build(complete=False)
    sources.write_text(good)
    assert render_project(site, cache=cache).files == first == render_project(site).files
