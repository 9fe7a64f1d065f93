"""Where each event stands on the timeline: date order, grouped by month or year, and
undated events beside the dated event their sources place them before or after."""

from __future__ import annotations

import itertools
import re
from typing import Generic, NamedTuple, TypeVar

from .dates import UNDATED, When
from .records import EventRecord

E = TypeVar("E")


class TimelineGroup(NamedTuple, Generic[E]):
    anchor: str
    heading: str
    events: list[E]


def slug(heading: str) -> str:
    """An anchor from a heading: 'January 2026' -> 'january-2026'."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def group_events(events: list[tuple[E, EventRecord]]) -> list[TimelineGroup[E]]:
    """Each event (with the record it was made from) placed, sorted and grouped."""
    when_of = {record.id: record.when for _, record in events}
    placed = [(*placement(record, index, when_of), event)
              for index, (event, record) in enumerate(events)]
    placed.sort(key=lambda item: item[0])
    return [TimelineGroup(anchor, heading, [item[-1] for item in items])
            for (anchor, heading), items in itertools.groupby(
                placed, key=lambda item: item[1:3])]


def placement(record: EventRecord, index: int, when_of: dict[str, When],
              ) -> tuple[tuple, str, str]:
    """(sort key, group anchor, group heading)."""
    when = record.when
    if when.dated:
        year, place, start, end, precision = when.sort_key
        heading = when.group[1]
        return (year, place, 0, start, end, precision, "", index), slug(heading), heading
    anchor_id = record.before or record.after
    if anchor_id:
        target = when_of[anchor_id]
        word = "before" if record.before else "after"
        year, place, start, end, precision = target.sort_key
        key = (year, place, -1 if record.before else 1, start, end, precision, anchor_id, index)
        return key, f"undated-{word}-{anchor_id}", f"Undated, placed {word} {target.text}"
    return (*UNDATED.sort_key[:2], 2, index), "undated", "Undated"
