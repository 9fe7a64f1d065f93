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
from .media import MediaRecord, image_sizes, is_address, local_path, media_record
from .problems import Position, Problem
from .schema import (
    DEFAULT_PAGES,
    EVENT_STATUSES,
    PAGE_CONTENT,
    PAGE_NAMES,
    SEARCH_AUTO_EVENTS,
    SOURCE_KINDS,
)
from .shapes import is_draft
from .yamlpos import Mapping, Sequence, text


class NavItem(NamedTuple):
    title: str
    page: str


class Status(NamedTuple):
    """One of the statuses an event may have (site.yml's `statuses`)."""

    name: str
    label: str
    badge: bool


class SiteSettings(NamedTuple):
    title: str
    description: str
    language: str
    base_url: str
    updated: When
    navigation: list[NavItem] | None  # None: made from the pages the site has
    statuses: dict[str, Status]
    source_kinds: list[str]
    timeline_groups: str
    timeline_pages: str  # auto, single, month, year or decade
    media_hosts: list[str]  # month, year or decade; '' for the one that fits the span


class PageText(NamedTuple):
    """A page's intro: content/pages/NAME.md."""

    name: str
    title: str
    description: str
    body: str
    in_brief: list[str]  # the home page's story in 30 seconds, Markdown items


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
    group: str
    body: str
    status: Status | None
    sources: list[Reference]
    where: Position
    media: MediaRecord | None


class FactValueRecord(NamedTuple):
    value: str
    note: str
    sources: list[Reference]
    where: Position
    low: float | None = None  # the author's bounds, over what the text allows
    high: float | None = None


class FactRecord(NamedTuple):
    id: str
    label: str
    unit: str
    as_of: When | None
    values: list[FactValueRecord]
    media: MediaRecord | None


class PositionRecord(NamedTuple):
    claim: str
    label: str  # its answer in a few words, or ''
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
    media_files: dict[str, bytes]  # the images under content/ the site shows, by path
    image_sizes: dict[str, tuple[int, int]]  # (width, height) of every image under content/

    def markdown_texts(self) -> list[str]:
        """Every Markdown text of the content, to render them all at once."""
        texts = [page.body for page in self.pages.values()]
        texts += [item for page in self.pages.values() for item in page.in_brief]
        texts += [section.body for section in self.brief]
        texts += [event.body for event in self.events]
        texts += [source.notes for source in self.sources]
        texts += [value.note for fact in self.facts for value in fact.values]
        texts += [entry.media.caption for entry in (*self.events, *self.facts) if entry.media]
        for dispute in self.disputes:
            texts += [dispute.why_it_matters, dispute.settled_by, dispute.would_settle]
            texts += [position.claim for position in dispute.positions]
        return texts


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


def statuses(site: Mapping) -> dict[str, Status]:
    """site.yml's statuses, or the default ones, each with its label and badge."""
    given = site.get("statuses")
    if not isinstance(given, Mapping):
        given = dict.fromkeys(EVENT_STATUSES)
    made = {}
    for name, entry in given.items():
        label = text(entry, "label") or str(name).capitalize()
        badge = entry.get("badge") is not False if isinstance(entry, Mapping) else True
        made[str(name)] = Status(str(name), label, badge)
    return made


def site_settings(site: Mapping) -> SiteSettings:
    navigation = site.get("navigation")
    return SiteSettings(
        title=text(site, "title"), description=text(site, "description"),
        language=text(site, "language"), base_url=text(site, "base_url"),
        updated=updated_date(site),
        navigation=None if navigation is None else [
            NavItem(text(item, "title"), item["page"]) for item in navigation],
        statuses=statuses(site),
        source_kinds=[str(kind) for kind in site.get("source_kinds") or []]
        if isinstance(site.get("source_kinds"), list) else list(SOURCE_KINDS),
        timeline_groups=text(site, "timeline_groups"),
        timeline_pages=text(site, "timeline_pages") or "auto",
        media_hosts=media_hosts(site))


def navigation_order(pages: list[str]) -> list[str]:
    """The default navigation: the home page, the timeline, what's contested, the sources,
    then every other page by name; never the 404 page."""
    first = [name for name in ("index", "timeline", "contested", "sources") if name in pages]
    return first + [name for name in pages if name not in (*first, "404")]


def built_pages(project: LoadedProject, drafts: bool) -> list[str]:
    """The pages the site will have: the home page, the pages of the kinds of entries it
    has, every other content/pages/NAME.md, the search page when search is on, and the
    404 page; in navigation order."""
    made = ["index"]
    made += [name for name, kind in PAGE_CONTENT.items()
             if entries(project.sheets, kind, drafts)]
    made += sorted(name for name in project.pages if name not in PAGE_NAMES)
    if search_on(project, drafts):
        made.append("search")
    return [*made, "404"]


def search_on(project: LoadedProject, drafts: bool) -> bool:
    """Whether the site has search: site.yml's `search`, and for auto (the default),
    whether the briefing has more than SEARCH_AUTO_EVENTS events."""
    setting = text(project.site, "search") or "auto" if isinstance(project.site, Mapping) \
        else "auto"
    if setting == "auto":
        return len(entries(project.sheets, "events", drafts)) > SEARCH_AUTO_EVENTS
    return setting == "on"


def page_text(name: str, doc: MarkdownDoc | None, site: Mapping) -> PageText:
    """A page's title, description and intro: its content/pages/NAME.md, else defaults."""
    if doc is not None:
        return PageText(name, text(doc.front, "title"), text(doc.front, "description"),
                        doc.body, [str(item) for item in doc.front.get("in_brief") or []])
    title, description = DEFAULT_PAGES.get(name) or (text(site, "title"),
                                                     text(site, "description"))
    return PageText(name, title, description, "", [])


def brief_text(doc: MarkdownDoc) -> BriefText:
    return BriefText(doc.name, text(doc.front, "title"), doc.front["order"], doc.body)


def source_record(data: Mapping) -> SourceRecord:
    return SourceRecord(
        id=text(data, "id"), outlet=text(data, "outlet"),
        label=text(data, "short") or text(data, "outlet"), headline=text(data, "headline"),
        kind=text(data, "kind"), author=text(data, "author"),
        published=parse_when(data["published"]), date_note=text(data, "date_note"),
        credits=[str(c) for c in data.get("credits") or []],
        relays=[str(r) for r in data.get("relays") or []],
        perspective=text(data, "perspective"), url=text(data, "url"),
        notes=text(data, "notes"))


def event_record(data: Mapping, where: Position, known: dict[str, Status],
                 sizes: dict[str, tuple[int, int]]) -> EventRecord:
    return EventRecord(
        id=text(data, "id"), when=parse_when(data["date"]), date_note=text(data, "date_note"),
        before=text(data, "before"), after=text(data, "after"), title=text(data, "title"),
        group=text(data, "group"), body=text(data, "body"), status=known.get(text(data, "status")),
        sources=references(data), where=where, media=media_record(data.get("media"), sizes))


def fact_record(data: Mapping, where: Position, sizes: dict[str, tuple[int, int]],
                ) -> FactRecord:
    given = nested(data["values"], where) if "values" in data else [(data, where)]
    values = [FactValueRecord(text(v, "value"), text(v, "note"), references(v), v_where,
                              bound(v, "low"), bound(v, "high"))
              for v, v_where in given]
    as_of = parse_when(data["as_of"]) if data.get("as_of") else None
    return FactRecord(text(data, "id"), text(data, "label"), text(data, "unit"), as_of, values,
                      media_record(data.get("media"), sizes))


def bound(data: Mapping, key: str) -> float | None:
    """A value's `low` or `high`, when given."""
    return float(data[key]) if data.get(key) is not None else None


def dispute_record(data: Mapping) -> DisputeRecord:
    positions = [PositionRecord(text(p, "claim"), text(p, "label"), text(p, "held_by"),
                                references(p), where)
                 for p, where in nested(data["positions"], data.at("positions"))]
    return DisputeRecord(
        id=text(data, "id"), question=text(data, "question"),
        why_it_matters=text(data, "why_it_matters"), status=data["status"],
        settled_by=text(data, "settled_by"), would_settle=text(data, "would_settle"),
        positions=positions)


def media_hosts(site: Any) -> list[str]:
    """The hosts site.yml lets serve images (media_hosts)."""
    hosts = site.get("media_hosts") if isinstance(site, Mapping) else None
    return [str(host) for host in hosts] if isinstance(hosts, list) else []


def content_records(project: LoadedProject, drafts: bool, warnings: list[Problem],
                    shown: set[str]) -> CheckedContent:
    """The checked project as records; call only when the check found no error.
    shown: the images the Markdown texts show, as written."""
    sheets = project.sheets
    brief = [brief_text(doc) for doc in project.brief if drafts or not is_draft(doc.front)]
    site = site_settings(project.site)
    sizes = image_sizes(project.media)
    order = built_pages(project, drafts)
    pages = {name: page_text(name, project.pages.get(name), project.site)
             for name in sorted(order)}
    if site.navigation is None:
        site = site._replace(navigation=[
            NavItem("Home" if name == "index" else pages[name].title, name)
            for name in navigation_order(order)])
    events = [event_record(data, where, site.statuses, sizes)
              for data, where in entries(sheets, "events", drafts)]
    facts = [fact_record(data, where, sizes) for data, where in entries(sheets, "facts", drafts)]
    used = {local_path(src) for src in shown if not is_address(src)}
    used |= {entry.media.src for entry in (*events, *facts)
             if entry.media and entry.media.kind == "image" and not is_address(entry.media.src)}
    return CheckedContent(
        site=site,
        pages=pages,
        brief=sorted(brief, key=lambda section: (section.order, section.name)),
        sources=[source_record(data) for data, _ in entries(sheets, "sources", drafts)],
        events=events,
        facts=facts,
        disputes=[dispute_record(data) for data, _ in entries(sheets, "disputes", drafts)],
        warnings=warnings,
        media_files={path: project.media[path] for path in sorted(used)},
        image_sizes=sizes)
