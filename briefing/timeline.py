"""Where each event stands on the timeline, and on which page.

The order (README, "Where events fall"): every event sorts by the earliest day its date
allows, "late 2025" from 1 September 2025 and "early 2026" from 1 January 2026; among
events starting on the same day the vaguer comes first (1950s, 1950, early 1950, January
1950, 1 January 1950). An undated event placed `before:` a dated one stands directly
before it, `after:` directly after it; undated events with no such place come last.

Groups are the unit that fits the span (a month for a story of weeks, a year or a decade
for a history). A large timeline is split into one page per period (a month, a year or a
decade): an event's page depends only on its own date (or its anchor's), never on the
other events, so adding events never moves one already published.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any, Generic, NamedTuple, TypeVar

from .dates import MONTHS, When
from .records import EventRecord

E = TypeVar("E")
UNITS = ("month", "year", "decade")
PAGE_SETTINGS = ("auto", "single", *UNITS)
SPLIT_OVER = 300
"""With `timeline_pages: auto` (the default), a timeline of more events than this is
split into one page per year; up to it, the timeline is one page."""
CROWDED = 600
"""A period page holding more events than this is heavy to open; the check says which
finer unit would split it."""
MONTHS_UP_TO = 3
"""A timeline spanning at most this many calendar years is grouped by month..."""
YEARS_UP_TO = 60
"""...one spanning at most this many by year, and any longer one by decade."""
PRECISION_ORDER = {"decade": 0, "year": 1, "part": 2, "month": 3, "range": 4, "day": 5}
"""Among events starting on the same day, the vaguer first: 1950s before 1950 before
early 1950 before January 1950 before 1 January 1950."""
PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
"""The months each part of a year covers: early is January to April, mid May to August,
late September to December."""
SINGLE_PAGE = "timeline.html"
UNDATED_PAGE = "timeline-undated.html"
FINER = {"decade": "year", "year": "month", "month": "month"}
"""How a period page groups its events."""


class Anchor(NamedTuple):
    """Where an undated event stands: directly before or after a dated one."""

    word: str  # before or after
    event_id: str
    page: str  # the output file the dated event is on
    when_text: str
    title: str


class TimelineGroup(NamedTuple, Generic[E]):
    anchor: str
    heading: str
    events: list[E]


class PageLink(NamedTuple):
    filename: str
    heading: str


class TimelinePage(NamedTuple, Generic[E]):
    """One page of the timeline: the whole of it, or one period (or the undated events)."""

    filename: str  # timeline.html, or e.g. timeline-2026.html, timeline-2026-01.html
    heading: str  # '' for the whole timeline; e.g. '2026', 'January 2026', 'Undated'
    era: str  # what the list of periods files it under: a month's year, a year's decade
    groups: list[TimelineGroup[E]]
    previous: PageLink | None
    next: PageLink | None
    strip: Any = None  # the picture of its dates (a strip.Strip), when it has one

    @property
    def count(self) -> int:
        return sum(len(group.events) for group in self.groups)

    @property
    def events(self) -> list[E]:
        return [event for group in self.groups for event in group.events]


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


def page_unit(setting: str, count: int) -> str:
    """The unit of the timeline's pages ('single' for one page) for a setting of site.yml."""
    if setting in ("", "auto"):
        return "single" if count <= SPLIT_OVER else "year"
    return setting


def earliest(when: When) -> date:
    """The earliest day a dated event may have happened: where it sorts."""
    assert when.start is not None
    if when.precision == "part":
        return date(when.start.year, PART_MONTHS[when.part][0], 1)
    return when.start


def precision_of(when: When) -> str:
    return when.start_precision or when.precision


def date_key(when: When) -> tuple[int, int, int]:
    assert when.end is not None
    return (earliest(when).toordinal(), PRECISION_ORDER.get(precision_of(when), 9),
            when.end.toordinal())


def group_of(when: When, unit: str) -> tuple[tuple[int, int], str]:
    """The group a dated event falls in, in `unit`: (where the group sorts, its heading).
    A date vaguer than the unit has a group of its own where its period starts."""
    start, precision = earliest(when), precision_of(when)
    decade = start.year // 10 * 10
    decade_starts = date(max(decade, 1), 1, 1).toordinal()  # the 0s start in year 1
    if unit == "decade":
        return (decade_starts, 0), f"{decade}s"
    if precision == "decade":
        return (decade_starts, 0), f"{decade}s, year not given"
    if unit == "year":
        return (date(start.year, 1, 1).toordinal(), 1), str(start.year)
    if precision == "year":
        return (start.toordinal(), 1), f"{start.year}, month not given"
    if precision == "part":
        return (start.toordinal(), 2), f"{when.part.capitalize()} {start.year}"
    return (start.replace(day=1).toordinal(), 3), f"{MONTHS[start.month]} {start.year}"


def period_of(when: When, unit: str) -> tuple[int, str, str, str]:
    """The page a dated event is on, for pages of `unit`: the period holding the
    earliest day it allows. (where it sorts, filename, heading, era)"""
    start = earliest(when)
    decade, century = start.year // 10 * 10, start.year // 100 * 100
    if unit == "decade":
        return (date(max(decade, 1), 1, 1).toordinal(), f"timeline-{decade:04d}s.html",
                f"{decade}s", f"{century}s")
    if unit == "year":
        return (date(start.year, 1, 1).toordinal(), f"timeline-{start.year:04d}.html",
                str(start.year), f"{decade}s")
    return (start.replace(day=1).toordinal(),
            f"timeline-{start.year:04d}-{start.month:02d}.html",
            f"{MONTHS[start.month]} {start.year}", str(start.year))


class Placed(NamedTuple):
    key: tuple  # where the event sorts on the whole timeline
    page: tuple[int, str, str, str]  # (where its page sorts, filename, heading, era)
    group: tuple[tuple[int, int], str]  # (where its group sorts, heading)
    record: EventRecord


UNDATED_PLACE = (1 << 40, UNDATED_PAGE, "Undated", "Undated")
"""The page of the undated events placed nowhere: after every period."""


def page_of(when: When | None, unit: str) -> tuple[int, str, str, str]:
    """The page an event stands on, from the date it is placed by (its own, or its
    anchor's; None for an undated event placed nowhere): (where it sorts, filename,
    heading, era)."""
    if when is None:
        return UNDATED_PLACE
    return (0, SINGLE_PAGE, "", "") if unit == "single" else period_of(when, unit)


def place(record: EventRecord, index: int, records: dict[str, tuple[int, EventRecord]],
          pages: str, groups: str) -> Placed:
    """An event's place: its sort key, its page and its group."""
    anchor_id = record.before or record.after
    if record.when.dated:
        when, key = record.when, (0, *date_key(record.when), index, 0, 0)
    elif anchor_id:
        index_of_anchor, anchor = records[anchor_id]
        when = anchor.when
        key = (0, *date_key(when), index_of_anchor, -1 if record.before else 1, index)
    else:
        return Placed((1, index), UNDATED_PLACE, ((1 << 40, 0), "Undated"), record)
    return Placed(key, page_of(when, pages), group_of(when, groups), record)


def plan_timeline(records: list[EventRecord], pages_setting: str = "auto",
                  groups_setting: str = "") -> list[TimelinePage[EventRecord]]:
    """Every event placed, sorted, grouped and paged (README, "Where events fall")."""
    unit = page_unit(pages_setting, len(records))
    groups = (groups_setting or fitting_unit([r.when for r in records])) \
        if unit == "single" else FINER[unit]
    by_id = {record.id: (index, record) for index, record in enumerate(records)}
    placed = sorted((place(record, index, by_id, unit, groups)
                     for index, record in enumerate(records)),
                    key=lambda item: (item.page, item.group[0], item.key))
    made = []
    for (_, filename, heading, era), on_page in itertools.groupby(placed, key=lambda p: p.page):
        if unit == "single" and filename == UNDATED_PAGE:
            filename, heading, era = SINGLE_PAGE, "", ""
        made.append((filename, heading, era, [
            TimelineGroup(slug(group_heading), group_heading, [item.record for item in items])
            for (_, group_heading), items in itertools.groupby(on_page, key=lambda p: p.group)]))
    merged = merge_same_page(made)
    return [TimelinePage(filename, heading, era, groups_of_page,
                         PageLink(*merged[n - 1][:2]) if n else None,
                         PageLink(*merged[n + 1][:2]) if n + 1 < len(merged) else None)
            for n, (filename, heading, era, groups_of_page) in enumerate(merged)]


Made = tuple[str, str, str, list[TimelineGroup]]


def merge_same_page(made: list[Made]) -> list[Made]:
    """One entry per page: a single-page timeline's undated events join its dated ones."""
    merged: list[Made] = []
    for filename, heading, era, groups in made:
        if merged and merged[-1][0] == filename:
            merged[-1][3].extend(groups)
        else:
            merged.append((filename, heading, era, list(groups)))
    return merged or [(SINGLE_PAGE, "", "", [])]


class PeriodLink(NamedTuple):
    filename: str
    heading: str
    count: int


class Era(NamedTuple):
    """A heading of the list of periods: a year of month pages, a decade of year pages."""

    anchor: str
    heading: str
    pages: list[PeriodLink]


def eras(pages: Sequence[TimelinePage]) -> list[Era]:
    """The periods of a split timeline, under their eras, in order."""
    return [Era(slug(era), era, [PeriodLink(p.filename, p.heading, p.count) for p in group])
            for era, group in itertools.groupby(pages, key=lambda page: page.era)]


def crowded_pages(records: list[EventRecord], pages_setting: str) -> list[tuple[str, int]]:
    """The pages holding more than CROWDED events: (filename, count). Counted by each
    event's page, the rule plan_timeline follows, without sorting the timeline."""
    unit = page_unit(pages_setting, len(records))
    if unit == "single":
        return [(SINGLE_PAGE, len(records))] if len(records) > CROWDED else []
    when_of = {record.id: record.when for record in records}
    counts = Counter(page_of(record.when if record.when.dated else
                             when_of.get(record.before or record.after), unit)[1]
                     for record in records)
    return sorted((filename, count) for filename, count in counts.items() if count > CROWDED)
