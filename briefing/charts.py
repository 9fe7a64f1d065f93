"""Charts of key figures: what each reported value allows, placed on one numeric axis.

A value is read from its text, never made more precise than the words:

    141, 4.8, 10 billion, 200,000 each     a point
    about X, roughly X, around X           a point marked as approximate (hollow)
    more than X, over X, at least X        a point with an arrow open to the right
    up to X, fewer than X, less than X     a point with an arrow open to the left
    X to Y, X-Y, between X and Y           the range the source gives
    several hundred thousand, thousands    the band the words allow (VAGUE, PLURALS)

Text it cannot read is not drawn, and the chart says so. An author may give a value's
bounds instead (`low:` and `high:`). Only plain numbers and coordinates are made here;
templates/_fact_chart.html draws them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple

VAGUE = {"a couple of": (2, 2), "a few": (2, 5), "several": (2, 9)}
"""Words that count a scale loosely: `several hundred thousand` is 200,000 to 900,000."""
PLURALS = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
           "billions": 1e9}
"""`hundreds of thousands`: 2 to 9 times the scale (200,000 to 900,000), as `several`."""
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}
APPROXIMATE = ("approximately", "about", "roughly", "around", "nearly", "almost", "some",
               "circa", "c.", "~")
ABOVE = {"more than": False, "over": False, "above": False, "upwards of": False,
         "in excess of": False, "at least": True, "no fewer than": True,
         "no less than": True}
"""Open to the right; True where the number itself is included."""
BELOW = {"up to": True, "at most": True, "no more than": True, "fewer than": False,
         "less than": False, "under": False, "below": False}
AFTER_ABOVE = ("or more", "and more", "plus", "+")
CURRENCIES = ("us$", "$", "€", "£", "¥")
NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")


class Reading(NamedTuple):
    """What a value's text allows: a shape and its bounds (None where open)."""

    shape: str  # point, approximate, above, below, range, band, bounds or none
    low: float | None
    high: float | None
    unit: str  # '%', 'times', a currency sign, or ''
    inclusive: bool = True  # for above and below: whether the number itself is included


UNREAD = Reading("none", None, None, "")


def scale_of(words: list[str]) -> float | None:
    """The product of scale words such as ['hundred', 'thousand'], None if one is not."""
    product = 1.0
    for word in words:
        if word not in SCALES:
            return None
        product *= SCALES[word]
    return product


class Number(NamedTuple):
    value: float  # scale words applied
    scale: float  # the scale words' product: 1e6 for '2 million'
    unit: str
    rest: str  # the words after it


def number_at(text: str) -> Number | None:
    """A number at the start of text, with its scale words, unit and the words after it."""
    unit = ""
    for sign in CURRENCIES:
        if text.startswith(sign):
            unit, text = sign.upper(), text[len(sign):].lstrip()
            break
    match = NUMBER.match(text)
    if match:
        value, rest = float(match[0].replace(",", "")), text[match.end():]
    else:
        first, _, rest = text.partition(" ")
        if first not in NUMBER_WORDS or (first in ("a", "an")
                                         and rest.split(" ")[0] not in SCALES):
            return None
        value = NUMBER_WORDS[first]
    words, scale = rest.split(), 1.0
    while words and words[0] in SCALES:
        scale *= SCALES[words.pop(0)]
    rest = " ".join(words)
    if rest.startswith("%"):
        unit, rest = "%", rest[1:].strip()
    elif rest.split(" ")[0] in ("times", "x"):
        unit, rest = "times", rest.partition(" ")[2]
    return Number(value * scale, scale, unit, rest)


def vague_band(text: str) -> tuple[float, float, str] | None:
    """The band loose words allow: 'several hundred thousand' -> (200,000, 900,000, rest)."""
    for words, (low, high) in VAGUE.items():
        if text.startswith(words + " "):
            rest = text[len(words):].split()
            scale_words = [w for w in rest if w in SCALES]
            scale = scale_of(rest[:len(scale_words)]) if scale_words else None
            if scale is None or rest[:len(scale_words)] != scale_words:
                return None
            return low * scale, high * scale, " ".join(rest[len(scale_words):])
    first, _, rest = text.partition(" ")
    if first in PLURALS:
        words, scale = rest.split(), PLURALS[first]
        while len(words) > 1 and words[0] == "of" and words[1] in PLURALS:
            scale *= PLURALS[words[1]]  # 'hundreds of thousands'
            words = words[2:]
        return 2 * scale, 9 * scale, " ".join(words)
    return None


def plain_rest(rest: str) -> bool:
    """Whether words after a number only say what is counted ('each', 'units'), not another
    number or a qualifier that changes it."""
    return not re.search(r"\d|\bor\b|\bto\b|\band\b|-", rest)


def read_range(text: str) -> Reading | None:
    """'200,000 to 300,000', '2-3 million', 'between 2 and 3 million'."""
    text = text.removeprefix("between ")
    parts = re.split(r"\s*(?:-|\bto\b|\band\b)\s*", text, maxsplit=1)
    if len(parts) != 2:
        return None
    first, second = number_at(parts[0]), number_at(parts[1])
    if not first or not second or first.rest or not plain_rest(second.rest):
        return None
    low = first.value * (second.scale if first.scale == 1 else 1)  # '2-3 million'
    if low >= second.value:
        return None
    return Reading("range", low, second.value, second.unit or first.unit)


def read_value(text: str) -> Reading:
    """What the words of a value allow, or UNREAD."""
    said = " ".join(text.lower().replace("\u2013", "-").split())
    for table, shape in ((ABOVE, "above"), (BELOW, "below")):
        for words in sorted(table, key=len, reverse=True):
            if said.startswith(words + " "):
                inner = read_value(said[len(words) + 1:])
                if inner.shape == "point" or inner.shape == "band":
                    bound = inner.low if shape == "above" else inner.high
                    return Reading(shape, bound if shape == "above" else None,
                                   bound if shape == "below" else None, inner.unit,
                                   table[words])
                return UNREAD
    for words in APPROXIMATE:
        if said.startswith(words + " ") or (words == "~" and said.startswith("~")):
            inner = read_value(said[len(words):].strip())
            return inner._replace(shape="approximate") if inner.shape == "point" else UNREAD
    band = vague_band(said)
    if band:
        return Reading("band", band[0], band[1], "") if plain_rest(band[2]) else UNREAD
    ranged = read_range(said)
    if ranged:
        return ranged
    number = number_at(said)
    if not number:
        return UNREAD
    for words in AFTER_ABOVE:
        if number.rest == words or number.rest.startswith(words + " "):
            return Reading("above", number.value, None, number.unit, True)
    if not plain_rest(number.rest):
        return UNREAD
    return Reading("point", number.value, number.value, number.unit)


def with_bounds(reading: Reading, low: float | None, high: float | None) -> Reading:
    """The reading an author's explicit bounds give, over what the text allows."""
    if low is None and high is None:
        return reading
    if low is not None and high is not None:
        shape = "point" if low == high else "bounds"
        return Reading(shape, float(low), float(high), reading.unit)
    if low is not None:
        return Reading("above", float(low), None, reading.unit, True)
    return Reading("below", None, float(high), reading.unit, True)


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def format_number(value: float, step: float = 0) -> str:
    """A number as readers write it: 400,000, 2 million, 1.5 billion, 4.8."""
    for name, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(value) >= size:
            return f"{round(value / size, 6):g} {name}"
    digits = len(f"{step:g}".partition(".")[2]) if 0 < step < 1 else 0
    if digits == 0 and value != round(value):
        digits = min(3, len(f"{value:g}".partition(".")[2]))
    return f"{value:,.{digits}f}"


WIDTH = 360
"""The chart's viewBox width; it is drawn at 100% of its column."""
LEFT, RIGHT = 20, 320
"""The axis runs from LEFT to RIGHT; open ends run beyond it to the chart's edge."""
LABEL_CHARS = 54
"""A row's label is cut short past this; the list beside the chart gives it whole."""


def coordinate(x: float) -> float | int:
    """A coordinate to a tenth, written without '.0' when whole."""
    rounded = round(x, 1)
    return int(rounded) if rounded == int(rounded) else rounded


class Tick(NamedTuple):
    x: float
    label: str


class ChartRow(NamedTuple):
    """One value drawn: its label above a mark from x1 to x2 at height y."""

    value: str  # as the sources give it
    sources: str  # who gives it, e.g. 'News aggregator, citing Reuters'
    label: str  # value and sources, cut short to fit the chart
    shape: str  # point, approximate, above, below, range, band or bounds
    words: str  # how it is drawn, in words
    text_y: int
    y: int
    x1: float
    x2: float
    arrow: str  # the arrowhead's points at an open end, '' for none
    solid: bool  # a filled point; hollow: approximate, or not included ('more than')


class FactChart(NamedTuple):
    id: str  # the prefix of the SVG's ids
    title: str
    desc: str  # every value, and how it is drawn, in words
    width: int
    height: int
    axis_y: int
    left: float
    right: float
    ticks: list[Tick]
    rows: list[ChartRow]
    unit: str
    not_drawn: list[str]  # values left out, each with the reason


class Value(NamedTuple):
    """What fact_chart needs of one reported value."""

    text: str
    sources: str
    reading: Reading


def mark_words(reading: Reading) -> str:
    """How a reading is drawn, in words."""
    low = format_number(reading.low) if reading.low is not None else ""
    high = format_number(reading.high) if reading.high is not None else ""
    return {
        "point": f"as a point at {low}",
        "approximate": f"as a hollow point at {low}, marked as approximate",
        "above": f"from {low}, open to the right" + ("" if reading.inclusive
                                                      else " (more than that)"),
        "below": f"from {high}, open to the left" + ("" if reading.inclusive
                                                     else " (less than that)"),
        "band": f"as the band the words allow, {low} to {high}",
        "range": f"as the range the source gives, {low} to {high}",
        "bounds": f"as a band from {low} to {high}, the bounds the data gives",
    }[reading.shape]


def axis(readings: list[Reading]) -> tuple[float, float, float]:
    """The axis's start, end and tick step: round numbers spanning every bound, from 0
    for magnitudes; a step more where an open end starts at the largest value."""
    bounds = [b for r in readings for b in (r.low, r.high) if b is not None]
    low, high = min(0.0, *bounds), max(bounds)
    if high <= low:
        high = low + 1
    step = nice_step(high - low)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    if any(r.shape == "above" and r.low == end for r in readings):
        end += step
    return start, end, step


def chart_row(value: Value, y: float, place: Callable[[float], float]) -> ChartRow:
    """One value's mark: a point, an open-ended arrow, or a band."""
    reading = value.reading
    label = f"{value.text} ({value.sources})"
    if reading.shape == "band":
        label = f"{value.text}: band the words allow ({value.sources})"
    if len(label) > LABEL_CHARS:
        label = label[:LABEL_CHARS - 1].rstrip() + "…"
    x1 = coordinate(place(reading.low) if reading.low is not None else 4)
    x2 = coordinate(place(reading.high) if reading.high is not None else WIDTH - 4)
    arrow = ""
    if reading.shape == "above":
        arrow = f"{x2:g},{y:g} {x2 - 9:g},{y - 5:g} {x2 - 9:g},{y + 5:g}"
    elif reading.shape == "below":
        arrow = f"{x1:g},{y:g} {x1 + 9:g},{y - 5:g} {x1 + 9:g},{y + 5:g}"
    solid = reading.shape == "point" or (reading.shape in ("above", "below")
                                         and reading.inclusive)
    return ChartRow(value.text, value.sources, label, reading.shape, mark_words(reading),
                    y - 14, y, x1, x2, arrow, solid)


def fact_chart(fact_id: str, label: str, unit: str, values: list[Value]) -> FactChart | None:
    """The chart of a fact with several values, or None for a single value. Values it
    cannot read, or in another unit than the first it can, are listed, not drawn."""
    if len(values) < 2:
        return None
    drawn, not_drawn = [], []
    for value in values:
        reading = value.reading
        if reading.shape == "none":
            not_drawn.append(f"{value.text} ({value.sources}): no number the chart can read")
        elif drawn and reading.unit != drawn[0].reading.unit:
            not_drawn.append(f"{value.text} ({value.sources}): in another unit, so not on "
                             "this axis")
        else:
            drawn.append(value)
    unit = " ".join(u for u in (drawn[0].reading.unit if drawn else "", unit) if u)
    if not drawn:
        return FactChart(f"chart-{fact_id}", label, "", WIDTH, 0, 0, LEFT, RIGHT, [], [],
                         unit, not_drawn)
    start, end, step = axis([v.reading for v in drawn])

    def place(number: float) -> float:
        return LEFT + (number - start) / (end - start) * (RIGHT - LEFT)

    rows = [chart_row(value, 30 + i * 40, place) for i, value in enumerate(drawn)]
    axis_y = 30 + len(rows) * 40 - 14
    ticks = [Tick(coordinate(place(start + i * step)), format_number(start + i * step, step))
             for i in range(round((end - start) / step) + 1)]
    desc = (f"One axis from {ticks[0].label} to {ticks[-1].label}{' ' + unit if unit else ''}. "
            + " ".join(f"{row.sources}: {row.value}, drawn {row.words}." for row in rows)
            + "".join(f" Not drawn: {why}." for why in not_drawn))
    return FactChart(f"chart-{fact_id}", f"{label}: the values the sources give", desc,
                     WIDTH, axis_y + 40, axis_y, LEFT, RIGHT, ticks, rows, unit, not_drawn)
