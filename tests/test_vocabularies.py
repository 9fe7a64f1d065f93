"""A briefing's own words for its statuses and kinds of source, and pages that follow what
the content has: no contested page without disputes, no key figures without facts."""

from __future__ import annotations

from briefing.pipeline import render_project

SITE = "title: T\ndescription: D\nlanguage: en\nupdated: 2026-01-01\n"
SOURCES = ("sources:\n  - id: enc\n    outlet: An Encyclopedia\n    headline: An entry\n"
           "    kind: encyclopedia\n    published: undated\n    date_note: no date shown\n")
EVENTS = ("events:\n  - id: e\n    date: 1815\n    title: A thing\n    status: STATUS\n"
          "    sources: [enc]\n")


def site_with(bare_site, site_extra: str, status: str = "reported") -> dict[str, bytes]:
    events = EVENTS.replace("STATUS", status) if status else EVENTS.replace(
        "    status: STATUS\n", "")
    project = bare_site({"site.yml": SITE + site_extra,
                         "content/data/sheet.yml": SOURCES + events})
    return render_project(project).files


def test_site_yml_names_its_statuses_and_source_kinds(bare_site):
    files = site_with(bare_site, "source_kinds: [encyclopedia]\nstatuses:\n"
                                 "  reported: {label: As reported}\n", "reported")
    assert b'<span class="status status-reported">As reported</span>' in files["timeline.html"]
    assert b"<dt>Kind</dt><dd>Encyclopedia</dd>" in files["sources.html"]


def test_a_status_may_show_no_badge_and_a_history_may_use_none(bare_site):
    hidden = site_with(bare_site, "source_kinds: [encyclopedia]\nstatuses:\n"
                                  "  reported: {badge: false}\n")
    assert b'class="status' not in hidden["timeline.html"]
    none = site_with(bare_site, "source_kinds: [encyclopedia]\nstatuses: {}\n", status="")
    assert b'class="status' not in none["timeline.html"]


def test_pages_follow_the_content(bare_site):
    files = site_with(bare_site, "source_kinds: [encyclopedia]\n")
    assert "contested.html" not in files
    index = files["index.html"].decode()
    assert "Key figures" not in index and "contested.html" not in index
    nav = index.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert nav.count("<li>") == 3 and "timeline.html" in nav and "sources.html" in nav


def test_the_default_theme_shows_the_default_vocabulary(bare_site):
    project = bare_site({"site.yml": SITE, "content/data/sheet.yml": (
        SOURCES.replace("kind: encyclopedia", "kind: blog") + EVENTS.replace("STATUS",
                                                                             "denied"))})
    files = render_project(project).files
    assert b'<span class="status status-denied">Denied</span>' in files["timeline.html"]
