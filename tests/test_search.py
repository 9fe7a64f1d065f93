"""Search: site.yml's `search` setting, the Pagefind index in the built output, and the
errors when Pagefind cannot run. The browser half is tests/browser/test_search.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from briefing.cli import cli
from tests.conftest import ROOT, TINY, tree

TINY_SITE = (TINY / "site.yml").read_text(encoding="utf-8")
INDEXED = ["contested.html", "index.html", "sources.html", "timeline.html"]
"""The tiny site's pages a search can find: every page but the 404 and search pages."""


def build(site: Path, out: Path) -> Result:
    return CliRunner().invoke(cli, ["build", "--project", str(site), "--out", str(out)])


def with_search(make_site: Callable[..., Path], setting: str, name: str = "site") -> Path:
    return make_site({"site.yml": f"{TINY_SITE}search: {setting}\n"}, name=name)


def policy(html: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)[1]


def many_events(count: int) -> str:
    """A fact sheet of `count` dated events, each citing the tiny site's wire-a."""
    return "events:\n" + "".join(
        f"  - id: extra-{n}\n    date: 2025-06-{n % 28 + 1:02d}\n    title: Extra event {n}\n"
        f"    sources: [wire-a]\n" for n in range(count))


def test_search_on_writes_the_index_the_page_and_a_form_on_every_page(make_site, tmp_path):
    out = tmp_path / "out"
    result = build(with_search(make_site, "on"), out)
    assert result.exit_code == 0, result.output
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(INDEXED)
    assert list((out / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    assert (out / "search.js").is_file()
    search = (out / "search.html").read_text()
    assert 'src="pagefind/pagefind-ui.js"' in search
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy(search)
    for name in INDEXED:
        html = (out / name).read_text()
        assert '<form class="site-search" role="search" action="search.html">' in html, name
        assert "script-src 'none'" in policy(html), name
        assert "form-action 'self'" in policy(html), name
    # Nothing else sits in subfolders: the pages stay flat, Pagefind keeps to its own.
    assert {p.split("/")[0] for p in tree(out) if "/" in p} == {"pagefind"}


def test_the_index_holds_each_page_at_its_relative_address(make_site, tmp_path):
    out = tmp_path / "out"
    assert build(with_search(make_site, "on"), out).exit_code == 0
    index = b"".join(path.read_bytes() for path in (out / "pagefind").rglob("*.pf_*"))
    # Fragments are gzipped; their URLs are checked in the browser test. Here: no page
    # was indexed under an absolute path or a folder of the build machine.
    assert str(tmp_path).encode() not in index


def test_two_builds_give_the_same_bytes(make_site, tmp_path):
    site = with_search(make_site, "on")
    assert build(site, tmp_path / "one").exit_code == 0
    assert build(site, tmp_path / "two").exit_code == 0
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert one == two
    assert any(path.startswith("pagefind/fragment/") for path in one)


def test_search_off_leaves_no_trace(make_site, tmp_path):
    out = tmp_path / "out"
    assert build(with_search(make_site, "off"), out).exit_code == 0
    files = tree(out)
    assert not [p for p in files if p.startswith("pagefind/") or p.startswith("search.")]
    index = files["index.html"].decode()
    assert "site-search" not in index
    assert "form-action 'none'" in policy(index)


def test_auto_leaves_a_small_briefing_without_search(make_site, tmp_path):
    out = tmp_path / "out"
    assert build(make_site(), out).exit_code == 0
    assert not (out / "search.html").exists()
    assert not (out / "pagefind").exists()


def test_auto_turns_search_on_past_300_events(make_site, tmp_path):
    site = make_site({"content/data/more.yml": many_events(300)})  # 304 with the tiny's 4
    out = tmp_path / "out"
    result = build(site, out)
    assert result.exit_code == 0, result.output
    assert (out / "search.html").is_file()
    assert (out / "pagefind" / "pagefind-entry.json").is_file()


def test_an_unknown_setting_is_named_with_the_choices(make_site, tmp_path):
    result = build(with_search(make_site, "yes"), tmp_path / "out")
    assert result.exit_code == 1
    assert "site.yml:" in result.output and "auto" in result.output
    assert "Traceback" not in result.output


def test_a_search_intro_with_search_off_is_pointed_out(make_site, tmp_path):
    site = make_site({"site.yml": f"{TINY_SITE}search: off\n",
                      "content/pages/search.md": "---\ntitle: Find\ndescription: Find it."
                                                 "\n---\nType a word.\n"})
    result = build(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "search is off, so the site has no search page" in result.output


BLOCK_PAGEFIND = "import sys\nsys.modules['pagefind'] = None  # as if it were not installed\n"


def test_search_without_pagefind_installed_says_what_to_install(make_site, tmp_path):
    site = with_search(make_site, "on")
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCK_PAGEFIND)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(ROOT)])}
    result = subprocess.run([sys.executable, "-m", "briefing", "build", "--project", str(site),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True,
                            env=env, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    line = len(TINY_SITE.splitlines()) + 1
    assert (f"site.yml:{line}:9: search is on but Pagefind, which builds its index, is not "
            "installed (pip install 'briefing[search]', or set 'search: off' in site.yml)"
            ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_auto_search_without_pagefind_says_why_search_is_on(make_site, tmp_path):
    site = make_site({"content/data/more.yml": many_events(300)})
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCK_PAGEFIND)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(ROOT)])}
    result = subprocess.run([sys.executable, "-m", "briefing", "check", "--project", str(site)],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 1
    assert "search is on (auto: the briefing has more than 300 events)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_pagefind_program_is_an_error_not_a_traceback(make_site, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = build(with_search(make_site, "on"), tmp_path / "out")
    assert result.exit_code == 1
    assert "site.yml: search is on but Pagefind cannot run" in result.output
    assert "pip install 'briefing[search]'" in result.output
    assert not (tmp_path / "out").exists()
