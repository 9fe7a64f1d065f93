"""The check stage on small projects, where a corpus case (tests/corpus/cases.py) cannot say
it: what the environment changes, and values of the wrong type that must not crash it.

Every error message is asserted once, in the corpus table."""

from __future__ import annotations

from pathlib import Path

from briefing.check import find_problems
from briefing.load import load_project

EVENTS = "content/data/timeline.yml"


def problems(site: Path) -> list[str]:
    return [str(p) for p in find_problems(load_project(site))]


def test_the_tiny_fixture_is_clean(make_site):
    assert problems(make_site()) == []


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
    assert any("'id' must be an id (lower-case letters" in line for line in found)
