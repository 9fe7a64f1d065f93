"""A fact sheet parsed item by item gives exactly what parsing it whole gives."""

from __future__ import annotations

import operator
import random
from typing import Any

import pytest

from briefing.caches import Memo
from briefing.sheet_items import Cut, cut_items, parse_sheet, recut
from briefing.yamlpos import Mapping, Sequence, parse_yaml
from tests.conftest import ROOT

MUTATIONS = 600
SEED = 7


def assert_same(whole: Any, cut: Any, where: str = "$") -> None:
    """Equal values of equal types, with equal positions for every key and item."""
    assert type(whole) is type(cut), where
    if isinstance(whole, Mapping):
        assert (whole.where, whole.key_at, whole.value_at) == (cut.where, cut.key_at,
                                                               cut.value_at), where
        assert list(whole) == list(cut), where
        for key in whole:
            assert_same(whole[key], cut[key], f"{where}.{key}")
    elif isinstance(whole, Sequence):
        assert (whole.where, whole.item_at) == (cut.where, cut.item_at), where
        assert len(whole) == len(cut), where
        for index, (a, b) in enumerate(zip(whole, cut, strict=True)):
            assert_same(a, b, f"{where}[{index}]")
    else:
        assert whole == cut, where


def check(text: str) -> None:
    """parse_sheet, twice with one memo (cold, then from the memo), against parse_yaml."""
    whole_data, whole_problems = parse_yaml(text, "s.yml")
    memo: Memo = Memo()
    for _ in range(2):
        data, problems = parse_sheet(text, "s.yml", memo)
        assert_same(whole_data, data)
        assert problems == whole_problems
        memo.sweep()


def sheet(count: int, indent: str = "") -> str:
    entries = [f"{indent}- id: e{n}\n{indent}  title: Event {n}\n{indent}  body: |\n"
               f"{indent}    Line one.\n\n{indent}    - a list item\n" for n in range(count)]
    return "# a sheet\nevents:\n" + "".join(entries)


SHAPES = {
    "plain": sheet(12),
    "indented list": sheet(12, "  "),
    "block scalar ends each item": sheet(12).replace("    - a list item\n", "    end\n"),
    "no final line break": sheet(12).rstrip("\n"),
    "comments and blank lines between items": sheet(12).replace("- id: e5", "\n# c\n\n- id: e5"),
    "an item on the line after its dash": sheet(12).replace("- id: e3\n", "-\n  id: e3\n"),
    "an alias to an earlier item": sheet(12).replace("title: Event 1\n", "title: &t One\n")
                                            .replace("title: Event 9\n", "title: *t\n"),
    "a duplicate key in one item": sheet(12).replace("title: Event 4\n",
                                                     "title: Event 4\n  title: again\n"),
    "a second top-level key": sheet(12) + "sources: []\n",
    "a key YAML reads as true": sheet(12).replace("events:", "yes:"),
    "a tab": sheet(12).replace("Line one.", "Line\tone."),
    "a document marker": "---\n" + sheet(12),
    "a syntax error in one item": sheet(12).replace("title: Event 6", "title: [open"),
    "a quoted title running into the next item": sheet(12).replace("title: Event 2",
                                                                   'title: "Event 2'),
    "too few items to cut": sheet(3),
}


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_each_shape_parses_as_a_whole_parse_does(text):
    check(text)


def test_the_usual_shape_is_cut_and_odd_ones_are_not():
    assert cut_items(SHAPES["plain"]) is not None
    assert cut_items(SHAPES["indented list"]) is not None
    for odd in ("a second top-level key", "a key YAML reads as true", "a tab",
                "a document marker", "too few items to cut"):
        assert cut_items(SHAPES[odd]) is None, odd


def seed_texts() -> list[str]:
    shipped = sorted((ROOT / "content" / "data").glob("*.yml"))
    return [p.read_text(encoding="utf-8") for p in shipped] + list(SHAPES.values())


SNIPPETS = ["- x", "  - y", "-", "# c", "", "  &a", "- *a", "foo: 1", "  '", '  "abc', "- [a,",
            "- !!str x", "- <<: *a", "---", "  key: |", "\t- t", "  - |", "...", "- ? k"]
ENDINGS = [" #x", ' "', " &b", " *b", ":", " - z", " |", "'"]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    kind = rng.randrange(6)
    if kind == 0:
        lines.insert(at, rng.choice(SNIPPETS))
    elif kind == 1:
        del lines[at]
    elif kind == 2:
        lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
    elif kind == 3:
        lines[at] = " " + lines[at]
    elif kind == 4:
        lines[at] = lines[at].lstrip()
    else:
        lines[at] += rng.choice(ENDINGS)
    return "\n".join(lines)


def test_mutated_sheets_parse_as_a_whole_parse_does():
    rng = random.Random(SEED)
    seeds = [t for t in seed_texts() if cut_items(t) is not None]
    assert len(seeds) >= 5
    cut = 0
    for _ in range(MUTATIONS):
        text = rng.choice(seeds)
        for _ in range(rng.randrange(1, 4)):
            text = mutate(text, rng)
        check(text)
        cut += cut_items(text) is not None
    assert MUTATIONS // 4 < cut < MUTATIONS, "both the cut and the whole path were taken"


def test_an_edited_sheet_takes_its_unchanged_items_as_they_were():
    """After one item is edited, every other item is the very object of the last parse
    (later stages reuse their work by identity), and the sheet is parsed as a whole
    would be."""
    memo: Memo = Memo()
    text = sheet(12)
    before, _ = parse_sheet(text, "s.yml", memo)
    memo.sweep()
    edited = text.replace("title: Event 5\n", "title: Event five\n")
    after, problems = parse_sheet(edited, "s.yml", memo)
    assert problems == parse_yaml(edited, "s.yml")[1]
    assert_same(parse_yaml(edited, "s.yml")[0], after)
    kept = [a is b for a, b in zip(before["events"], after["events"], strict=True)]
    assert kept == [n != 5 for n in range(12)]
    again, _ = parse_sheet(edited, "s.yml", memo)
    assert again is after, "an unchanged sheet is the very object of last time"


def cut_fields(cut: Cut | None) -> tuple | None:
    if cut is None:
        return None
    return cut.key, cut.key_line, cut.items, cut.starts, cut.indent


def edit_chars(text: str, rng: random.Random) -> str:
    """Replace a few characters somewhere, often at or just after a line's start (where
    items begin and end, and their dashes stand), by a snippet."""
    at = rng.randrange(len(text) + 1)
    if rng.random() < 0.6:
        at = min(text.rfind("\n", 0, at) + 1 + rng.choice([0, 0, 1, 2]), len(text))
    gone = rng.choice([0, 0, 1, 2, 5, 40, 120])  # 120: past the next item's start
    added = rng.choice(["", "x", "#", " ", "\n", "- ", "  - ", "\n- id: new\n",
                        "\n  title: t\n", "# c\n", "key: v\n", "\t", "---\n", "  "])
    return text[:at] + added + text[at + gone:]


def test_an_edit_is_cut_again_only_where_it_changed_and_as_a_whole_cut_would():
    """recut gives exactly what cut_items gives for the edited text, whatever the edit,
    and most edits keep the untouched items as the very ones of the old cut."""
    rng = random.Random(SEED)
    seeds = [t for t in seed_texts() if cut_items(t) is not None]
    reused = 0
    for _ in range(MUTATIONS * 3):
        old = rng.choice(seeds)
        old_cut = cut_items(old)
        text = edit_chars(old, rng) if rng.random() < 0.7 else mutate(old, rng)
        again = recut(old, old_cut, text)
        assert cut_fields(again) == cut_fields(cut_items(text)), (old, text)
        reused += again is not None and any(map(operator.is_, again.items, old_cut.items))
    assert reused > MUTATIONS, "most edits took the items they did not touch as they were"
