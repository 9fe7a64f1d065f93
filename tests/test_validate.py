"""Validation rules, checked through load + validate on small projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.load import load_project
from briefing.validate import validate

EVENTS = "content/data/timeline.yml"


def problems(site: Path) -> list[str]:
    return [str(p) for p in validate(load_project(site))]


def test_the_tiny_fixture_is_clean(make_site):
    assert problems(make_site()) == []


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (EVENTS, "    date: 2026-01-10\n", "    date: 2026-01-10\n    before: range-event\n",
         f"{EVENTS}:4:13: 'before' is only for undated events"),
        (EVENTS, "before: day-event", "before: no-such-event",
         f"{EVENTS}:20:13: unknown event id 'no-such-event'"),
        (EVENTS, "before: day-event", "before: undated-event",
         f"{EVENTS}:20:13: an event cannot be placed relative to itself"),
        (EVENTS, "id: undated-event", "id: Undated Event",
         f"{EVENTS}:18:9: 'id' must be lower-case letters, digits and hyphens"),
        (EVENTS, "    sources: [paper-b]\n", "    sources: paper-b\n",
         f"{EVENTS}:17:14: 'sources' must be a list of source ids, not str"),
        (EVENTS, "[paper-b via Wire]", "['paper-b via']",
         f"{EVENTS}:24:15: 'paper-b via' is not a source reference"),
        (EVENTS, "It lasted *two* days [@paper-b via Wire].", "It lasted [@paper-b!].",
         f"{EVENTS}:11:11: cannot read the citation [@paper-b!]"),
        ("content/data/sources.yml", "    date_note: the page shows no date\n", "",
         "content/data/sources.yml:13:16: an undated source needs a 'date_note'"),
        ("content/data/sources.yml", "https://wire.example/a", "javascript:alert(1)",
         "content/data/sources.yml:7:10: 'url' must be an http:// or https:// address"),
        ("content/data/sources.yml", "kind: aggregator", "kind: agregator",
         "content/data/sources.yml:11:11: 'kind' cannot be 'agregator' "
         "(did you mean 'aggregator'?)"),
        (EVENTS, '    value: "5"\n', "",
         f"{EVENTS}:36:5: a fact needs either 'value' or 'values'"),
        (EVENTS, '    value: "5"\n    unit: US$\n    sources: [wire-a]\n', '    value: "5"\n',
         f"{EVENTS}:38:12: this fact makes a claim with no source"),
        (EVENTS, "    status: open\n", "    status: settled\n",
         f"{EVENTS}:45:13: 'settled_by' goes with status 'settled', and only with it"),
        (EVENTS, "      - claim: About ten.\n        held_by: Wire A\n        sources: [wire-a]\n",
         "", f"{EVENTS}:48:7: a dispute needs at least two positions"),
        ("site.yml", "updated: 2026-02-01", "updated: 2026-02",
         "site.yml:4:10: 'updated' must be a day"),
        ("site.yml", "    page: timeline", "    page: timelines",
         "site.yml:9:11: there is no page 'timelines' (did you mean 'timeline'?)"),
        ("site.yml", "    page: timeline", "    page: '404'",
         "site.yml:9:11: there is no page '404'"),
    ],
)
def test_rule(edit_site, path, old, new, expected):
    site = edit_site(path, old, new)
    found = problems(site)
    assert any(line.startswith(expected) for line in found), found


def test_updated_may_come_from_source_date_epoch(edit_site, monkeypatch):
    site = edit_site("site.yml", "updated: 2026-02-01\n", "")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert problems(site) == [
        "site.yml:1:1: site.yml has no 'updated' date "
        "(add 'updated: YYYY-MM-DD' or set SOURCE_DATE_EPOCH)"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769558400")
    assert problems(site) == []


def test_ids_that_are_not_text_do_not_crash_validation(edit_site):
    site = edit_site(EVENTS, "id: day-event", "id: [day, event]")
    found = problems(site)
    assert any("'id' must be lower-case letters" in line for line in found)
