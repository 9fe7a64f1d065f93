"""The timeline's order and groups: date order, vaguer dates first, and groups that fit
the span (a month for a story of weeks, a year or a decade for a history)."""

from __future__ import annotations

from briefing.check import check_project
from briefing.load import load_project
from briefing.model import build_model

SOURCE = ("sources:\n  - id: enc\n    outlet: An Encyclopedia\n    headline: An entry\n"
          "    kind: news report\n    published: 2026-01-01\n")


def events(*dates: str) -> str:
    return "events:\n" + "".join(
        f"  - id: e{number}\n    date: '{when}'\n    title: Event {number}\n"
        f"    sources: [enc]\n" for number, when in enumerate(dates))


def groups(bare_site, *dates: str, site_extra: str = "") -> list[tuple[str, list[str]]]:
    site = bare_site({"content/data/timeline.yml": events(*dates),
                      "content/data/sources.yml": SOURCE,
                      "site.yml": "title: T\ndescription: D\nlanguage: en\n"
                                  f"updated: 2026-02-01\n{site_extra}"})
    model = build_model(check_project(load_project(site)))
    return [(group.heading, [event.title for event in group.events])
            for group in model.timeline]


def test_a_story_of_weeks_is_grouped_by_month(bare_site):
    # Each date sorts by the earliest day it allows: late 2025 from 1 September 2025,
    # early 2026 from 1 January 2026, the vaguer first on the same day.
    assert groups(bare_site, "2026-01-28", "2025-12", "late 2025", "2026", "early 2026",
                  "2026-01-25/2026-01-26", "mid 2025", "2025-05-02") == [
        ("Mid 2025", ["Event 6"]),
        ("May 2025", ["Event 7"]),
        ("Late 2025", ["Event 2"]),
        ("December 2025", ["Event 1"]),
        ("2026, month not given", ["Event 3"]),
        ("Early 2026", ["Event 4"]),
        ("January 2026", ["Event 5", "Event 0"]),
    ]


def test_a_history_of_decades_is_grouped_by_year(bare_site):
    assert groups(bare_site, "1943/1946", "1951-03-05", "1951", "1940s", "1943-07/1946",
                  "1960") == [
        ("1940s, year not given", ["Event 3"]),
        ("1943", ["Event 0", "Event 4"]),
        ("1951", ["Event 2", "Event 1"]),
        ("1960", ["Event 5"]),
    ]


def test_two_centuries_are_grouped_by_decade(bare_site):
    assert groups(bare_site, "1815-12-10/1852-11-27", "1843", "1950s", "2001-09") == [
        ("1810s", ["Event 0"]),
        ("1840s", ["Event 1"]),
        ("1950s", ["Event 2"]),
        ("2000s", ["Event 3"]),
    ]


def test_site_yml_can_choose_the_grouping(bare_site):
    assert groups(bare_site, "1943/1946", "1951-03-05",
                  site_extra="timeline_groups: decade\n") == [
        ("1940s", ["Event 0"]), ("1950s", ["Event 1"])]
    assert groups(bare_site, "2026-01-28", "2026-02-02",
                  site_extra="timeline_groups: year\n") == [
        ("2026", ["Event 0", "Event 1"])]


def test_the_vaguer_date_comes_first_on_the_same_start(bare_site):
    (group,) = groups(bare_site, "1950-01-01", "1950-01", "1950",
                      site_extra="timeline_groups: year\n")
    assert group == ("1950", ["Event 2", "Event 1", "Event 0"])


def placed_events(*placed: tuple[str, str, str]) -> str:
    """Events with ids, dates and an optional before/after anchor: (id, date, anchor)."""
    lines = ["events:"]
    for event_id, when, anchor in placed:
        lines += [f"  - id: {event_id}", f"    date: '{when}'", f"    title: {event_id}",
                  "    sources: [enc]"]
        if anchor:
            word, target = anchor.split()
            lines += [f"    {word}: {target}", "    date_note: no date given"]
    return "\n".join(lines) + "\n"


def test_an_undated_event_stands_directly_before_or_after_its_anchor(bare_site):
    site = bare_site({"content/data/timeline.yml": placed_events(
        ("a", "2026-01-28", ""), ("b", "2026-01-28", ""), ("c", "2026-01-28", ""),
        ("before-b", "undated", "before b"), ("after-b", "undated", "after b"),
        ("loose", "undated", "")),
        "content/data/sources.yml": SOURCE,
        "site.yml": "title: T\ndescription: D\nlanguage: en\nupdated: 2026-02-01\n"})
    model = build_model(check_project(load_project(site)))
    assert [(g.heading, [e.id for e in g.events]) for g in model.timeline] == [
        ("January 2026", ["a", "before-b", "b", "after-b", "c"]), ("Undated", ["loose"])]
