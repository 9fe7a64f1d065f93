#!/usr/bin/env python3
"""How many of a briefing's Markdown texts carry more than plain cited paragraphs, and
how many the generator's fast path declines.

    python bench/fastpath_share.py [--json] [--by-kind] PROJECT [PROJECT ...]

Reads every Markdown text of PROJECT by itself (page and brief bodies, and the
Markdown fields of content/data/*.yml), with no help from the generator's loader,
and hands each distinct text to `briefing.markdown_render.plain_paragraphs`: a
None result means the text goes to Python-Markdown. Prints one line per project
(--by-kind: and one per kind of text; --json: the figures as JSON on stdout).

That function belongs to the generator and may be renamed or removed by a
refactor; then this script says so and exits 0 with no figure, rather than fail.

What real briefing text carries beyond plain paragraphs (FEATURES) is counted by this
script's own patterns, whatever the generator does with it: that is what says the
corpus is realistic, while the fast path may learn to take more of it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKDOWN_FIELDS = {"events": ("body",), "sources": ("notes",), "facts": ("note",),
                   "disputes": ("why_it_matters", "settled_by", "would_settle")}
"""The Markdown fields of each kind of fact-sheet entry, as the README's content format
reference lists them; facts' `values` and disputes' `positions` nest more below."""
NESTED_FIELDS = {"values": ("note",), "positions": ("claim",)}
FEATURES = re.compile(
    r"\]\(https?://|<https?://"  # a link out
    r"|(?m:^> )"  # a block quote
    r"|(?m:^\d+\. )|(?m:^ {2,}- )"  # a numbered or a nested list
    r"|(?m:^\|)"  # a table
    r"|`")  # inline code
"""What real briefing text carries beyond plain cited paragraphs and simple lists."""


def markdown_texts(project: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every Markdown text of the project, duplicates included; where
    is 'pages', 'brief' or a fact sheet's kind and field, such as 'events.body'."""
    content = project / "content"
    for folder in ("pages", "brief"):
        for path in sorted((content / folder).glob("*.md")):
            yield folder, body(path.read_text(encoding="utf-8"))
    for path in sorted((content / "data").glob("*.yml")):
        sheet = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind, fields in MARKDOWN_FIELDS.items():
            for entry in sheet.get(kind) or []:
                yield from fields_of(kind, entry, fields)
                for name, nested in NESTED_FIELDS.items():
                    for item in entry.get(name) or []:
                        yield from fields_of(f"{kind}.{name}", item, nested)


def fields_of(kind: str, entry: object, fields: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(entry, Mapping):
        for field in fields:
            if entry.get(field) is not None:
                yield f"{kind}.{field}", str(entry[field]).strip()


def body(text: str) -> str:
    """A Markdown file's text after its `---` front matter."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                return "".join(lines[index + 1:])
    return text


def fast_path() -> Callable[[str], object] | None:
    """The generator's fast-path test, or None when this version has none."""
    sys.path.insert(0, str(ROOT))
    try:
        from briefing.markdown_render import plain_paragraphs
    except ImportError:
        return None
    return plain_paragraphs


@dataclass(frozen=True)
class Share:
    """Distinct Markdown texts of one project, and how many the fast path declines."""

    project: str
    texts: int
    declined: int
    featured: int  # texts with any of FEATURES
    by_kind: dict[str, tuple[int, int]]
    """where -> (distinct texts, declined), a text counted under the first place it is in"""

    @property
    def percent(self) -> float:
        return 100 * self.declined / self.texts if self.texts else 0.0


def measure(project: Path, accepts: Callable[[str], object]) -> Share:
    """The build renders each distinct text once, so distinct texts are what is counted."""
    where: dict[str, str] = {}
    for kind, text in markdown_texts(project):
        if text:
            where.setdefault(text, kind)
    by_kind: dict[str, tuple[int, int]] = {}
    for text, kind in where.items():
        texts, declined = by_kind.get(kind, (0, 0))
        by_kind[kind] = (texts + 1, declined + (accepts(text) is None))
    featured = sum(bool(FEATURES.search(text)) for text in where)
    return Share(str(project), len(where), sum(d for _, d in by_kind.values()), featured,
                 by_kind)


def main(argv: list[str]) -> int:
    as_json, detail = "--json" in argv, "--by-kind" in argv
    projects = [Path(a) for a in argv if not a.startswith("--")]
    if not projects:
        print("usage: fastpath_share.py [--json] [--by-kind] PROJECT [PROJECT ...]",
              file=sys.stderr)
        return 2
    accepts = fast_path()
    if accepts is None:
        print("briefing.markdown_render.plain_paragraphs is gone: this version of the "
              "generator has no fast path to measure", file=sys.stderr)
        if as_json:
            print(json.dumps(None))
        return 0
    shares = [measure(p, accepts) for p in projects]
    if as_json:
        print(json.dumps([s.__dict__ for s in shares]))
    shown = sys.stderr if as_json else sys.stdout
    for s in shares:
        print(f"{s.project}: {s.declined} of {s.texts} distinct Markdown texts "
              f"({s.percent:.1f} %) need Python-Markdown; {s.featured} "
              f"({100 * s.featured / s.texts:.1f} %) carry links out, block quotes, "
              "numbered or nested lists, tables or code", file=shown)
        for kind, (texts, declined) in sorted(s.by_kind.items()) if detail else ():
            print(f"  {kind}: {declined} of {texts} ({100 * declined / texts:.0f} %)",
                  file=shown)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
