"""Search in real Chromium: a tiny briefing with `search: on`, served under a folder of
a host as a reader would meet it, with its Content-Security-Policy enforced."""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.pipeline import build
from tests.browser.conftest import serving
from tests.browser.test_reading import axe_violations, overflow
from tests.conftest import write_site
from tests.tools import VNU_JAR, artifacts, require

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1440, "height": 900}}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny fixture briefing with search on, built into a folder of its own."""
    root = tmp_path_factory.mktemp("search")
    project = write_site(root / "project")
    with (project / "site.yml").open("a", encoding="utf-8") as site_yml:
        site_yml.write("search: on\n")
    out = root / "host" / f"briefing-{secrets.token_hex(4)}"
    build(project, out)
    return out


@pytest.fixture(scope="module")
def site_url(search_site: Path) -> Iterator[str]:
    """The site's address: under a random folder of a loopback host, not at its root."""
    with serving(search_site.parent) as url:
        yield f"{url}{search_site.name}/"


def watch(page) -> list[str]:
    """The page's console messages and uncaught errors, as they come."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def results(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link")
    return [a.get_attribute("href") for a in page.locator(".pagefind-ui__result a").all()]


def test_a_query_from_the_header_leads_to_the_event_it_is_in(browser, site_url):
    context = browser.new_context()  # the page's own policy is enforced, not bypassed
    page = context.new_page()
    messages = watch(page)
    page.goto(site_url + "index.html")
    page.fill("#site-search-q", "approximate")
    page.click(".site-search button")
    page.wait_for_url("**/search.html?q=approximate")
    found = results(page)
    folder = site_url.removeprefix(site_url.split("/briefing-")[0])  # /briefing-xxxx/
    assert f"{folder}timeline.html" in found
    anchored = f"{folder}timeline.html#month-event"  # the event the word is in
    assert anchored in found, found
    page.click(f'a[href="{anchored}"]')
    page.wait_for_url("**/timeline.html#month-event")
    assert page.locator("#month-event").is_visible()
    context.close()
    assert messages == []  # no policy violation, no error, nothing logged


def test_only_the_search_page_runs_script(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    messages = watch(page)
    ran = []
    page.on("request", lambda request: ran.append(request.url)
            if request.resource_type == "script" else None)
    for name in ("index.html", "timeline.html", "contested.html", "sources.html"):
        page.goto(site_url + name)
    assert ran == []
    page.goto(site_url + "search.html")
    page.wait_for_selector(".pagefind-ui__search-input")
    assert {url.rsplit("/", 1)[-1] for url in ran} >= {"pagefind-ui.js", "search.js"}
    context.close()
    assert messages == []


def test_without_script_the_search_page_says_what_to_do(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "search.html")
    fallback = page.locator(".search-fallback")
    assert fallback.is_visible()
    assert "own find (Ctrl+F" in fallback.inner_text()
    links = fallback.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"timeline.html", "sources.html"} <= set(links)
    context.close()


def test_from_disk_the_search_page_says_to_serve_the_folder(browser, search_site):
    context = browser.new_context()
    page = context.new_page()
    messages = watch(page)
    page.goto((search_site / "search.html").as_uri() + "?q=day")
    assert page.locator(".search-file").is_visible()
    assert "python3 -m http.server" in page.locator(".search-file").inner_text()
    context.close()
    assert [m for m in messages if "Content Security Policy" in m] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_search_page_with_results_passes_axe(browser, site_url, viewport, scheme):
    # axe is injected as an inline script, which the pages' own policy would refuse.
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme,
                                  bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + "search.html?q=event")
    results(page)
    shots = artifacts("screenshots", "search")
    page.screenshot(path=str(shots / f"search-{viewport}-{scheme}.png"), full_page=True)
    page.goto(site_url + "timeline.html")  # a page with the header's form
    page.screenshot(path=str(shots / f"timeline-form-{viewport}-{scheme}.png"))
    assert overflow(page) <= 0
    assert axe_violations(page) == []
    page.goto(site_url + "search.html?q=event")
    results(page)
    assert overflow(page) <= 0
    assert axe_violations(page) == []
    context.close()


def test_the_search_page_and_a_page_with_the_form_are_valid(search_site):
    require(shutil.which("java"), "Java")
    require(VNU_JAR, "the W3C Nu validator (vnu-jar)")
    pages = [str(search_site / name) for name in ("search.html", "index.html", "timeline.html")]
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *pages],
                            capture_output=True, text=True, check=False, timeout=300)
    (artifacts("reports") / "vnu-search.json").write_text(result.stderr)
    messages = json.loads(result.stderr)["messages"]
    assert [m for m in messages if m["type"] == "error"] == []
