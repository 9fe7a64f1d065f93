"""Briefings of other people's making, in real Chromium and the W3C validator: the one
`new` writes (pictures, every date form, the default theme) and a history imported from
TimelineJS (decades, groups, remote images, a video card). Every page validates, passes
axe at phone and desktop widths in light and dark, and shows its pictures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.pipeline import build
from tests.browser.conftest import serving
from tests.browser.test_reading import VIEWPORTS, axe_violations
from tests.browser.test_validity import vnu
from tests.tools import ROOT, artifacts

BRIEFINGS = ("new", "imported")
PAGES = ("index.html", "timeline.html", "sources.html", "contested.html", "about.html")


@pytest.fixture(scope="module")
def own_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each briefing made as its user would, then built into a folder of its own."""
    root = tmp_path_factory.mktemp("own")
    runner = CliRunner()
    assert runner.invoke(cli, ["new", str(root / "new")]).exit_code == 0
    imported = runner.invoke(cli, ["import", "timelinejs",
                                   str(ROOT / "tests/fixtures/timelinejs/bridge.json"),
                                   "--into", str(root / "imported"),
                                   "--updated", "2026-11-30"])
    assert imported.exit_code == 0, imported.output
    sites = {}
    for name in BRIEFINGS:
        build(root / name, root / f"{name}-output")
        sites[name] = root / f"{name}-output"
    return sites


@pytest.fixture(scope="module")
def own_server(own_sites: dict[str, Path], tmp_path_factory) -> Iterator[str]:
    """Both built sites under one loopback server: /new/ and /imported/."""
    served = tmp_path_factory.mktemp("served")
    for name, folder in own_sites.items():
        shutil.copytree(folder, served / name)
    with serving(served) as url:
        yield url


def test_every_page_of_both_is_valid(own_sites):
    for name, folder in own_sites.items():
        errors = [f"{name}/{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: "
                  f"{m['message']}" for m in vnu(folder, f"vnu-{name}.json")
                  if m["type"] == "error"]
        assert errors == []


@pytest.mark.parametrize("briefing", BRIEFINGS)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_axe_and_show_their_pictures(browser, own_server, own_sites, briefing,
                                                viewport, scheme):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme,
                                  bypass_csp=True)  # axe is injected as a script
    try:
        for page_name in PAGES:
            if not (own_sites[briefing] / page_name).exists():
                continue
            page = context.new_page()
            page.goto(f"{own_server}{briefing}/{page_name}")
            assert axe_violations(page) == [], (briefing, page_name)
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
            shot = artifacts("screenshots", "own", briefing)
            page.screenshot(path=str(shot / f"{page_name[:-5]}-{viewport}-{scheme}.png"),
                            full_page=True)
            if briefing == "new" and page_name in ("index.html", "timeline.html"):
                local = page.locator("img[src$='new-wing.png']").first
                assert local.evaluate("image => image.complete && image.naturalWidth") == 240
            page.close()
    finally:
        context.close()


def test_the_video_is_a_card_with_no_frame_and_the_history_is_in_decades(own_server,
                                                                         browser):
    page = browser.new_page()
    try:
        page.goto(f"{own_server}imported/timeline.html")
        assert page.locator("iframe").count() == 0
        card = page.locator("figure.media-card a.media-link")
        assert card.get_attribute("href") == "https://www.youtube.com/watch?v=abc123"
        headings = page.locator("section.month > h2").all_inner_texts()
        assert headings == ["1810s", "1940s", "1950s", "1980s", "2010s", "2020s"]
    finally:
        page.close()
