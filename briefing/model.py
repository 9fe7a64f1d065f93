"""Stage 3, model: turn checked records into plain data the templates only lay out.

Everything is gathered before anything is rendered: the sources page needs a
back-link from every claim on every other page, so citations are numbered here, in
reading order, page by page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from .citations import Citation, Reference, independent_outlets
from .dates import When
from .markdown_render import MarkdownBatch, Prerendered, render_markdown, rendered_texts, unwrap
from .media import MediaRecord, local_path
from .records import (
    CheckedContent,
    DisputeRecord,
    EventRecord,
    FactRecord,
    SourceRecord,
    Status,
)
from .timeline import TimelineGroup, group_events


class Media(NamedTuple):
    """A picture (with its size when known), or a linked card for a video or a recording."""

    kind: str  # image, video or audio
    src: str  # a path in the output, or an https:// address
    alt: str
    width: int  # 0 when not known
    height: int
    caption_html: str
    credit: str
    credit_href: str  # the sources page's entry of the source the credit names, or ''


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
    group: str  # a strand of the story, or ''
    body_html: str
    status: Status | None  # with its label, and whether a badge shows
    citations: list[Citation]
    media: Media | None


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
    media: Media | None

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
    relays: list[str]  # the labels of the sources whose reporting this one repeats
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
    timeline: list[TimelineGroup[Event]]
    disputes: list[Dispute]
    sources: list[Source]
    statuses: list[Status]  # every status an event may have, as site.yml names them
    source_kinds: list[str]
    media_hosts: list[str]  # the hosts images may come from (the pages' CSP allows them)
    media_files: dict[str, bytes]  # the images under content/ the site shows, by path
    search: bool = False  # a search page, a search form on every page, a Pagefind index

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


@dataclass
class Builder:
    """Builds the model from the records, placing citations in reading order."""

    citer: Citer
    html: dict[str, Prerendered]  # every Markdown text of the content, rendered
    relays: dict[str, list[str]]  # source id -> the ids of the sources it relays
    sizes: dict[str, tuple[int, int]]  # (width, height) of each image under content/

    def markdown(self, body: str, page: str, context: str) -> str:
        if not body:
            return ""
        return sized_images(self.html[body].fill(self.citer.on(page, context)), self.sizes)

    def inline(self, body: str, page: str, context: str) -> str:
        """Markdown of one paragraph, without its <p>."""
        if not body:
            return ""
        return sized_images(unwrap(self.html[body]).fill(self.citer.on(page, context)),
                            self.sizes)

    def media(self, record: MediaRecord | None, page: str, context: str) -> Media | None:
        if record is None:
            return None
        credit_href = f"sources.html#src-{record.credit_source}" if record.credit_source \
            else ""
        return Media(record.kind, record.src, record.alt, record.width, record.height,
                     self.inline(record.caption, page, context), record.credit, credit_href)

    def cite(self, references: list[Reference], page: str, context: str) -> list[Citation]:
        return self.citer.on(page, context)(references)

    def fact(self, record: FactRecord) -> Fact:
        context = f"Key figure: {record.label}"
        values = [FactValue(v.value, self.inline(v.note, "index.html", context),
                            self.cite(v.sources, "index.html", context))
                  for v in record.values]
        return Fact(record.id, record.label, record.unit, record.as_of, values,
                    self.media(record.media, "index.html", context))

    def event(self, record: EventRecord) -> Event:
        page, context = "timeline.html", f"Timeline: {record.title}"
        return Event(record.id, record.when, record.date_note, record.title, record.group,
                     self.markdown(record.body, page, context), record.status,
                     self.cite(record.sources, page, context),
                     self.media(record.media, page, context))

    def dispute(self, record: DisputeRecord) -> Dispute:
        page, question = "contested.html", record.question
        positions = []
        for number, pos in enumerate(record.positions, 1):
            context = f"Contested: {question} (position {number})"
            first = len(self.citer.placed)
            claim = self.markdown(pos.claim, page, context)
            cited = self.cite(pos.sources, page, context)
            behind = self.citer.placed[first:]  # inline citations and the sources list
            positions.append(Position(claim, pos.held_by, cited,
                                      independent_outlets(behind, self.citer.labels,
                                                          self.relays)))
        context = f"Contested: {question}"
        return Dispute(record.id, question,
                       self.markdown(record.why_it_matters, page, context), record.status,
                       self.markdown(record.settled_by, page, context),
                       self.markdown(record.would_settle, page, context), positions)

    def source(self, record: SourceRecord, notes_html: str,
               backlinks: list[Citation]) -> Source:
        labels = self.citer.labels
        relayed = [labels[other] for other in record.relays if other in labels]
        return Source(record.id, record.outlet, record.label, record.headline, record.kind,
                      record.author, record.published, record.date_note, record.credits,
                      relayed, record.perspective, record.url, notes_html, backlinks)


IMAGE_TAG = re.compile(r'<img\b([^>]*?)src="([^"]*)"([^>]*)>')


def sized_images(html: str, sizes: dict[str, tuple[int, int]]) -> str:
    """Each image of the project in the HTML given its width and height, so the page does
    not shift as it loads."""
    if "<img" not in html:
        return html

    def sized(match: re.Match) -> str:
        width, height = sizes.get(local_path(match[2]), (0, 0))
        if not width or "width=" in match[0]:
            return match[0]
        return f'<img{match[1]}src="{match[2]}"{match[3]} width="{width}" height="{height}">'

    return IMAGE_TAG.sub(sized, html)


def markdown_texts(content: CheckedContent) -> list[str]:
    """Every Markdown text of the content, to render them all at once."""
    texts = [page.body for page in content.pages.values()]
    texts += [section.body for section in content.brief]
    texts += [event.body for event in content.events]
    texts += [source.notes for source in content.sources]
    texts += [value.note for fact in content.facts for value in fact.values]
    texts += [entry.media.caption for entry in (*content.events, *content.facts) if entry.media]
    for dispute in content.disputes:
        texts += [dispute.why_it_matters, dispute.settled_by, dispute.would_settle]
        texts += [position.claim for position in dispute.positions]
    return texts


def build_model(content: CheckedContent, base_url: str | None = None,
                render: MarkdownBatch = render_markdown) -> Site:
    """The whole site as plain data, citations numbered page by page in reading order.

    base_url overrides site.yml's; render turns Markdown texts into HTML (serve passes
    one that remembers texts it rendered before)."""
    labels = {source.id: source.label for source in content.sources}
    relays = {source.id: source.relays for source in content.sources if source.relays}
    builder = Builder(Citer(labels), rendered_texts(markdown_texts(content), render), relays,
                      content.image_sizes)
    pages = {}
    for name, text in content.pages.items():
        filename = f"{name}.html"
        intro = builder.markdown(text.body, filename, f"{text.title}: introduction")
        pages[name] = Page(name, filename, text.title, text.description, intro)
    brief = [BriefSection(f"brief-{section.name}", section.title,
                          builder.markdown(section.body, "index.html", f"Brief: {section.title}"))
             for section in content.brief]
    facts = [builder.fact(record) for record in content.facts]
    events = [(builder.event(record), record) for record in content.events]
    disputes = [builder.dispute(record) for record in content.disputes]
    notes = [builder.markdown(s.notes, "sources.html", f"Source: {s.label}")
             for s in content.sources]
    backlinks: dict[str, list[Citation]] = defaultdict(list)
    for citation in builder.citer.placed:  # every claim's citation, the sources' notes too
        backlinks[citation.source].append(citation)
    sources = [builder.source(record, html, backlinks[record.id])
               for record, html in zip(content.sources, notes, strict=True)]
    settings = content.site
    base = base_url if base_url is not None else settings.base_url
    return Site(
        title=settings.title, description=settings.description, language=settings.language,
        base_url=base.rstrip("/") + "/" if base else "", updated=settings.updated,
        nav=[NavLink(item.title, f"{item.page}.html") for item in settings.navigation or []],
        pages=pages, brief=brief, facts=facts,
        timeline=group_events(events, settings.timeline_groups or None),
        disputes=disputes, sources=sources, statuses=list(settings.statuses.values()),
        source_kinds=settings.source_kinds, media_hosts=settings.media_hosts,
        media_files=content.media_files, search="search" in pages)
