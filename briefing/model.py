"""Stage 3, model: turn checked records into plain data the templates only lay out.

Everything is gathered before anything is rendered: the sources page needs a
back-link from every claim on every other page, so citations are numbered here, in
reading order, page by page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from .charts import FactChart, Value, fact_chart, read_value, with_bounds
from .citations import Citation, Citer, Reference, independent_outlets
from .dates import When
from .graph import Attribution, Claim, Document, attribution
from .markdown_render import MarkdownBatch, Prerendered, render_markdown, rendered_texts, unwrap
from .media import MediaRecord, sized_images
from .parts import (
    DATA_FILES,
    DISPUTES_MAX,
    FEED,
    HOME_FACTS_MAX,
    HOME_FACTS_SHOWN,
    BriefSection,
    DataFile,
    NavLink,
    Page,
    Part,
    Reading,
    chaptered,
    chapters,
    figure_pages,
    figures_file,
    first_lines,
    moved_anchors,
    one_page_each,
    question_pages,
    reading,
    relinked,
)
from .records import (
    CheckedContent,
    DisputeRecord,
    EventRecord,
    FactRecord,
    SourceRecord,
    Status,
)
from .strip import Density, density
from .timeline import (
    SINGLE_PAGE,
    UNDATED_PAGE,
    Anchor,
    Era,
    TimelineGroup,
    TimelinePage,
    eras,
    plan_timeline,
)
from .timeline_pages import paged_timeline


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


class Event(NamedTuple):
    id: str
    page: str  # the output file it is on: timeline.html, or its period's page
    when: When
    anchor: Anchor | None  # for an undated event placed before or after a dated one
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
    chart: FactChart | None = None  # with several values: each drawn on one axis

    @property
    def contested(self) -> bool:
        return len(self.values) > 1


class Position(NamedTuple):
    claim_html: str
    label: str  # its answer in a few words, or 'Position N' when the data gives none
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
    filename: str  # the page it is on: contested.html, or its own contested-ID.html


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
    filename: str = "sources.html"  # the page holding its entry: its own past a size

    @property
    def href(self) -> str:
        """Where its entry is: its own page, or its place on the sources page."""
        return self.filename if self.filename != "sources.html" else f"sources.html#src-{self.id}"

    @property
    def backlink_groups(self) -> list[tuple[str, list[Citation]]]:
        """Back-links grouped by the claim they support, in the order they first appear."""
        groups: dict[str, list[Citation]] = {}
        for citation in self.backlinks:
            groups.setdefault(citation.context, []).append(citation)
        return list(groups.items())


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
    timeline_pages: list[TimelinePage[Event]]  # one, or one per period
    disputes: list[Dispute]
    sources: list[Source]
    statuses: list[Status]  # every status an event may have, as site.yml names them
    source_kinds: list[str]
    media_hosts: list[str]  # the hosts images may come from (the pages' CSP allows them)
    media_files: dict[str, bytes]  # the images under content/ the site shows, by path
    source_pages: dict[str, Page]  # source id -> its own page, past SPLIT_SOURCES; or none
    attribution: Attribution | None  # the sources page's graph, when there are sources
    in_brief: list[str]  # the story in 30 seconds: one HTML item each, or none
    reading: Reading  # the brief's words and minutes
    key_facts: list[Fact]  # the key figures the home page shows: all, or the first few
    parts: list[Part]  # the pages a long briefing is split into, or none
    feed: str  # the Atom feed's filename, or '' when none is built (no base URL)
    data_files: list[DataFile]
    search: bool = False  # a search page, a search form on every page, a Pagefind index

    @property
    def timeline(self) -> list[TimelineGroup[Event]]:
        """Every group of the timeline, page after page."""
        return [group for page in self.timeline_pages for group in page.groups]

    @property
    def timeline_split(self) -> bool:
        """Whether the timeline has a page per period (timeline.html then lists them)."""
        return self.timeline_pages[0].filename != SINGLE_PAGE

    @property
    def timeline_eras(self) -> list[Era]:
        """The periods of a split timeline under their eras (a month's year...)."""
        return eras(self.timeline_pages)

    @property
    def timeline_density(self) -> Density:
        """The bars of the split timeline's density strip, one per dated period."""
        return density([(page.filename, page.heading, page.count, page.era)
                        for page in self.timeline_pages if page.filename != UNDATED_PAGE])
    search: bool = False  # a search page, a search form on every page, a Pagefind index

    @property
    def event_count(self) -> int:
        return sum(page.count for page in self.timeline_pages)


@dataclass
class Builder:
    """Builds the model from the records, placing citations in reading order."""

    citer: Citer
    html: dict[str, Prerendered]  # every Markdown text of the content, rendered
    relays: dict[str, list[str]]  # source id -> the ids of the sources it relays
    sizes: dict[str, tuple[int, int]]  # (width, height) of each image under content/
    moved: dict[tuple[str, str], str]  # (page, anchor) -> the page it is on in a split site
    claims: list[Claim] = field(default_factory=list)  # for the attribution graph

    def markdown(self, body: str, page: str, context: str) -> str:
        if not body:
            return ""
        return relinked(sized_images(self.html[body].fill(self.citer.on(page, context)),
                                     self.sizes), self.moved)

    def inline(self, body: str, page: str, context: str) -> str:
        """Markdown of one paragraph, without its <p>."""
        if not body:
            return ""
        return relinked(sized_images(unwrap(self.html[body]).fill(self.citer.on(page, context)),
                                     self.sizes), self.moved)

    def media(self, record: MediaRecord | None, page: str, context: str) -> Media | None:
        if record is None:
            return None
        source = record.credit_source
        credit_href = self.citer.targets.get(source) or f"sources.html#src-{source}" \
            if source else ""
        return Media(record.kind, record.src, record.alt, record.width, record.height,
                     self.inline(record.caption, page, context), record.credit, credit_href)

    def cite(self, references: list[Reference], page: str, context: str) -> list[Citation]:
        return self.citer.on(page, context)(references)

    def fact(self, record: FactRecord, page: str = "index.html") -> Fact:
        context = f"Key figure: {record.label}"
        first = len(self.citer.placed)
        values = [FactValue(v.value, self.inline(v.note, page, context),
                            self.cite(v.sources, page, context))
                  for v in record.values]
        readings = [Value(value.value, "; ".join(c.label for c in value.citations),
                          with_bounds(read_value(v.value), v.low, v.high))
                    for value, v in zip(values, record.values, strict=True)]
        self.claims.append(Claim(context, f"{page}#fact-{record.id}",
                                 [c.source for c in self.citer.placed[first:]]))
        return Fact(record.id, record.label, record.unit, record.as_of, values,
                    self.media(record.media, page, context),
                    fact_chart(record.id, record.label, record.unit, readings))

    def event(self, record: EventRecord, page: str, anchor: Anchor | None) -> Event:
        context = f"Timeline: {record.title}"
        return Event(record.id, page, record.when, anchor, record.date_note, record.title,
                     record.group,
                     self.markdown(record.body, page, context), record.status,
                     self.cite(record.sources, page, context),
                     self.media(record.media, page, context))

    def dispute(self, record: DisputeRecord, page: str = "contested.html") -> Dispute:
        question = record.question
        positions = []
        for number, pos in enumerate(record.positions, 1):
            context = f"Contested: {question} (position {number})"
            first = len(self.citer.placed)
            claim = self.markdown(pos.claim, page, context)
            cited = self.cite(pos.sources, page, context)
            behind = self.citer.placed[first:]  # inline citations and the sources list
            self.claims.append(Claim(f"{question}: {pos.held_by}",
                                     f"{page}#{record.id}-{number}",
                                     [c.source for c in behind]))
            positions.append(Position(claim, pos.label or f"Position {number}", pos.held_by,
                                      cited,
                                      independent_outlets(behind, self.citer.labels,
                                                          self.relays)))
        context = f"Contested: {question}"
        return Dispute(record.id, question,
                       self.markdown(record.why_it_matters, page, context), record.status,
                       self.markdown(record.settled_by, page, context),
                       self.markdown(record.would_settle, page, context), positions, page)

    def source(self, record: SourceRecord, notes_html: str,
               backlinks: list[Citation]) -> Source:
        labels = self.citer.labels
        relayed = [labels[other] for other in record.relays if other in labels]
        return Source(record.id, record.outlet, record.label, record.headline, record.kind,
                      record.author, record.published, record.date_note, record.credits,
                      relayed, record.perspective, record.url, notes_html, backlinks,
                      self.citer.targets.get(record.id, "sources.html"))


def source_page(source: Source) -> Page:
    """The page of one source's own entry, past SPLIT_SOURCES."""
    return Page(f"source-{source.id}", source.filename, f"{source.label}: {source.headline}",
                f"What {source.outlet} published, whom it credits, and every claim that "
                "cites it.", "")


def build_model(content: CheckedContent, base_url: str | None = None,
                render: MarkdownBatch = render_markdown) -> Site:
    """The whole site as plain data, citations numbered page by page in reading order.

    base_url overrides site.yml's; render turns Markdown texts into HTML (serve passes
    one that remembers texts it rendered before)."""
    labels = {source.id: source.label for source in content.sources}
    relays = {source.id: source.relays for source in content.sources if source.relays}
    texts = content.markdown_texts()
    targets = {source.id: f"source-{source.id}.html" for source in content.sources} \
        if one_page_each(content, texts) else {}
    plan = plan_timeline(content.events, content.site.timeline_pages,
                         content.site.timeline_groups)
    own_pages = len(content.disputes) > DISPUTES_MAX
    builder = Builder(Citer(labels, targets), rendered_texts(texts, render), relays,
                      content.image_sizes, moved_anchors(plan, content.disputes, own_pages))
    index = content.pages.get("index")
    story = [builder.inline(item, "index.html", "The story in 30 seconds")
             for item in (index.in_brief if index else [])]
    many_facts = len(content.facts) > HOME_FACTS_MAX
    shown = content.facts[:HOME_FACTS_SHOWN] if many_facts else content.facts
    key_facts = [builder.fact(record) for record in shown]  # high on the home page
    pages = {}
    for name, text in content.pages.items():
        filename = f"{name}.html"
        intro = builder.markdown(text.body, filename, f"{text.title}: introduction")
        pages[name] = Page(name, filename, text.title, text.description, intro)
    brief, length = brief_sections(builder, content)
    facts = [builder.fact(record, figures_file(number))
             for number, record in enumerate(content.facts)] if many_facts else key_facts
    timeline = paged_timeline(plan, content.events, builder.event)
    disputes = [builder.dispute(record, f"contested-{record.id}.html" if own_pages
                                else "contested.html") for record in content.disputes]
    notes = [builder.markdown(s.notes, targets.get(s.id, "sources.html"), f"Source: {s.label}")
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
        timeline_pages=timeline,
        disputes=disputes, sources=sources, statuses=list(settings.statuses.values()),
        source_kinds=settings.source_kinds, media_hosts=settings.media_hosts,
        media_files=content.media_files,
        source_pages={s.id: source_page(s) for s in sources if s.filename in targets.values()},
        attribution=attribution(
            [Document(s.id, s.label, s.href, s.credits) for s in sources],
            builder.claims) if sources else None,
        in_brief=story, reading=length, key_facts=key_facts,
        parts=[*chapters(brief), *figure_pages(facts if many_facts else []),
               *(question_pages(disputes, [NavLink(d.question, d.filename) for d in disputes])
                 if own_pages else [])],
        feed=FEED if base else "", data_files=list(DATA_FILES), search="search" in pages)


def brief_sections(builder: Builder, content: CheckedContent,
                   ) -> tuple[list[BriefSection], Reading]:
    """The brief's sections, each on the home page or, for a long brief, on a page of its
    own; and how long the brief is to read."""
    length = reading([builder.html[section.body].html for section in content.brief
                      if section.body])
    own_pages = chaptered(len(content.brief), length.words)
    sections = []
    for section in content.brief:
        page = f"brief-{section.name}.html" if own_pages else "index.html"
        html = builder.markdown(section.body, page, f"Brief: {section.title}")
        sections.append(BriefSection(f"brief-{section.name}", section.title, html, page,
                                     first_lines(html)))
    return sections, length
