"""Dates as reporting and history give them: a day, a month, a year, a decade, a range at
any precision, an approximation, part of a year, or none.

Written forms (the content format):
    2026-01-28               a day
    2026-01                  a month
    2026                     a year
    1950s                    a decade
    2026-01-25/2026-01-26    a range; each end at its own precision: 1943/1946,
                             1943-07/1946, 1815-12-10/1852-11-27, 1950s/1970s
    c. 2025-12               approximate (any of the above but part and undated)
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
PRECISIONS = ("day", "month", "year", "decade", "range", "part", "undated")
"""Every precision a date may have; a range's two ends each have one of the first four."""

_SINGLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DECADE = re.compile(r"^(\d{3})0s$")
_PART = re.compile(r"^(early|mid|late) (\d{4})$")
_APPROX = re.compile(r"^c\.\s*(.+)$")
FORMS = ("write YYYY-MM-DD, YYYY-MM, YYYY, a decade such as 1950s, a range A/B of any of "
         "these, 'c. ' before a date, 'early|mid|late YYYY', or 'undated'")


class DateError(ValueError):
    """A date that cannot be read; the message says what is wrong and how to write it."""


@dataclass(frozen=True)
class When:
    """A date with its precision: 'day', 'month', 'year', 'decade', 'range', 'part' or
    'undated'. A range keeps the precision of each end (start_precision, end_precision)."""

    precision: str
    start: date | None = None
    end: date | None = None
    approximate: bool = False
    part: str = ""  # early, mid or late, for precision 'part'
    start_precision: str = ""  # for a range: day, month, year or decade
    end_precision: str = ""

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
        """A valid HTML `datetime` value at this precision ('' when there is none: undated,
        or a decade, which HTML cannot state). A range gives its start."""
        if self.start is None:
            return ""
        return _iso(self.start, self.start_precision or self.precision)

    @property
    def end_iso(self) -> str:
        """A range's end at its own precision ('' for anything else)."""
        if self.precision != "range" or self.end is None:
            return ""
        return _iso(self.end, self.end_precision, end=True)


UNDATED = When("undated")


def _iso(day: date, precision: str, end: bool = False) -> str:
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return day.isoformat()[:7]
    if precision in ("year", "part"):
        return f"{day.year:04d}"  # HTML's year has four digits or more
    return ""  # a decade: no HTML date form says "some year of the 1950s"


def _last_day(day: date) -> int:
    if day.month == 12:
        return 31  # and December 9999 has no following month to count back from
    return (date(day.year, day.month + 1, 1) - timedelta(days=1)).day


def _single_text(day: date, precision: str) -> str:
    if precision == "day":
        return f"{day.day} {MONTHS[day.month]} {day.year}"
    if precision == "month":
        return f"{MONTHS[day.month]} {day.year}"
    if precision == "decade":
        return f"{day.year // 10 * 10}s"
    return str(day.year)


def _describe(when: When) -> str:
    start, end = when.start, when.end
    if start is None or end is None:
        return "Undated"
    if when.precision == "part":
        return f"{when.part.capitalize()} {start.year}"
    if when.precision != "range":
        return _single_text(start, when.precision)
    return _describe_range(start, end, when.start_precision, when.end_precision)


def _describe_range(start: date, end: date, first: str, last: str) -> str:
    """A range as typeset, the shared year or month said once where both ends agree."""
    if first == last == "day" and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DASH}{end.day} {MONTHS[end.month]} {end.year}"
    if first == last in ("day", "month") and start.year == end.year:
        shown = (f"{start.day} {MONTHS[start.month]}" if first == "day"
                 else MONTHS[start.month])
        return f"{shown} {DASH} {_single_text(end, last)}"
    return f"{_single_text(start, first)} {DASH} {_single_text(end, last)}"


def _single(text: str) -> When:
    """A day, a month, a year or a decade."""
    decade = _DECADE.match(text)
    if decade:
        first = int(decade[1]) * 10
        return When("decade", date(first, 1, 1), date(first + 9, 12, 31))
    match = _SINGLE.match(text)
    if not match:
        raise DateError(f"'{text}' is not a date this format knows", FORMS)
    year, month, day = int(match[1]), match[2], match[3]
    if year < 1:
        raise DateError(f"'{text}' has no year 0", "years run from 0001")
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
    assert first.start and last.start and first.end and last.end
    if last.end <= first.end or last.start < first.start:
        raise DateError(f"the range '{text}' ends before it starts, or where it starts",
                        "put the earlier date first, and a later one after the slash")
    return When("range", first.start, last.end, start_precision=first.precision,
                end_precision=last.precision)


def parse_when(value: object) -> When:
    """Read a date in any of the written forms above; raise DateError saying how to fix it."""
    if not isinstance(value, str | int):
        raise DateError("a date must be text such as 2026-01-28", "quote it if in doubt")
    return _parse_text(" ".join(str(value).split()))


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> When:
    """parse_when for text with its spaces normalised; kept by text, as the same dates come
    up again and again (many events a day)."""
    if text.lower() == "undated":
        return UNDATED
    approx = _APPROX.match(text)
    if approx:
        inner = parse_when(approx[1])
        if inner.approximate or inner.precision in ("undated", "part"):
            raise DateError(f"'{text}' cannot be approximate", "use 'c. ' before a plain date")
        return When(inner.precision, inner.start, inner.end, approximate=True,
                    start_precision=inner.start_precision, end_precision=inner.end_precision)
    part = _PART.match(text.lower())
    if part:
        year = int(part[2])
        if year < 1:
            raise DateError(f"'{text}' has no year 0", "years run from 0001")
        return When("part", date(year, 1, 1), date(year, 12, 31), part=part[1])
    if "/" in text:
        return _range(text)
    return _single(text)
