"""The model's timeline: the plan of timeline.py (which event on which page, in which
group) filled with the model's events, each page with the strip of its dates."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .records import EventRecord
from .strip import Strip, event_strip
from .timeline import Anchor, TimelineGroup, TimelinePage

E = TypeVar("E")
MakeEvent = Callable[[EventRecord, str, Anchor | None], E]
"""Makes the model's event from its record, the page it is on and where it is placed."""


def paged_timeline(plan: list[TimelinePage[EventRecord]], records: list[EventRecord],
                   make_event: MakeEvent[E]) -> list[TimelinePage[E]]:
    """The events of the plan (timeline.plan_timeline) page by page, made in reading
    order, so that each citation is numbered on the page it stands on."""
    page_of = {record.id: page.filename for page in plan for record in page.events}
    by_id = {record.id: record for record in records}

    def anchor(record: EventRecord) -> Anchor | None:
        target = record.before or record.after
        if not target:
            return None
        dated = by_id[target]
        return Anchor("before" if record.before else "after", target, page_of[target],
                      dated.when.text, dated.title)

    def strip(events: list[EventRecord]) -> Strip | None:
        rows = []
        for record in events:
            placed = anchor(record)
            target = by_id[placed.event_id].when if placed else None
            text = f"Undated, {placed.word} {placed.when_text}" if placed else record.when.text
            rows.append((record.title, record.when, target, placed.word if placed else "",
                         text))
        return event_strip(rows)

    return [TimelinePage(page.filename, page.heading, page.era, [
        TimelineGroup(group.anchor, group.heading,
                      [make_event(record, page.filename, anchor(record))
                       for record in group.events])
        for group in page.groups], page.previous, page.next, strip(page.events))
        for page in plan]
