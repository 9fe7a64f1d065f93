"""What the check stage hands the model: typed records of content that passed every check.

The model reads these and nothing else: no raw YAML, no positions to look up, no
value that might still be malformed. Drafts are already left out (unless asked for).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any, NamedTuple

from .citations import Reference, parse_reference
from .dates import When, parse_when
from .load import LoadedProject, MarkdownDoc
from .problems import Position, Problem
from .shapes import is_draft
from .yamlpos import Mapping, Sequence


class NavItem(NamedTuple):
    title: str
    page: str


class SiteSettings(NamedTuple):
    title: str
    description: str
    language: str
    base_url: str
    updated: When
    navigation: list[NavItem]


class PageText(NamedTuple):
    """A page's intro: content/pages/NAME.md."""

    name: str
    title: str
    description: str
    body: str


class BriefText(NamedTuple):
    """One section of the home page's brief: content/brief/NAME.md."""

    name: str
    title: str
    order: float
    body: str


class SourceRecord(NamedTuple):
    id: str
    outlet: str
    label: str  # `short`, or the outlet: how citations name it
    headline: str
    kind: str
    author: str
    published: When
    date_note: str
    credits: list[str]
    relays: list[str]  # ids of the sources whose reporting this one repeats
    perspective: str
    url: str
    notes: str


class EventRecord(NamedTuple):
    id: str
    when: When
    date_note: str
    before: str  # for an undated event: the id of a dated event it precedes, or ''
    after: str
    title: str
    body: str
    status: str
    sources: list[Reference]
    where: Position


class FactValueRecord(NamedTuple):
    value: str
    note: str
    sources: list[Reference]
    where: Position


class FactRecord(NamedTuple):
    id: str
    label: str
    unit: str
    as_of: When | None
    values: list[FactValueRecord]


class PositionRecord(NamedTuple):
    claim: str
    held_by: str
    sources: list[Reference]
    where: Position


class DisputeRecord(NamedTuple):
    id: str
    question: str
    why_it_matters: str
    status: str
    settled_by: str
    would_settle: str
    positions: list[PositionRecord]


class CheckedContent(NamedTuple):
    """Everything the model needs, checked; and the warnings the check found."""

    site: SiteSettings
    pages: dict[str, PageText]
    brief: list[BriefText]
    sources: list[SourceRecord]
    events: list[EventRecord]
    facts: list[FactRecord]
    disputes: list[DisputeRecord]
    warnings: list[Problem]


def text(data: Any, key: str) -> str:
    value = data.get(key) if isinstance(data, Mapping) else None
    return "" if value is None else str(value).strip()


def references(data: Mapping) -> list[Reference]:
    return [r for r in map(parse_reference, data.get("sources") or []) if r]


def entries(sheets: list[tuple[str, Any]], name: str, drafts: bool = True,
            ) -> list[tuple[Mapping, Position]]:
    """Every well-formed entry under `name` across the fact sheets, with its position;
    entries marked draft only when `drafts`."""
    found = []
    for _, data in sheets:
        items = data.get(name) if isinstance(data, Mapping) else None
        if isinstance(items, Sequence):
            found += [(item, where) for item, where in zip(items, items.item_at, strict=True)
                      if isinstance(item, Mapping) and (drafts or not is_draft(item))]
    return found


def nested(items: Any, where: Position) -> list[tuple[Mapping, Position]]:
    """The mappings of a list inside an entry, with their positions."""
    if isinstance(items, Sequence):
        return [(item, item_where) for item, item_where in zip(items, items.item_at,
                                                                strict=True)
                if isinstance(item, Mapping)]
    return []


def updated_date(site: Mapping) -> When:
    if site.get("updated"):
        return parse_when(site["updated"])
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    return parse_when(datetime.fromtimestamp(epoch, UTC).date().isoformat())


def site_settings(site: Mapping) -> SiteSettings:
    return SiteSettings(
        title=text(site, "title"), description=text(site, "description"),
        language=text(site, "language"), base_url=text(site, "base_url"),
        updated=updated_date(site),
        navigation=[NavItem(text(item, "title"), item["page"]) for item in site["navigation"]])


def page_text(doc: MarkdownDoc) -> PageText:
    return PageText(doc.name, text(doc.front, "title"), text(doc.front, "description"),
                    doc.body)


def brief_text(doc: MarkdownDoc) -> BriefText:
    return BriefText(doc.name, text(doc.front, "title"), doc.front["order"], doc.body)


def source_record(data: Mapping) -> SourceRecord:
    return SourceRecord(
        id=data["id"], outlet=text(data, "outlet"),
        label=text(data, "short") or text(data, "outlet"), headline=text(data, "headline"),
        kind=data["kind"], author=text(data, "author"),
        published=parse_when(data["published"]), date_note=text(data, "date_note"),
        credits=[str(c) for c in data.get("credits") or []],
        relays=[str(r) for r in data.get("relays") or []],
        perspective=text(data, "perspective"), url=text(data, "url"),
        notes=text(data, "notes"))


def event_record(data: Mapping, where: Position) -> EventRecord:
    return EventRecord(
        id=data["id"], when=parse_when(data["date"]), date_note=text(data, "date_note"),
        before=text(data, "before"), after=text(data, "after"), title=text(data, "title"),
        body=text(data, "body"), status=data["status"], sources=references(data), where=where)


def fact_record(data: Mapping, where: Position) -> FactRecord:
    given = nested(data["values"], where) if "values" in data else [(data, where)]
    values = [FactValueRecord(text(v, "value"), text(v, "note"), references(v), v_where)
              for v, v_where in given]
    as_of = parse_when(data["as_of"]) if data.get("as_of") else None
    return FactRecord(data["id"], text(data, "label"), text(data, "unit"), as_of, values)


def dispute_record(data: Mapping) -> DisputeRecord:
    positions = [PositionRecord(text(p, "claim"), text(p, "held_by"), references(p), where)
                 for p, where in nested(data["positions"], data.at("positions"))]
    return DisputeRecord(
        id=data["id"], question=text(data, "question"),
        why_it_matters=text(data, "why_it_matters"), status=data["status"],
        settled_by=text(data, "settled_by"), would_settle=text(data, "would_settle"),
        positions=positions)


def content_records(project: LoadedProject, drafts: bool,
                    warnings: list[Problem]) -> CheckedContent:
    """The checked project as records; call only when the check found no error."""
    sheets = project.sheets
    brief = [brief_text(doc) for doc in project.brief if drafts or not is_draft(doc.front)]
    return CheckedContent(
        site=site_settings(project.site),
        pages={name: page_text(doc) for name, doc in sorted(project.pages.items())},
        brief=sorted(brief, key=lambda section: (section.order, section.name)),
        sources=[source_record(data) for data, _ in entries(sheets, "sources", drafts)],
        events=[event_record(data, where) for data, where in entries(sheets, "events", drafts)],
        facts=[fact_record(data, where) for data, where in entries(sheets, "facts", drafts)],
        disputes=[dispute_record(data) for data, _ in entries(sheets, "disputes", drafts)],
        warnings=warnings)
