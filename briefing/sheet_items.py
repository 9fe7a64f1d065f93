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

import functools
import re
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
OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t]")
"""Line breaks besides \\n (YAML's or str.splitlines') and tabs: such a text is parsed whole."""
MIN_ITEMS = 8
"""Fewer items than this are parsed whole: cutting would not pay."""


SHEET = 0
"""The line number in a memo key that stands for a whole sheet (an item's is 1 or more)."""
LATEST_ITEMS = -2
"""The line number in the memo key (path, "", LATEST_ITEMS) of the items of the path's
latest parse, by (text, line): what an edit of that sheet can take unchanged."""

ParsedItems = dict[tuple[str, int], tuple[Any, list[Problem]]]


def parse_sheet(text: str, path: str, memo: ItemMemo | None) -> tuple[Any, list[Problem]]:
    """Parse a fact sheet, item by item when the memo is given and the shape allows.

    A sheet whose text has not changed is handed back as the very object of last time,
    so later stages can tell at once that nothing in it changed. An edited one takes
    each unchanged item from its previous version."""
    if memo is None:
        return parse_yaml(text, path)
    earlier = memo.get((path, "", LATEST_ITEMS))  # kept while the file is
    found = memo.get((path, text, SHEET))
    if found is None:
        items: ParsedItems = {}
        found = memo[path, text, SHEET] = parse_changed(text, path, earlier or {}, items)
        memo[path, "", LATEST_ITEMS] = items
    data, problems = found
    return data, list(problems)


def parse_changed(text: str, path: str, earlier: ParsedItems,
                  items: ParsedItems) -> tuple[Any, list[Problem]]:
    """A sheet not in the memo: item by item if it can be cut, each item taken from
    `earlier` when unchanged; else whole. Every item parsed or taken goes into `items`."""
    cut = cut_items(text)
    if cut is not None:
        parsed = parse_items(cut, path, earlier, items)
        if parsed is not None:
            return parsed
    return parse_yaml(text, path)


class Cut:
    """A sheet cut into its one key and its items: (first line number, text) each."""

    def __init__(self, key: str, key_line: int, items: list[tuple[int, str]]):
        self.key, self.key_line, self.items = key, key_line, items


def cut_items(text: str) -> Cut | None:
    """Cut `KEY:` followed by a block list into items, or None for any other shape."""
    if OTHER_BREAKS.search(text) or "\n---" in text or "\n..." in text:
        return None
    heading = HEADING.match(text)
    if heading is None or heading[1] in NOT_TEXT:
        return None
    first = FIRST_ITEM.match(text, heading.end())
    if first is None:
        return None
    indent = len(first[1])
    starts = []
    for line in _line_starts(indent).finditer(text, heading.end() - 1):
        if line[2] == "#":
            continue  # a comment
        if len(line[1]) < indent or not ITEM_START.match(text, line.start(2)):
            return None  # another key, or a line this cut does not know, beside the list
        starts.append(line.start(2) - indent)
    if len(starts) < MIN_ITEMS:
        return None
    items, line_number = [], text.count("\n", 0, starts[0]) + 1
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        items.append((line_number, text[start:end]))  # each item with its last "\n"
        line_number += text.count("\n", start, end)
    return Cut(heading[1], text.count("\n", 0, heading.start(1)) + 1, items)


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
