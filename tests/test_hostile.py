"""Hostile content: markup in the briefing never becomes script, and content stays inside."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.pipeline import build
from briefing.problems import ContentError
from tests.conftest import ROOT, tree
from tests.corpus.cases import PNG

ATTACKS = """<script>alert(1)</script>

Text <img src="media/x.png" alt="x" onerror="alert(2)"> and
<a href="javascript:alert(3)">a link</a>,
[markdown](javascript:alert(4)), [data](data:text/html;base64,PHNjcmlwdD4=),
<iframe src="https://evil.example"></iframe><object data="x"></object>
<svg onload="alert(5)"><style>body{display:none}</style>

A <a href="https://fine.example" onclick="alert(6)" style="color:red">fine</a> link.
"""
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
       "object-src 'none'; base-uri 'none'; form-action 'none'")


def attribute_names(html: str) -> list[str]:
    """Every attribute name on every element, as a browser's parser sees them."""
    from html.parser import HTMLParser

    names: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.extend(name for name, _ in attrs)

    Collector().feed(html)
    return names


@pytest.fixture
def hostile_output(make_site, tmp_path) -> Path:
    site = make_site({
        "content/brief/what-happened.md": "---\ntitle: <script>alert(7)</script>\norder: 1\n"
                                          "---\n" + ATTACKS + "\nCited [@wire-a] "
                                          "[@paper-b via Wire].\n",
        "content/pages/about.md": "---\ntitle: \"x\\\" onmouseover=\\\"alert(8)\"\n"
                                  "description: d\n---\n" + ATTACKS})
    (site / "content" / "media").mkdir()
    (site / "content" / "media" / "x.png").write_bytes(PNG)
    build(site, tmp_path / "out")
    return tmp_path / "out"


OWN_PICTURES = re.compile(r'<figure class="(?:strip|density)">.*?</figure>', re.S)
"""The generator's own SVG pictures, drawn from the content's dates, not its markup."""


def test_no_script_handler_or_dangerous_url_reaches_a_page(hostile_output):
    for page in hostile_output.glob("*.html"):
        html = OWN_PICTURES.sub("", page.read_text())
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts == ['<script type="application/ld+json">'], page.name
        assert not [a for a in attribute_names(html) if a.startswith("on")], page.name
        assert "javascript:" not in html and "data:text" not in html, page.name
        own = re.sub(r'<svg class="(?:chart|graph)-svg".*?</svg>', "", html, flags=re.DOTALL)
        for tag in ("<iframe", "<object", "<svg", "<style"):  # but the generator's pictures
            assert tag not in own, (page.name, tag)
        for image in re.findall(r"<img[^>]*>", html):  # the one picture, its handler gone
            assert image == '<img src="media/x.png" alt="x" width="2" height="2">', image
        assert 'style="' not in html, page.name
    index = (hostile_output / "index.html").read_text()
    assert "&lt;script&gt;alert(7)&lt;/script&gt;" in index, "titles are escaped, not dropped"
    assert '<a href="https://fine.example">fine</a>' in index


def test_every_page_carries_a_policy_that_allows_no_script(hostile_output):
    for page in hostile_output.glob("*.html"):
        tag = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        assert tag in page.read_text(), page.name


def test_a_source_address_must_be_http_or_https(edit_site):
    site = edit_site("content/data/sources.yml", "https://wire.example/a",
                     "javascript:alert(1)")
    with pytest.raises(ContentError, match="must be an http:// or https:// address"):
        build(site, site / "output")


@pytest.mark.parametrize("place", ["content/data/stolen.yml", "templates/static/stolen.txt",
                                   "content/pages/stolen.md"])
def test_content_cannot_reach_outside_the_project(make_site, tmp_path, place):
    secret = tmp_path / "secret.txt"
    secret.write_text("sources: []\n")
    site = make_site()
    (site / place).symlink_to(secret)
    with pytest.raises(ContentError) as refused:
        build(site, site / "output")
    assert f"{place}: the file points outside the project" in str(refused.value)
    assert not (site / "output").exists()



def test_a_linked_folder_cannot_reach_outside_the_project(make_site, tmp_path):
    """A file that is no link, in a folder that is one, is outside all the same."""
    site = make_site()
    brief = site / "content/brief"
    elsewhere = tmp_path / "elsewhere"
    shutil.move(brief, elsewhere)
    brief.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ContentError) as refused:
        build(site, site / "output")
    assert "content/brief/what-happened.md: the file points outside the project" in str(
        refused.value)


# -- determinism -------------------------------------------------------------------------


def run_build(project: Path, out: Path, **env: str) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--project", str(project),
                    "--out", str(out)], check=True, capture_output=True,
                   env={**environment, **env})


def test_builds_in_other_folders_locales_seeds_and_zones_are_byte_identical(tmp_path):
    import shutil

    first, second = tmp_path / "a", tmp_path / "a-much-longer-folder-name" / "project"
    for copy in (first, second):
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
            "output", ".venv", "node_modules", "test-artifacts", ".git", "tests", "bench",
            ".cache"))
    run_build(first, tmp_path / "out1", PYTHONHASHSEED="0", LC_ALL="C", TZ="UTC")
    run_build(second, tmp_path / "out2", PYTHONHASHSEED="4242", LC_ALL="C.UTF-8",
              TZ="Pacific/Kiritimati", LANG="C.UTF-8")
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")
    assert len(tree(tmp_path / "out1")) == 13


def test_source_date_epoch_gives_the_date_when_site_yml_has_none(edit_site, tmp_path):
    site = edit_site("site.yml", "updated: 2026-02-01\n", "")
    run_build(site, tmp_path / "out", SOURCE_DATE_EPOCH="1769558400")  # 28 January 2026 UTC
    html = (tmp_path / "out" / "index.html").read_text()
    assert '<time datetime="2026-01-28">28 January 2026</time>' in html
