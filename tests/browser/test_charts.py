"""The pictures in real Chromium and the W3C validator: fact charts on the home page and
the attribution graph on the sources page, at phone and desktop widths, light and dark.

Screenshots go to test-artifacts/screenshots/charts/.
"""

from __future__ import annotations

import pytest

from briefing.pipeline import build
from tests.browser.conftest import serving
from tests.browser.test_reading import axe_violations, overflow
from tests.browser.test_validity import vnu
from tests.tools import ROOT, artifacts

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1440, "height": 900}}
PICTURES = {"index.html": ".chart-svg", "sources.html": ".graph-svg"}


@pytest.fixture(scope="module")
def pictures_site(tmp_path_factory):
    """The shipped briefing: a chart on the home page, the graph on the sources page."""
    out = tmp_path_factory.mktemp("charts") / "output"
    build(ROOT, out)
    with serving(out) as url:
        yield out, url


def test_pages_with_pictures_are_valid(pictures_site):
    out, _ = pictures_site
    assert b"<svg" in (out / "index.html").read_bytes()
    assert b'class="graph-svg"' in (out / "sources.html").read_bytes()
    messages = vnu(out, "vnu-charts.json")
    errors = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PICTURES)
def test_picture_fits_and_passes_axe(browser, pictures_site, name, viewport, scheme):
    _, url = pictures_site
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme,
                                  bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(url + name)
        picture = page.locator(PICTURES[name]).first
        picture.scroll_into_view_if_needed()
        box = picture.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 50, "the picture is drawn"
        assert picture.get_attribute("role") == "img"
        labelled = picture.get_attribute("aria-labelledby").split()
        texts = [page.locator(f"#{ident}").text_content() for ident in labelled]
        assert all(text.strip() for text in texts), "a title and a description in words"
        shots = artifacts("screenshots", "charts")
        stem = f"{name.removesuffix('.html')}-{viewport}-{scheme}"
        picture.screenshot(path=str(shots / f"{stem}-picture.png"))
        page.screenshot(path=str(shots / f"{stem}.png"), full_page=True)
        assert overflow(page) <= 0
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_axis_of_a_chart_is_not_drawn_past_its_column(browser, pictures_site):
    """At 375 px the chart scales down into its panel: nothing of it sticks out."""
    _, url = pictures_site
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    try:
        page = context.new_page()
        page.goto(url + "index.html")
        svg = page.locator(".chart-svg").first.bounding_box()
        panel = page.locator(".fact:has(.chart-svg)").first.bounding_box()
        assert svg["x"] >= panel["x"] and svg["x"] + svg["width"] <= panel["x"] + panel["width"]
    finally:
        context.close()
