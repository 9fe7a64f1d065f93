"""Citations: Pandoc's `[@id]` in Markdown, `id` in YAML source lists, both with `via OUTLET`.

    [@newsaz]                         one source
    [@newsaz via Bloomberg]           the source, and the outlet it credits for this claim
    [@newsaz, via Bloomberg]          the same, Pandoc's comma-suffix spelling
    [@aggregator via Reuters; @nextfin via CNBC]   several sources
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple

CITATION = re.compile(r"\[(@[^\[\]\n]+)\](?![(\[])")
"""A bracketed group of references, not a Markdown link such as [@x](url)."""

REFERENCE = re.compile(r"^@?(?P<id>[A-Za-z0-9][\w.-]*)(?:\s*,?\s+via\s+(?P<via>\S.*?))?\s*$")


class Reference(NamedTuple):
    """A cited source id and, optionally, the outlet it credits for the claim."""

    source: str
    via: str | None = None


class Citation(NamedTuple):
    """A reference placed on a page: a link to the source's entry with an id of its own."""

    source: str
    via: str | None
    label: str
    page: str  # output file the citation stands in, e.g. "timeline.html"
    anchor: str  # id of the citation's link on that page
    context: str  # the claim it supports, as the sources page's back-link says
    target: str = ""  # the source's own page (source-ID.html) past a size; '' for none

    @property
    def href(self) -> str:
        return self.target or f"sources.html#src-{self.source}"

    @property
    def backlink(self) -> str:
        return f"{self.page}#{self.anchor}"


def parse_reference(text: str) -> Reference | None:
    """Read one reference such as '@nextfin via CNBC'; None if it is not one."""
    match = REFERENCE.match(text.strip())
    if not match:
        return None
    return Reference(match["id"], match["via"])


def find_citations(text: str) -> Iterator[tuple[int, str, list[Reference | None]]]:
    """Yield (offset, raw text, references) for each bracketed citation in Markdown text."""
    for match in CITATION.finditer(text):
        parts = match[1].split(";")
        yield match.start(), match[0], [parse_reference(part) for part in parts]


def citation_html(citations: list[Citation]) -> str:
    """The one markup for a group of citations, used by Markdown and by templates alike."""
    links = "; ".join(
        f'<a class="cite" id="{c.anchor}" href="{c.href}">{escape(c.label)}</a>' for c in citations
    )
    return f'<span class="cites">[{links}]</span>'


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Line (from 0) and column (from 1) of an offset in text."""
    line = text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def independent_outlets(citations: Iterable[Reference | Citation], labels: dict[str, str],
                        relays: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """The distinct outlets behind citations, each counted once however often relayed.

    A document stands for the outlets it credits for the claim; it counts as an
    outlet of its own only where it credits none. A document that relays another's
    reporting (`relays`: source id -> the ids it relays), cited beside that other
    document, adds no outlet of its own: the two count once.
    """
    relays = relays or {}
    credited: dict[str, set[str]] = defaultdict(set)
    for citation in citations:
        credited[citation.source].update([citation.via] if citation.via else [])
    names: dict[str, str] = {}
    for source, vias in credited.items():
        if not vias and any(other in credited for other in relays.get(source, ())):
            continue  # counted already, as the document it relays
        for origin in vias or {labels[source]}:
            names.setdefault(origin.casefold(), origin)
    return sorted(names.values(), key=str.casefold)


@dataclass
class Citer:
    """Places citations on pages: gives each a label and a unique anchor, keeps them all."""

    labels: dict[str, str]
    targets: dict[str, str] = field(default_factory=dict)  # source id -> page of its entry
    placed: list[Citation] = field(default_factory=list)
    counted: dict[str, int] = field(default_factory=dict)  # citations placed on each page

    def on(self, page: str, context: str) -> Callable[[list[Reference]], list[Citation]]:
        """A citing function for claims about `context` on `page`."""

        def cite(references: list[Reference]) -> list[Citation]:
            made = []
            number = self.counted.get(page, 0)
            for reference in references:
                label = self.labels[reference.source]
                if reference.via:
                    label += f", citing {reference.via}"
                number += 1
                made.append(Citation(reference.source, reference.via, label, page,
                                     f"cite-{number}", context,
                                     self.targets.get(reference.source, "")))
            self.counted[page] = number
            self.placed += made
            return made

        return cite
