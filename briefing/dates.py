"""Dates as reporting gives them: a day, a month, a year, a range, an approximation, or none.

Written forms (the content format):
    2026-01-28               a day
    2026-01                  a month
    2026                     a year
    2026-01-25/2026-01-26    a range of days (or of months: 2025-11/2025-12)
    c. 2025-12               approximate (any of the three above)
    early 2026               part of a year: early, mid or late
    undated                  no date is known
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

DASH = "\u2013"  # an en dash, as ranges are typeset
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
"""English month names, whatever the locale (calendar.month_name follows the locale)."""
PARTS = {"early": 0.5, "mid": 6.5, "late": 12.5}
"""Where a part of a year sorts among that year's months (January is 1)."""

_SINGLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PART = re.compile(r"^(early|mid|late) (\d{4})$")
_APPROX = re.compile(r"^c\.\s*(.+)$")


class DateError(ValueError):
    """A date that cannot be read; the message says what is wrong and how to write it."""


@dataclass(frozen=True)
class When:
    """A date with its precision: 'day', 'month', 'year', 'range', 'part' or 'undated'."""

    precision: str
    start: date | None = None
    end: date | None = None
    approximate: bool = False
    part: str = ""  # early, mid or late, for precision 'part'

    @property
    def dated(self) -> bool:
        return self.start is not None

    @cached_property
    def text(self) -> str:
        """The date as a reader should see it, no more precise than the source."""
        prefix = "c. " if self.approximate else ""
        return prefix + _describe(self)

    @cached_property
    def iso(self) -> str:
        """A valid HTML `datetime` value at this precision ('' when undated)."""
        if self.start is None or self.end is None:
            return ""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        if self.precision in ("year", "part"):
            return str(self.start.year)
        if self.start.day == 1 and self.end.day == _last_day(self.end):
            return self.start.isoformat()[:7]  # a range of months: its first month
        return self.start.isoformat()

    @cached_property
    def sort_key(self) -> tuple[int, float, int, int, str]:
        """Orders dates by timeline group, then start, then how much they cover. Flat, and
        days as numbers: a large timeline sorts several times faster than with nested
        tuples of dates."""
        if self.start is None or self.end is None:
            return (9999, 99.0, date.max.toordinal(), date.max.toordinal(), "")
        year, place = self.group[0]
        return (year, place, self.start.toordinal(), self.end.toordinal(), self.precision)

    @cached_property
    def group(self) -> tuple[tuple[int, float], str]:
        """The timeline group: (sort position, heading). Month when known, else the year."""
        assert self.start is not None, "undated events have no month group"
        year = self.start.year
        if self.precision == "year":
            return (year, 0.0), f"{year}, month not given"
        if self.precision == "part":
            return (year, PARTS[self.part]), f"{self.part.capitalize()} {year}"
        return (year, float(self.start.month)), f"{MONTHS[self.start.month]} {year}"


UNDATED = When("undated")


def _last_day(day: date) -> int:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _describe(when: When) -> str:
    start, end = when.start, when.end
    if start is None or end is None:
        return "Undated"
    if when.precision == "day":
        return f"{start.day} {MONTHS[start.month]} {start.year}"
    if when.precision == "month":
        return f"{MONTHS[start.month]} {start.year}"
    if when.precision == "year":
        return str(start.year)
    if when.precision == "part":
        return f"{when.part.capitalize()} {start.year}"
    return _describe_range(start, end)


def _describe_range(start: date, end: date) -> str:
    whole_months = start.day == 1 and end.day == _last_day(end)
    if whole_months:
        first = MONTHS[start.month] + ("" if start.year == end.year else f" {start.year}")
        return f"{first} {DASH} {MONTHS[end.month]} {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DASH}{end.day} {MONTHS[end.month]} {end.year}"
    first = f"{start.day} {MONTHS[start.month]}" + (
        "" if start.year == end.year else f" {start.year}"
    )
    return f"{first} {DASH} {end.day} {MONTHS[end.month]} {end.year}"


def _single(text: str) -> When:
    match = _SINGLE.match(text)
    if not match:
        raise DateError(
            f"'{text}' is not a date this format knows",
            "write YYYY-MM-DD, YYYY-MM, YYYY, a range A/B, 'c. ' before a date, "
            "'early|mid|late YYYY', or 'undated'",
        )
    year, month, day = int(match[1]), match[2], match[3]
    if month is None:
        return When("year", date(year, 1, 1), date(year, 12, 31))
    if not 1 <= int(month) <= 12:
        raise DateError(f"'{text}' has no month {month}", "months run from 01 to 12")
    first = date(year, int(month), 1)
    if day is None:
        return When("month", first, first.replace(day=_last_day(first)))
    if not 1 <= int(day) <= _last_day(first):
        raise DateError(
            f"'{text}' is not a real day: {MONTHS[first.month]} {year} has "
            f"{_last_day(first)} days",
            "check the day of the month",
        )
    exact = date(year, int(month), int(day))
    return When("day", exact, exact)


def _range(text: str) -> When:
    first_text, _, last_text = (part.strip() for part in text.partition("/"))
    try:
        first, last = _single(first_text), _single(last_text)
    except DateError as error:
        if "format knows" not in error.args[0]:
            raise
        raise DateError(f"'{text}' is not a date this format knows", error.args[1]) from None
    if first.precision != last.precision or first.precision == "year":
        raise DateError(
            f"the range '{text}' mixes precisions",
            "give both ends as days (2026-01-25/2026-01-26) or both as months",
        )
    assert first.start and last.start and last.end
    if last.start <= first.start:
        raise DateError(f"the range '{text}' ends before it starts", "put the earlier date first")
    return When("range", first.start, last.end)


def parse_when(value: object) -> When:
    """Read a date in any of the written forms above; raise DateError saying how to fix it."""
    if not isinstance(value, str | int):
        raise DateError("a date must be text such as 2026-01-28", "quote it if in doubt")
    return _parse_text(" ".join(str(value).split()))


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> When:
    """parse_when for text with its spaces normalized; kept by text, as the same dates come
    up again and again (many events a day, every rebuild under serve)."""
    if text.lower() == "undated":
        return UNDATED
    approx = _APPROX.match(text)
    if approx:
        inner = parse_when(approx[1])
        if inner.approximate or inner.precision in ("undated", "part"):
            raise DateError(f"'{text}' cannot be approximate", "use 'c. ' before a plain date")
        return When(inner.precision, inner.start, inner.end, approximate=True)
    part = _PART.match(text.lower())
    if part:
        year = int(part[2])
        return When("part", date(year, 1, 1), date(year, 12, 31), part=part[1])
    if "/" in text:
        return _range(text)
    return _single(text)
