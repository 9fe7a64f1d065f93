"""Where each event stands on the timeline: date order, grouped by the unit that fits the
span (a month for a story of weeks, a year or a decade for a history), and undated
events beside the dated event their sources place them before or after, or at the end."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Generic, NamedTuple, TypeVar

from .dates import MONTHS, PARTS, When
from .records import EventRecord

E = TypeVar("E")
UNITS = ("month", "year", "decade")
MONTHS_UP_TO = 3
"""A timeline spanning at most this many calendar years is grouped by month..."""
YEARS_UP_TO = 60
"""...one spanning at most this many by year, and any longer one by decade."""
PRECISION_ORDER = {"decade": 0, "year": 1, "part": 2, "month": 3, "range": 4, "day": 5}
"""Among events starting on the same day, the vaguer first: 1950s before 1950 before
January 1950 before 1 January 1950."""


class TimelineGroup(NamedTuple, Generic[E]):
    anchor: str
    heading: str
    events: list[E]


def slug(heading: str) -> str:
    """An anchor from a heading: 'January 2026' -> 'january-2026'."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def fitting_unit(dates: Sequence[When]) -> str:
    """The grouping that fits the span of these dates: month, year or decade."""
    dated = [when for when in dates if when.start and when.end]
    if not dated:
        return "month"
    years = max(w.end.year for w in dated) - min(w.start.year for w in dated) + 1  # type: ignore[union-attr]
    if years <= MONTHS_UP_TO:
        return "month"
    return "year" if years <= YEARS_UP_TO else "decade"


def group_of(when: When, unit: str) -> tuple[tuple[int, float], str]:
    """The group a dated event falls in: (where the group sorts, its heading). A date
    vaguer than the unit gets a group of its own at the start of its period."""
    assert when.start is not None
    year, decade = when.start.year, when.start.year // 10 * 10
    precision = when.start_precision or when.precision
    if precision == "decade" or unit == "decade":
        heading = f"{decade}s" if unit == "decade" else f"{decade}s, year not given"
        return (decade, -1.0 if unit != "decade" else 0.0), heading
    if unit == "year":
        return (year, 0.0), str(year)
    if precision == "part":
        return (year, PARTS[when.part]), f"{when.part.capitalize()} {year}"
    if precision == "year":
        return (year, 0.0), f"{year}, month not given"
    return (year, float(when.start.month)), f"{MONTHS[when.start.month]} {year}"


def group_events(events: list[tuple[E, EventRecord]], unit: str | None = None,
                 ) -> list[TimelineGroup[E]]:
    """Each event (with the record it was made from) placed, sorted and grouped; unit:
    month, year or decade, or None for the one that fits the events' span."""
    unit = unit or fitting_unit([record.when for _, record in events])
    when_of = {record.id: record.when for _, record in events}
    placed = [(*placement(record, index, when_of, unit), event)
              for index, (event, record) in enumerate(events)]
    placed.sort(key=lambda item: item[0])
    return [TimelineGroup(anchor, heading, [item[-1] for item in items])
            for (anchor, heading), items in itertools.groupby(
                placed, key=lambda item: item[1:3])]


def date_key(when: When) -> tuple[int, int, int]:
    assert when.start and when.end
    return (when.start.toordinal(), PRECISION_ORDER.get(when.start_precision or
                                                        when.precision, 9),
            when.end.toordinal())


def placement(record: EventRecord, index: int, when_of: dict[str, When], unit: str,
              ) -> tuple[tuple, str, str]:
    """(sort key, group anchor, group heading)."""
    when = record.when
    if when.dated:
        position, heading = group_of(when, unit)
        return (0, position, 0, date_key(when), "", index), slug(heading), heading
    anchor_id = record.before or record.after
    if anchor_id:
        target = when_of[anchor_id]
        word = "before" if record.before else "after"
        position, _ = group_of(target, unit)
        key = (0, position, -1 if record.before else 1, date_key(target), anchor_id, index)
        return key, f"undated-{word}-{anchor_id}", f"Undated, placed {word} {target.text}"
    return (1, (0, 0.0), 0, (0, 0, 0), "", index), "undated", "Undated"
