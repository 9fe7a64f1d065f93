"""Reading the briefing in real Chromium: phones and desktops, light and dark, print, keyboard.

Screenshots of every page, viewport and colour scheme go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from briefing.check import check_project
from briefing.load import load_project
from briefing.model import Site, build_model
from tests.browser.conftest import PAGES
from tests.tools import AXE_JS, ROOT, artifacts, require


def shipped_site() -> Site:
    """The shipped briefing's model: what its pages must show."""
    return build_model(check_project(load_project(ROOT)))

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
STATUSES = {"Reported", "Confirmed", "Expected", "Denied"}


@pytest.fixture
def open_page(browser, server) -> Iterator[Callable]:
    """open_page(name, width=1280, height=800, scheme="light", js=True) -> (page, requests)."""
    contexts = []

    def open_(name: str, width: int = 1280, height: int = 800, scheme: str = "light",
              js: bool = True):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      color_scheme=scheme, java_script_enabled=js,
                                      bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(server + name)
        return page, requests

    yield open_
    for context in contexts:
        context.close()


def axe_violations(page) -> list[tuple]:
    require(AXE_JS, "axe-core")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", AXE_TAGS)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]]


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_passes_axe_and_stays_on_its_host(open_page, server, name, viewport, scheme):
    page, requests = open_page(name, **VIEWPORTS[viewport], scheme=scheme)
    shot = artifacts("screenshots") / f"{name.removesuffix('.html')}-{viewport}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert overflow(page) <= 0
    assert axe_violations(page) == []
    foreign = [url for url in requests if not url.startswith((server, "data:"))]
    assert foreign == [], "requests to another host"


@pytest.mark.parametrize("width", [360, 414, 768, 1024, 1440])
@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scrolling_from_phone_to_desktop(open_page, name, width):
    page, _ = open_page(name, width=width, height=900)
    assert overflow(page) <= 0


def test_prose_keeps_a_comfortable_measure(open_page):
    page, _ = open_page("index.html", width=1440)
    per_line = page.evaluate("""() => {
        const p = [...document.querySelectorAll('.brief p')]
            .sort((a, b) => b.textContent.length - a.textContent.length)[0];
        const lines = p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight);
        return p.textContent.length / Math.round(lines);
    }""")
    assert 55 <= per_line <= 80, f"{per_line:.0f} characters a line"


def test_every_link_lands_on_an_existing_element(open_page, server, built_site):
    page, _ = open_page("index.html")
    ids, links = {}, {}
    for name in PAGES:
        page.goto(server + name)
        ids[name] = set(page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)"))
        links[name] = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    cites = 0
    for name, hrefs in links.items():
        for href in hrefs:
            parts = urlsplit(href)
            assert href.startswith(server), f"{name} links off the site: {href}"
            target = parts.path.lstrip("/") or "index.html"
            if not target.endswith(".html"):  # a data file the about page lists
                assert (built_site / target).is_file(), f"{name}: {href} is not built"
                continue
            assert target in ids, f"{name}: {href} has no page"
            assert not parts.fragment or parts.fragment in ids[target], f"{name}: {href}"
            cites += "sources.html#src-" in href
    assert cites > 100


def test_citation_and_back_link_can_be_followed_both_ways(open_page, server):
    page, _ = open_page("index.html")
    citation = page.locator("a.cite").first
    cite_id = citation.get_attribute("id")
    citation.click()
    page.wait_for_url("**/sources.html#src-*")
    entry = page.locator(":target")
    assert entry.evaluate("e => e.className") == "source" and entry.is_visible()
    entry.locator(f'a[href="index.html#{cite_id}"]').first.click()
    page.wait_for_url(f"**/index.html#{cite_id}")
    assert page.locator(":target").get_attribute("id") == cite_id
    assert page.locator(":target").is_visible()


def test_keyboard_reaches_the_skip_link_then_a_citation(open_page):
    page, _ = open_page("timeline.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite')"):
            break
    else:
        pytest.fail("no citation reachable with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sources.html#src-*")


def test_print_hides_navigation_and_keeps_events_whole(open_page):
    page, _ = open_page("timeline.html")
    page.emulate_media(media="print")
    assert page.evaluate("[...document.querySelectorAll('nav')]"
                         ".every(n => getComputedStyle(n).display === 'none')")
    assert page.evaluate("getComputedStyle(document.querySelector('.event')).breakInside") \
        == "avoid"
    assert page.locator("a.cite").first.evaluate("a => getComputedStyle(a).color") \
        == "rgb(0, 0, 0)"
    page.pdf(path=str(artifacts("print") / "timeline.pdf"))


def test_pages_are_whole_without_javascript(open_page):
    for name in PAGES:
        with_js, _ = open_page(name)
        without_js, _ = open_page(name, js=False)
        assert without_js.inner_text("main") == with_js.inner_text("main")
        assert with_js.evaluate(
            "document.querySelectorAll('script:not([type=\"application/ld+json\"])').length") == 0


def test_timeline_is_a_semantic_list_with_dates_badges_and_permalinks(open_page):
    page, _ = open_page("timeline.html")
    events = page.locator("section.month > ol.events > li.event")
    site = shipped_site()
    assert events.count() == site.event_count > 0
    for index in range(events.count()):
        event = events.nth(index)
        dated = event.locator("time[datetime]").count() == 1
        assert dated or event.locator(".undated").count() == 1
        assert event.locator(".status").inner_text().capitalize() in STATUSES
        permalink = event.locator("a.permalink")
        assert permalink.is_visible()
        assert permalink.get_attribute("href") == "#" + event.locator("h3").get_attribute("id")
    assert page.locator("section.month > h2").count() == len(site.timeline)


def test_positions_sit_side_by_side_on_desktop_and_stack_on_phones(open_page):
    def tops(width: int) -> list[float]:
        page, _ = open_page("contested.html", width=width)
        return page.evaluate("[...document.querySelector('.positions').children]"
                             ".slice(0, 2).map(e => e.getBoundingClientRect().top)")

    first, second = tops(1280)
    assert first == second
    first, second = tops(375)
    assert second > first


def test_last_updated_date_is_visible(open_page):
    page, _ = open_page("index.html", width=375)
    updated = page.locator(".updated time")
    assert updated.is_visible() and updated.get_attribute("datetime") == "2026-11-22"


def test_the_axe_check_catches_a_planted_violation(open_page):
    """The instrument works: the same check finds a missing alt text and low contrast."""
    page, _ = open_page("index.html")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend',"
                  " '<img src=\"x.png\"><p style=\"color:#ddd\">faint</p>')")
    assert {v[0] for v in axe_violations(page)} == {"image-alt", "color-contrast"}
