"""The timeline's pictures as plain geometry, drawn by templates as inline SVG:

- a strip of one page's events, each date drawn with its uncertainty: a day as a point,
  a month, a part of a year or a range as a span, an undated event placed before or
  after a dated one as an arrow to it (templates/_strip.html);
- the density of a split timeline: a bar per period page, its height the page's events
  (templates/_density.html).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from .dates import MONTHS, When
from .timeline import PART_MONTHS, earliest

WIDTH = 640  # about the text column's width in CSS pixels, so 13px labels read as 13px
LABEL_WIDTH = 150  # the date text at the left of each row
RIGHT_MARGIN = 16
ROW = 22
AXIS = 30  # room for the tick labels under the rows
STRIP_UP_TO = 40
"""A page of more events than this gets no strip: its rows would run for screens."""
DENSITY_HEIGHT = 80


class Tick(NamedTuple):
    x: float
    label: str


class Mark(NamedTuple):
    """One event's row: what to draw, where, and the words that say it."""

    y: float
    label: str  # the date as the page gives it
    title: str  # the event's title, for the row's tooltip and description
    shape: str  # point, span, before, after or none (undated, not placed)
    x1: float
    x2: float
    approximate: bool


class Strip(NamedTuple):
    width: int
    height: int
    axis_y: float
    axis_x1: float
    axis_x2: float
    ticks: list[Tick]
    marks: list[Mark]
    summary: str  # what the picture shows, in words (the SVG's description)


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    filename: str
    heading: str
    count: int


class Density(NamedTuple):
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    summary: str


def last_day(when: When) -> date:
    """The latest day a dated event may have happened."""
    assert when.end is not None
    if when.precision == "part":
        last_month = PART_MONTHS[when.part][1]
        following = date(when.end.year + 1, 1, 1) if last_month == 12 else \
            date(when.end.year, last_month + 1, 1)
        return following - timedelta(days=1)
    return when.end


def ticks_between(first: date, last: date) -> list[tuple[date, str]]:
    """Round dates to label an axis from first to last: months, years or decades."""
    years = last.year - first.year
    months = years * 12 + last.month - first.month
    if years < 2:
        step = next(s for s, most in ((1, 8), (2, 16), (3, 30)) if months <= most)
        marks, (year, month) = [], (first.year, first.month)
        while (year, month) <= (last.year, last.month):
            if (month - 1) % step == 0:
                marks.append((date(year, month, 1), f"{MONTHS[month][:3]} {year}"))
            year, month = year + month // 12, month % 12 + 1
        return marks
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if years / s <= 8)
    start = first.year // step * step + (step if first.year % step else 0)
    return [(date(year, 1, 1), str(year)) for year in range(max(start, 1), last.year + 1, step)]


class Scale(NamedTuple):
    first: int  # the first day's ordinal
    after: int  # the ordinal of the day after the last (which date may not reach)
    x1: float
    x2: float

    def x(self, day: date, plus_days: int = 0) -> float:
        """Where a day starts on the axis (plus_days=1: where it ends)."""
        span = max(self.after - self.first, 1)
        at = day.toordinal() + plus_days - self.first
        return round(self.x1 + (self.x2 - self.x1) * at / span, 1)


def event_strip(rows: Sequence[tuple[str, When, When | None, str, str]]) -> Strip | None:
    """The strip of a page's events: (title, when, its anchor's when, word, date text) per
    event in page order, word being before or after for a placed undated event."""
    dated = [when for _, when, anchor, _, _ in rows for when in (when, anchor)
             if when is not None and when.dated]
    if not dated or len(rows) > STRIP_UP_TO:
        return None
    placed = [row for row in rows if row[1].dated or row[2] is not None]
    left_out = len(rows) - len(placed)
    rows = placed  # an undated event placed nowhere has no place on an axis
    first = min(earliest(when) for when in dated)
    last = max(last_day(when) for when in dated)
    scale = Scale(first.toordinal(), last.toordinal() + 1, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)
    marks = [mark(scale, n * ROW + ROW / 2, *row) for n, row in enumerate(rows)]
    height = len(rows) * ROW + AXIS
    summary = (f"{len(rows)} of {len(rows) + left_out} events drawn on a time axis from "
               f"{first.day} {MONTHS[first.month]} {first.year} to {last.day} "
               f"{MONTHS[last.month]} {last.year}: a dot is a known "
               "day; a bar is a month, part of a year or range, the span the date allows; a "
               "dashed bar an approximate date; an arrow an undated event placed before or "
               "after a dated one. " + unplaced(left_out) +
               "The list below gives every date in words.")
    return Strip(WIDTH, height, len(rows) * ROW + 4, scale.x1, scale.x2,
                 [Tick(scale.x(day), label) for day, label in ticks_between(first, last)],
                 marks, summary)


def unplaced(count: int) -> str:
    if not count:
        return ""
    return ("1 undated event placed nowhere is not drawn. " if count == 1 else
            f"{count} undated events placed nowhere are not drawn. ")


def mark(scale: Scale, y: float, title: str, when: When, anchor: When | None, word: str,
         text: str) -> Mark:
    if when.dated:
        shape = "point" if when.precision == "day" else "span"
        x1, x2 = scale.x(earliest(when)), scale.x(last_day(when), plus_days=1)
        if shape == "span" and x2 - x1 < 3:  # keep a short span visible
            x2 = x1 + 3
        return Mark(y, text, title, shape, x1, x2, when.approximate)
    if anchor is not None and anchor.dated:
        at = scale.x(earliest(anchor))
        if word == "before":
            return Mark(y, text, title, "before", scale.x1, at, False)
        return Mark(y, text, title, "after", at, scale.x2, False)
    return Mark(y, text, title, "none", 0, 0, False)


def density(periods: Sequence[tuple[str, str, int, str]]) -> Density:
    """Bars for the dated periods of a split timeline: (filename, heading, count, era)
    each; the axis names each era (a month's year, a year's decade) where it starts."""
    width, left, right = WIDTH, 10, WIDTH - 10
    most = max((count for _, _, count, _ in periods), default=1) or 1
    slot = (right - left) / max(len(periods), 1)
    bars, starts = [], []
    for n, (filename, heading, count, era) in enumerate(periods):
        height = max(round((DENSITY_HEIGHT - 10) * count / most, 1), 1.0)
        bars.append(Bar(round(left + n * slot, 1), round(DENSITY_HEIGHT - height, 1),
                        round(max(slot - 1, 0.5), 1), height, filename, heading, count))
        if not starts or starts[-1][1] != era:
            starts.append((bars[-1].x, era))
    step = -(-len(starts) // 10)  # at most ten labels, each where its era starts
    ticks = [Tick(x, era) for x, era in starts[::step]]
    busiest = max(periods, key=lambda p: p[2]) if periods else ("", "", 0, "")
    summary = (f"{len(periods)} periods; the busiest, {busiest[1]}, has "
               f"{busiest[2]:,} events. The list below gives every period and its count.")
    return Density(width, DENSITY_HEIGHT + AXIS, bars, ticks, summary)
