"""The Content-Security-Policy of every page, enforced by Chromium."""

from __future__ import annotations

import shutil


def test_the_policy_stops_a_planted_inline_script(browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page_file = site / "index.html"
    page_file.write_text(page_file.read_text().replace(
        "</main>", "<script>document.title = 'pwned'</script></main>"))
    context = browser.new_context()
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(page_file.as_uri())
    assert page.title() != "pwned"
    assert any("Content Security Policy" in m for m in messages), messages
    context.close()


def test_shipped_pages_run_no_script_and_break_no_rule_of_their_policy(browser, built_site):
    context = browser.new_context()
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    for name in ("index.html", "timeline.html", "contested.html", "sources.html"):
        page.goto((built_site / name).as_uri())
    context.close()
    assert [m for m in messages if "Content Security Policy" in m] == []
