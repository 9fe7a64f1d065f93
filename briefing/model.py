"""Stage 3, model: turn checked content into plain data the templates only have to lay out.

Everything is gathered before anything is rendered: the sources page needs a
back-link from every claim on every other page.
"""

from __future__ import annotations

import itertools
import operator
import os
import re
from collections import defaultdict
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

from .caches import Memo, keep, same
from .citations import Citation, Reference, independent_outlets, parse_reference
from .dates import UNDATED, When, parse_when
from .load import MarkdownDoc, Project
from .markdown_render import Prerendered, prerender, prerender_all, unwrap
from .validate import entries, is_draft
from .yamlpos import Mapping

T = TypeVar("T")


class Page(NamedTuple):
    name: str
    filename: str
    title: str
    description: str
    intro_html: str


class BriefSection(NamedTuple):
    anchor: str
    title: str
    html: str


class Event(NamedTuple):
    id: str
    when: When
    date_note: str
    title: str
    body_html: str
    status: str
    citations: list[Citation]


class TimelineGroup(NamedTuple):
    anchor: str
    heading: str
    events: list[Event]
    placed_beside: When | None = None  # for undated events: the date of their dated anchor


class FactValue(NamedTuple):
    value: str
    note_html: str
    citations: list[Citation]


class Fact(NamedTuple):
    id: str
    label: str
    unit: str
    as_of: When | None
    values: list[FactValue]

    @property
    def contested(self) -> bool:
        return len(self.values) > 1


class Position(NamedTuple):
    claim_html: str
    held_by: str
    citations: list[Citation]
    independent: list[str]  # the distinct outlets behind it, wire copies counted once


class Dispute(NamedTuple):
    id: str
    question: str
    why_html: str
    status: str
    settled_html: str
    would_settle_html: str
    positions: list[Position]


class Source(NamedTuple):
    id: str
    outlet: str
    label: str
    headline: str
    kind: str
    author: str
    published: When
    date_note: str
    credits: list[str]
    perspective: str
    url: str
    notes_html: str
    backlinks: list[Citation]

    @property
    def backlink_groups(self) -> list[tuple[str, list[Citation]]]:
        """Back-links grouped by the claim they support, in the order they first appear."""
        groups: dict[str, list[Citation]] = {}
        for citation in self.backlinks:
            groups.setdefault(citation.context, []).append(citation)
        return list(groups.items())


class NavLink(NamedTuple):
    title: str
    filename: str


class Site(NamedTuple):
    title: str
    description: str
    language: str
    base_url: str
    updated: When
    nav: list[NavLink]
    pages: dict[str, Page]
    brief: list[BriefSection]
    facts: list[Fact]
    timeline: list[TimelineGroup]
    disputes: list[Dispute]
    sources: list[Source]

    @property
    def event_count(self) -> int:
        return sum(len(group.events) for group in self.timeline)


@dataclass
class Citer:
    """Places citations on pages: gives each a label and a unique anchor, keeps them all."""

    labels: dict[str, str]
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
                                     f"cite-{number}", context))
            self.counted[page] = number
            self.placed += made
            return made

        return cite

    def replay(self, page: str, citations: list[Citation]) -> None:
        """Place again the citations an unchanged claim placed in an earlier build."""
        self.counted[page] = self.counted.get(page, 0) + len(citations)
        self.placed += citations


def text(data: Mapping, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def references(data: Mapping) -> list[Reference]:
    return [r for r in map(parse_reference, data.get("sources") or []) if r]


@dataclass
class Builder:
    """Builds the model in one pass over the checked project."""

    project: Project
    citer: Citer
    drafts: bool = False
    cache: MutableMapping[str, Prerendered] = field(default_factory=dict)
    memo: Memo | None = None  # events built by an earlier build, by entry (serve keeps one)

    def prerendered(self, body: str) -> Prerendered:
        if body not in self.cache:
            self.cache[body] = prerender(body)
        return self.cache[body]

    def entries(self, name: str) -> list[Mapping]:
        """The entries under `name` in every fact sheet, drafts only when asked for."""
        return [data for data, _ in entries(self.project.sheets, name)
                if self.drafts or not is_draft(data)]

    def markdown(self, body: str, page: str, context: str) -> str:
        return self.prerendered(body).fill(self.citer.on(page, context)) if body else ""

    def inline(self, body: str, page: str, context: str) -> str:
        return unwrap(self.prerendered(body)).fill(self.citer.on(page, context)) if body else ""

    def cite(self, data: Mapping, page: str, context: str) -> list[Citation]:
        return self.citer.on(page, context)(references(data))

    def pages(self) -> dict[str, Page]:
        made = {}
        for name, doc in sorted(self.project.pages.items()):
            filename = f"{name}.html"
            title = text(doc.front, "title")
            intro = self.markdown(doc.body, filename, f"{title}: introduction")
            made[name] = Page(name, filename, title, text(doc.front, "description"), intro)
        return made

    def brief(self) -> list[BriefSection]:
        def order(doc: MarkdownDoc) -> tuple:
            return (doc.front.get("order"), doc.name)

        published = [d for d in self.project.brief if self.drafts or not is_draft(d.front)]
        return [self.reused(doc, "index.html", self.brief_section)
                for doc in sorted(published, key=order)]

    def brief_section(self, doc: MarkdownDoc) -> BriefSection:
        title = text(doc.front, "title")
        html = self.markdown(doc.body, "index.html", f"Brief: {title}")
        return BriefSection(f"brief-{doc.name}", title, html)

    def facts(self) -> list[Fact]:
        return [self.reused(data, "index.html", self.fact) for data in self.entries("facts")]

    def fact(self, data: Mapping) -> Fact:
        label = text(data, "label")
        context = f"Key figure: {label}"
        value_entries = data.get("values", [data])
        values = [
            FactValue(text(v, "value"), self.inline(text(v, "note"), "index.html", context),
                      self.cite(v, "index.html", context))
            for v in value_entries
        ]
        as_of = parse_when(data["as_of"]) if data.get("as_of") else None
        return Fact(data["id"], label, text(data, "unit"), as_of, values)

    def events(self) -> list[tuple[Event, Mapping]]:
        """Every event with its entry; a whole unchanged sheet's from the memo at once."""
        made = []
        for sheet in self.project.sheets:
            made += self.reused(sheet[1], "timeline.html", self.sheet_events)
        return made

    def sheet_events(self, sheet: Any) -> list[tuple[Event, Mapping]]:
        return [(self.event(data), data) for data, _ in entries([("", sheet)], "events")
                if self.drafts or not is_draft(data)]

    def reused(self, data: Any, page: str, make: Callable[[Any], T]) -> T:
        """make(data); or, for an entry unchanged since the last build whose citations would
        get the same numbers and labels, what it made then (the very object, so what was
        rendered from it is reused too), placing again the citations it placed."""
        if self.memo is None:
            return make(data)
        given = (self.citer.counted.get(page, 0), self.citer.labels)
        found = same(self.memo, data, page)
        if found is not None and found[0][0] == given[0] and found[0][1] is given[1]:
            self.citer.replay(page, found[2])
            return found[1]
        first = len(self.citer.placed)
        made = make(data)
        keep(self.memo, data, (given, made, self.citer.placed[first:]), page)
        return made

    def event(self, data: Mapping) -> Event:
        return self.reused(data, "timeline.html", self.new_event)

    def new_event(self, data: Mapping) -> Event:
        page, title = "timeline.html", text(data, "title")
        context = f"Timeline: {title}"
        return Event(
            id=data["id"], when=parse_when(data["date"]), date_note=text(data, "date_note"),
            title=title, body_html=self.markdown(text(data, "body"), page, context),
            status=data["status"], citations=self.cite(data, page, context),
        )

    def disputes(self) -> list[Dispute]:
        return [self.reused(data, "contested.html", self.dispute)
                for data in self.entries("disputes")]

    def dispute(self, data: Mapping) -> Dispute:
        question = text(data, "question")
        page = "contested.html"
        positions = []
        for number, pos in enumerate(data["positions"], 1):
            context = f"Contested: {question} (position {number})"
            first = len(self.citer.placed)
            claim = self.markdown(text(pos, "claim"), page, context)
            cited = self.cite(pos, page, context)
            behind = self.citer.placed[first:]  # inline citations and the sources list
            positions.append(Position(claim, text(pos, "held_by"), cited,
                                      independent_outlets(behind, self.citer.labels)))
        context = f"Contested: {question}"
        return Dispute(
            id=data["id"], question=question,
            why_html=self.markdown(text(data, "why_it_matters"), page, context),
            status=data["status"],
            settled_html=self.markdown(text(data, "settled_by"), page, context),
            would_settle_html=self.markdown(text(data, "would_settle"), page, context),
            positions=positions,
        )

    def sources(self) -> list[Source]:
        made = []
        for data in self.entries("sources"):
            made.append((data, self.reused(data, "sources.html", self.source_notes)))
        backlinks: dict[str, list[Citation]] = defaultdict(list)
        for citation in self.citer.placed:
            backlinks[citation.source].append(citation)
        return [self.source(data, notes, backlinks[data["id"]]) for data, notes in made]

    def source_notes(self, data: Mapping) -> str:
        label = self.citer.labels[data["id"]]
        return self.markdown(text(data, "notes"), "sources.html", f"Source: {label}")

    def source(self, data: Mapping, notes: str, backlinks: list[Citation]) -> Source:
        """One source; the very object of the last build when nothing it shows changed, so
        its rendered fragments can be reused."""
        given = (notes, self.citer.labels[data["id"]], backlinks)
        found = same(self.memo, data, "source") if self.memo is not None else None
        if found is not None and found[0] == given:  # unchanged citations compare by identity
            return found[1]
        made = Source(
            id=data["id"], outlet=text(data, "outlet"), label=self.citer.labels[data["id"]],
            headline=text(data, "headline"), kind=data["kind"], author=text(data, "author"),
            published=parse_when(data["published"]), date_note=text(data, "date_note"),
            credits=[str(c) for c in data.get("credits") or []],
            perspective=text(data, "perspective"), url=text(data, "url"), notes_html=notes,
            backlinks=backlinks,
        )
        if self.memo is not None:
            keep(self.memo, data, (given, made), "source")
        return made


def slug(heading: str) -> str:
    """An anchor from a heading: 'January 2026' -> 'january-2026'."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def timeline(events: list[tuple[Event, Mapping]], memo: Memo | None = None,
             ) -> list[TimelineGroup]:
    """Events in date order, grouped by month (or year); undated ones beside their anchor.

    memo: the groups of the last build (serve keeps one)."""
    if memo is None:
        return placed_groups(events)
    last = memo.get("timeline")
    found = regrouped(last, events, memo) if last is not None else None
    if found is None:
        groups = placed_groups(events, memo)
        group_of = {id(event): number for number, group in enumerate(groups)
                    for event in group.events}
    else:
        groups, group_of = found
    memo["timeline"] = (events, groups, group_of)
    return groups


def regrouped(last: tuple, events: list[tuple[Event, Mapping]], memo: Memo,
              ) -> tuple[list[TimelineGroup], dict[int, int]] | None:
    """Last build's groups with each changed event in its old place, when none can have
    moved: the same ids in the same order, each with its date and anchors as they were.
    Also which group each event is in, by id. None if an event may have moved. (An edited
    title or body, the usual edit, moves nothing.)"""
    old_events, old_groups, group_of = last
    if len(old_events) != len(events):
        return None
    changed: dict[int, Event] = {}  # by id of the event it replaces
    for (event, data), (old, old_data) in zip(events, old_events, strict=True):
        if event is old:
            continue
        if (event.id != old.id or event.when != old.when
                or data.get("before") != old_data.get("before")
                or data.get("after") != old_data.get("after")):
            return None
        changed[id(old)] = event
    if changed:
        group_of = dict(group_of)
        for old_id, event in changed.items():
            group_of[id(event)] = group_of.pop(old_id)
    touched = {group_of[id(event)] for event in changed.values()}
    groups = []
    for number, group in enumerate(old_groups):
        memo.get(("group", group.anchor))  # kept, for the next build that places anew
        if number in touched:
            group = reused_group(memo, TimelineGroup(
                group.anchor, group.heading, [changed.get(id(e), e) for e in group.events],
                group.placed_beside))
        groups.append(group)
    return groups, group_of


def placed_groups(events: list[tuple[Event, Mapping]], memo: Memo | None = None,
                  ) -> list[TimelineGroup]:
    """timeline() from nothing: every event placed, sorted and grouped."""
    by_id: dict[str, Event] = {}  # made when an undated event first needs it
    anchors: dict[str, str] = {}  # slug() by heading: many events share a month
    placed: list[tuple[tuple, str, str, Event, When | None]] = []
    for index, (event, data) in enumerate(events):
        target = None
        when = event.when
        if when.dated:
            year, place, start, end, precision = when.sort_key
            key = (year, place, 0, start, end, precision, "", index)
            heading = when.group[1]
            anchor = anchors.get(heading) or anchors.setdefault(heading, slug(heading))
        elif anchor_id := data.get("before") or data.get("after"):
            side = -1 if data.get("before") else 1
            by_id = by_id or {event.id: event for event, _ in events}
            target = by_id[anchor_id].when
            word = "before" if side < 0 else "after"
            year, place, start, end, precision = target.sort_key
            key = (year, place, side, start, end, precision, anchor_id, index)
            heading = f"Undated, placed {word} {target.text}"
            anchor = f"undated-{word}-{anchor_id}"
        else:
            key = (*UNDATED.sort_key[:2], 2, index)
            heading, anchor = "Undated", "undated"
        placed.append((key, anchor, heading, event, target))
    placed.sort(key=lambda item: item[0])
    groups = []
    for (anchor, heading, target), items in itertools.groupby(
            placed, key=lambda i: (i[1], i[2], i[4])):
        group = TimelineGroup(anchor, heading, [item[3] for item in items], target)
        groups.append(group if memo is None else reused_group(memo, group))
    return groups


def reused_group(memo: Memo, group: TimelineGroup) -> TimelineGroup:
    """The very group of the last build when it holds the very same events (so its rendered
    section is reused too), else this new one, kept for the next build."""
    last = memo.get(("group", group.anchor))
    if (last is not None and last.heading == group.heading
            and last.placed_beside == group.placed_beside
            and len(last.events) == len(group.events)
            and all(map(operator.is_, last.events, group.events))):
        return last
    memo["group", group.anchor] = group
    return group


def updated_date(site: Mapping) -> When:
    if site.get("updated"):
        return parse_when(site["updated"])
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    return parse_when(datetime.fromtimestamp(epoch, UTC).date().isoformat())


def source_labels(project: Project) -> dict[str, str]:
    return {data["id"]: text(data, "short") or text(data, "outlet")
            for data, _ in entries(project.sheets, "sources")}


MARKDOWN_KEYS = {"events": ("body",), "sources": ("notes",), "facts": ("note",),
                 "disputes": ("why_it_matters", "settled_by", "would_settle")}


def markdown_texts(project: Project, memo: Memo | None = None) -> list[str]:
    """Every Markdown text the model will render, as the Builder asks for it, to render them
    all at once. With a memo, a fact sheet seen by the last build adds none: what the model
    still needs from it is rendered on demand, and mostly kept."""
    texts = [doc.body for doc in (*project.pages.values(), *project.brief)]
    for sheet in project.sheets:
        if memo is not None:
            if same(memo, sheet[1], "texts"):
                continue
            keep(memo, sheet[1], True, "texts")
        for name, keys in MARKDOWN_KEYS.items():
            for data, _ in entries([sheet], name):
                texts += [text(data, key) for key in keys]
                nested = data.get("values") or data.get("positions") or []
                texts += [text(item, key) for item in nested if isinstance(item, Mapping)
                          for key in ("note", "claim")]
    return texts


def build_model(project: Project, base_url: str | None, drafts: bool = False,
                cache: MutableMapping[str, Prerendered] | None = None,
                memo: Memo | None = None) -> Site:
    """The whole site as plain data; the project must have passed validation.

    cache: Markdown already rendered, by text; memo: events already built, by entry
    (serve keeps both between rebuilds).
    """
    cache = {} if cache is None else cache
    prerender_all(markdown_texts(project, memo), cache)
    labels = source_labels(project)
    if memo is not None:
        if memo.get("labels") == labels:
            labels = memo["labels"]  # the very dict of last time: events compare it by identity
        memo["labels"] = labels
    builder = Builder(project, Citer(labels), drafts, cache, memo)
    site: Any = project.site
    base = base_url if base_url is not None else text(site, "base_url")
    pages = builder.pages()
    brief = builder.brief()
    facts = builder.facts()
    events = builder.events()
    disputes = builder.disputes()
    sources = builder.sources()  # last: it gathers the back-links of all the others
    return Site(
        title=text(site, "title"), description=text(site, "description"),
        language=text(site, "language"), base_url=base.rstrip("/") + "/" if base else "",
        updated=updated_date(site),
        nav=[NavLink(text(n, "title"), f"{n['page']}.html") for n in site["navigation"]],
        pages=pages, brief=brief, facts=facts, timeline=timeline(events, memo),
        disputes=disputes, sources=sources,
    )
