"""Parse a fact sheet item by item, so a rebuild re-parses only the items that changed.

A fact sheet is usually one key holding a long list (`events:` and 500 entries).
Parsing all of it again after one entry is edited costs far more than the rest of
a rebuild. So, when the text has that plain shape, it is cut at each top-level
`- ` line and every item is parsed on its own, at its own line, and kept by its
text. The result (values and positions) is what parsing the whole text gives;
whenever that cannot be certain (any other shape, any item that does not parse
alone, anchors shared between items), the whole text is parsed as before.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from typing import Any

from .caches import Memo
from .problems import Position, Problem
from .yamlpos import Mapping, Sequence, parse_yaml

ItemMemo = Memo[tuple[str, str, int], Any]
"""(path, text, line) -> parsed: whole sheets at SHEET, Markdown files at
load.MARKDOWN_FILE, and each sheet's latest items at LATEST_ITEMS."""

HEADING = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*([a-z][a-z0-9_-]*):[ ]*(?:#[^\n]*)?\n")
"""Blank lines and comments, then `KEY:` alone on its line."""
FIRST_ITEM = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*( *)-(?: |$)", re.MULTILINE)
ITEM_START = re.compile(r"-(?: |\n|$)")
NOT_TEXT = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
"""Keys YAML reads as true, false or null, not as text: such a sheet is parsed whole."""
ITEM_LINE = re.compile(r"( *)-( |$)")
OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\t", "\x85", "\u2028", "\u2029")
"""Line breaks besides \\n (YAML's or str.splitlines') and tabs: such a text is parsed whole.
Looked for one by one (`in` is a memchr): ten times faster than one regex class."""
ASCII_BREAKS = 7
"""The first seven of OTHER_BREAKS are all an ASCII text can hold."""
MIN_ITEMS = 8
"""Fewer items than this are parsed whole: cutting would not pay."""


SHEET = 0
"""The line number in a memo key that stands for a whole sheet (an item's is 1 or more)."""
LATEST_ITEMS = -2
"""The line number in the memo key (path, "", LATEST_ITEMS) of the items of the path's
latest parse, by (text, line): what an edit of that sheet can take unchanged."""
LATEST_CUT = -3
"""The line number in the memo key (path, "", LATEST_CUT) of the path's latest text and
its cut: an edit of it is cut again only where it changed."""

ParsedItems = dict[tuple[str, int], tuple[Any, list[Problem]]]


def parse_sheet(text: str, path: str, memo: ItemMemo | None) -> tuple[Any, list[Problem]]:
    """Parse a fact sheet, item by item when the memo is given and the shape allows.

    A sheet whose text has not changed is handed back as the very object of last time,
    so later stages can tell at once that nothing in it changed. An edited one takes
    each unchanged item from its previous version."""
    if memo is None:
        return parse_yaml(text, path)
    earlier = memo.get((path, "", LATEST_ITEMS))  # kept while the file is
    last_cut = memo.get((path, "", LATEST_CUT))
    found = memo.get((path, text, SHEET))
    if found is None:
        items: ParsedItems = {}
        cut = recut(*last_cut, text) if last_cut is not None else cut_items(text)
        found = memo[path, text, SHEET] = parse_changed(text, path, earlier or {}, items, cut)
        memo[path, "", LATEST_ITEMS] = items
        memo[path, "", LATEST_CUT] = (text, cut)
    data, problems = found
    return data, list(problems)


def parse_changed(text: str, path: str, earlier: ParsedItems, items: ParsedItems,
                  cut: Cut | None) -> tuple[Any, list[Problem]]:
    """A sheet not in the memo: item by item if it could be cut, each item taken from
    `earlier` when unchanged; else whole. Every item parsed or taken goes into `items`."""
    if cut is not None:
        parsed = parse_items(cut, path, earlier, items)
        if parsed is not None:
            return parsed
    return parse_yaml(text, path)


class Cut:
    """A sheet cut into its one key and its items: (first line number, text) each, the
    offset in the text where each starts, and the indent of their dashes."""

    def __init__(self, key: str, key_line: int, items: list[tuple[int, str]],
                 starts: list[int], indent: int):
        self.key, self.key_line, self.items = key, key_line, items
        self.starts, self.indent = starts, indent


def whole_text_allows_cut(text: str) -> bool:
    """No line break but \\n, no tab, no document marker: what any cut needs."""
    if "\n---" in text or "\n..." in text:
        return False
    breaks = OTHER_BREAKS[:ASCII_BREAKS] if text.isascii() else OTHER_BREAKS
    return not any(character in text for character in breaks)


def cut_items(text: str) -> Cut | None:
    """Cut `KEY:` followed by a block list into items, or None for any other shape."""
    if not whole_text_allows_cut(text):
        return None
    heading = HEADING.match(text)
    if heading is None or heading[1] in NOT_TEXT:
        return None
    first = FIRST_ITEM.match(text, heading.end())
    if first is None:
        return None
    indent = len(first[1])
    starts = item_starts(text, indent, heading.end() - 1, len(text))
    if starts is None or len(starts) < MIN_ITEMS:
        return None
    items = texts_at(text, starts, len(text), text.count("\n", 0, starts[0]) + 1)
    return Cut(heading[1], text.count("\n", 0, heading.start(1)) + 1, items, starts, indent)


def item_starts(text: str, indent: int, begin: int, end: int) -> list[int] | None:
    """Where each list item starts between `begin` (a line break) and `end`; None if a
    line there is neither an item, nor inside one, nor a comment."""
    starts = []
    for line in _line_starts(indent).finditer(text, begin, end):
        if line[2] == "#":
            continue  # a comment
        if len(line[1]) < indent or not ITEM_START.match(text, line.start(2)):
            return None  # another key, or a line this cut does not know, beside the list
        starts.append(line.start(2) - indent)
    return starts


def texts_at(text: str, starts: list[int], end: int, line: int) -> list[tuple[int, str]]:
    """(first line number, text) of the items starting at `starts`, the last up to `end`."""
    items = []
    for start, stop in zip(starts, [*starts[1:], end], strict=True):
        items.append((line, text[start:stop]))  # each item with its last "\n"
        line += text.count("\n", start, stop)
    return items


def recut(old_text: str, old: Cut | None, text: str) -> Cut | None:
    """cut_items(text) for an edit of `old_text`, whose cut was `old`: the items before
    and after the edit are taken as they were (those after it moved by the lines it added
    or took away), and only the items it touched are cut again. Anything the edit could
    have changed about the whole (the key, the first item) is left to cut_items."""
    if old is None:
        return cut_items(text)
    same_start = common_prefix(old_text, text)
    if same_start <= old.starts[0]:
        return cut_items(text)  # the key, or what stands before the first item, changed
    same_end = common_suffix(old_text, text, min(len(old_text), len(text)) - same_start)
    # The old text had no odd break nor marker (it was cut): look only where it changed,
    # and at the characters either side, where a marker may begin or end.
    if not whole_text_allows_cut(text[max(0, same_start - 4):len(text) - same_end + 4]):
        return None
    ends = [*old.starts[1:], len(old_text)]
    # Items ending before the edit (one ending where it begins may be joined to it), and
    # items starting after it (one starting where it ends may be joined too).
    kept_before = bisect.bisect_left(ends, same_start)
    kept_after = bisect.bisect_right(old.starts, len(old_text) - same_end)
    shift = len(text) - len(old_text)
    begin = old.starts[kept_before]
    old_end = old.starts[kept_after] if kept_after < len(old.starts) else len(old_text)
    end = old_end + shift
    middle = item_starts(text, old.indent, begin - 1, end)
    if not middle or middle[0] != begin:  # the edit made the first line no item's start
        return cut_items(text)
    line = old.items[kept_before][0]
    items = texts_at(text, middle, end, line)
    lines = text.count("\n", begin, end) - old_text.count("\n", begin, old_end)
    after = old.items[kept_after:]
    if lines:
        after = [(number + lines, item) for number, item in after]
    starts = [*old.starts[:kept_before], *middle, *(start + shift for start in
                                                   old.starts[kept_after:])]
    if len(starts) < MIN_ITEMS:
        return None
    return Cut(old.key, old.key_line, [*old.items[:kept_before], *items, *after], starts,
               old.indent)


def common_prefix(a: str, b: str) -> int:
    """How many characters a and b have alike from their start. Slices are compared in
    C, in chunks that double in size, then halved within the chunk that differs: about
    twice the common part is copied, some 0.1 ms for a 250 kB sheet."""
    return _alike(a, b, min(len(a), len(b)), lambda s, i, j: s[i:j])


def common_suffix(a: str, b: str, limit: int) -> int:
    """How many characters, at most `limit`, a and b have alike at their end."""
    return _alike(a, b, limit, lambda s, i, j: s[len(s) - j:len(s) - i])


def _alike(a: str, b: str, limit: int, part: Callable[[str, int, int], str]) -> int:
    """The length of the longest run, at most `limit`, with part(a, 0, n) == part(b, 0, n)."""
    done, size = 0, 64
    while done < limit:
        end = min(done + size, limit)
        if part(a, done, end) != part(b, done, end):
            while end - done > 1:  # the first difference is in [done, end)
                middle = (done + end) // 2
                if part(a, done, middle) == part(b, done, middle):
                    done = middle
                else:
                    end = middle
            return done
        done, size = end, size * 2
    return limit


@functools.cache
def _line_starts(indent: int) -> re.Pattern[str]:
    """Lines indented no more than a list item, from their line break: (spaces, first char)."""
    return re.compile(rf"\n( {{0,{indent}}})([^ \n])")


def parse_items(cut: Cut, path: str, earlier: ParsedItems,
                items: ParsedItems) -> tuple[Mapping, list[Problem]] | None:
    """The sheet from its items, each parsed alone (or taken from `earlier`, and put in
    `items`); None if any item does not parse cleanly on its own."""
    values: list[Any] = []
    item_at: list[Position] = []
    problems: list[Problem] = []
    list_at = None
    for line, item_text in cut.items:
        key = (item_text, line)
        found = earlier.get(key)
        if found is None:
            found = parse_yaml(item_text, path, line_offset=line - 1)
        items[key] = found
        data, item_problems = found
        if not isinstance(data, Sequence) or len(data) != 1 or any(
                "syntax error" in p.message or "YAML error" in p.message
                for p in item_problems):
            return None
        list_at = list_at or data.where
        values.append(data[0])
        item_at.append(data.item_at[0])
        problems += item_problems
    items = Sequence(values)
    items.where, items.item_at = list_at, item_at
    sheet = Mapping({cut.key: items})
    sheet.where = sheet_at = Position(path, cut.key_line, 1)
    sheet.key_at, sheet.value_at = {cut.key: sheet_at}, {cut.key: list_at}
    return sheet, problems
