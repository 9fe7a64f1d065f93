"""serve's incremental rebuilds give byte for byte what a cold build gives, edit after edit.

A synthetic briefing (bench/generate.py) is edited the way writers edit: titles,
bodies, citations, dates, drafts, source labels, entries added, removed and moved,
broken YAML and its fix. After every edit the rebuild that reuses the caches of the
builds before it must equal a build from nothing, files or problems alike.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.cache import Cache
from briefing.pipeline import render_project
from briefing.problems import ContentError
from tests.conftest import ROOT

EDITS = 60
SEED = 20261122
CITED = "unnamed-blog-13"
"""A source of the generated site that edits add citations of."""


def generated_site(folder: Path, n: int) -> Path:
    subprocess.run([sys.executable, str(ROOT / "bench/generate.py"), str(n), str(folder)],
                   check=True, capture_output=True)
    return folder


def outcome(project: Path, cache: Cache | None = None) -> object:
    """The files of a build, or its problems when it fails; with serve's cache, kept
    for the next build as serve keeps it."""
    try:
        files = render_project(project, cache=cache).files
    except ContentError as error:
        if cache is not None:
            cache.end_build(complete=False)
        return [str(p) for p in error.problems]
    if cache is not None:
        cache.end_build()
    return files


def items(text: str) -> list[str]:
    """A sheet cut before each top-level '- ' line (the header stays with the first)."""
    return re.split(r"(?m)^(?=- )", text)


def edit_item(text: str, rng: random.Random, change: Callable[[str], str]) -> str:
    parts = items(text)
    index = rng.randrange(1, len(parts))
    parts[index] = change(parts[index])
    return "".join(parts)


def move_item(text: str, rng: random.Random) -> str:
    parts = items(text)
    item = parts.pop(rng.randrange(1, len(parts)))
    parts.insert(rng.randrange(1, len(parts) + 1), item)
    return "".join(parts)


def copy_item(text: str, rng: random.Random) -> str:
    parts = items(text)
    copy = re.sub(r"^- id: (\S+)", r"- id: \1-copy", rng.choice(parts[1:]), count=1)
    parts.insert(rng.randrange(1, len(parts) + 1), copy)
    return "".join(parts)


def drop_item(text: str, rng: random.Random) -> str:
    parts = items(text)
    parts.pop(rng.randrange(1, len(parts)))
    return "".join(parts)


EVENT_EDITS: list[Callable[[str, random.Random], str]] = [
    lambda t, r: edit_item(t, r, lambda i: re.sub(r"(?m)^(  title: ).*$",
                                                  rf"\1Edited title {r.randrange(999)}", i)),
    lambda t, r: edit_item(t, r, lambda i: i.replace("\n  status:",
                                                     "\n  date_note: added note\n  status:")),
    lambda t, r: edit_item(t, r, lambda i: re.sub(r"(?m)^(  date: ).*$", r"\1'2024-02-29'", i)),
    lambda t, r: edit_item(t, r, lambda i: i.replace("\n  status:", "\n  draft: true\n  status:")),
    lambda t, r: edit_item(t, r, lambda i: i.replace("].", f"; @{CITED}].", 1)),
    lambda t, r: edit_item(t, r, lambda i: i.replace("  sources:\n",
                                                     f"  sources:\n  - {CITED}\n")),
    lambda t, r: edit_item(t, r, lambda i: i + "# a comment between entries\n\n"),
    lambda t, r: edit_item(t, r, lambda i: i.replace("  title:", "  title: [unclosed\n  x:")),
    lambda t, r: edit_item(t, r, lambda i: i.replace("  status:", "  status: x\n  status:")),
    lambda t, r: edit_item(t, r, lambda i: i.replace("  status: reported", "  status: rumour")),
    move_item, copy_item, drop_item,
]
SOURCE_EDITS: list[Callable[[str, random.Random], str]] = [
    lambda t, r: edit_item(t, r, lambda i: re.sub(r"(?m)^(  outlet: ).*$",
                                                  rf"\1Renamed Outlet {r.randrange(99)}", i)),
    lambda t, r: edit_item(t, r, lambda i: i.replace("\n  kind:",
                                                     "\n  short: short name\n  kind:")),
    # Entries in other sheets that cite this source now cite a draft: errors there too.
    lambda t, r: edit_item(t, r, lambda i: i.replace("\n  kind:", "\n  draft: true\n  kind:")),
    move_item,
]

MARKDOWN_EDITS: list[Callable[[str, random.Random], str]] = [
    lambda t, r: t.rstrip("\n") + f" Added sentence {r.randrange(99)} [@{CITED}].\n",
    lambda t, r: re.sub(r" \[@[^\]]*\]", "", t, count=1),  # one citation fewer
    lambda t, r: re.sub(r"(?m)^title: .*$", f"title: Retitled {r.randrange(99)}", t, count=1),
]
"""Edits to the index page's intro and a brief section: the citations they place on the
home page come before the key figures', which are numbered after them."""


@pytest.mark.parametrize("size", [150])
def test_incremental_rebuilds_equal_cold_builds(tmp_path, size):
    site = generated_site(tmp_path / "site", size)
    sheets = {"events": site / "content/data/events-001.yml",
              "sources": site / "content/data/sources-001.yml",
              "index": site / "content/pages/index.md",
              "brief": site / "content/brief/0002.md"}
    good = {name: path.read_text(encoding="utf-8") for name, path in sheets.items()}
    assert f"- id: {CITED}\n" in good["sources"], "the edits would cite an unknown source"
    rng = random.Random(SEED)
    cache = Cache()
    assert outcome(site, cache) == outcome(site)
    failed = built = 0
    for step in range(EDITS):
        name = rng.choices(list(sheets), weights=(70, 15, 8, 7))[0]
        edits = {"events": EVENT_EDITS, "sources": SOURCE_EDITS}.get(name, MARKDOWN_EDITS)
        # Each edit starts from the last text that built: a writer fixes what broke.
        sheets[name].write_text(rng.choice(edits)(good[name], rng), encoding="utf-8")
        incremental = outcome(site, cache)
        assert incremental == outcome(site), f"edit {step} of {name}: rebuilds differ"
        if isinstance(incremental, dict):
            built += 1
            good[name] = sheets[name].read_text(encoding="utf-8")
        else:
            failed += 1
    assert built >= EDITS // 3 and failed >= 3, (built, failed)  # both paths were exercised


def test_a_sheet_left_unchanged_keeps_its_problems_while_another_is_edited(edit_site):
    """An unchanged sheet's checks come from the cache whole: its errors must come too."""
    site = edit_site("content/data/timeline.yml", "status: reported", "status: rumour")
    sources = site / "content/data/sources.yml"
    cache = Cache()
    first = outcome(site, cache)
    assert any("'status' cannot be 'rumour'" in problem for problem in first), first
    for number in range(3):
        text = sources.read_text(encoding="utf-8")
        sources.write_text(re.sub(r"(?m)^(  outlet: ).*$", rf"\1Outlet {number}", text, count=1),
                           encoding="utf-8")
        assert outcome(site, cache) == outcome(site), f"after edit {number}"


def test_a_circular_citation_is_reported_where_it_now_stands(edit_site):
    """The loop check is kept while the sources are the very same entries; a source that
    moved down a line is a new entry, so its problem is reported at its new line."""
    site = edit_site("content/data/sources.yml", "    url: https://wire.example/a\n",
                     "    url: https://wire.example/a\n    notes: Relays itself [@wire-a].\n")
    sources = site / "content/data/sources.yml"
    cache = Cache()
    first = outcome(site, cache)
    assert any("source 'wire-a' cites itself" in problem for problem in first), first
    sources.write_text("\n" + sources.read_text(encoding="utf-8"), encoding="utf-8")
    moved = outcome(site, cache)
    assert moved == outcome(site) and moved != first
