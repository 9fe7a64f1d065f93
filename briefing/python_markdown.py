"""Python-Markdown, for the text the fast path in markdown_render declines.

Imported only when some text needs it: importing and configuring Markdown costs
more than rendering a whole briefing that takes the fast path.
"""

from __future__ import annotations

import os
import threading

import markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor

from .citations import CITATION, Reference, parse_reference
from .markdown_render import SLOT, CiteFn, Prerendered, plain_paragraphs, sanitize


class _CitationProcessor(InlineProcessor):
    def __init__(self, renderer: MarkdownRenderer):
        super().__init__(CITATION.pattern, renderer.md)
        self.renderer = renderer

    def handleMatch(self, m, data):
        references = [parse_reference(part) for part in m.group(1).split(";")]
        if any(r is None for r in references):
            return None, None, None  # validation has reported it; leave the text alone
        groups = self.renderer.groups
        groups.append(tuple(r for r in references if r))
        return SLOT.format(len(groups) - 1), m.start(0), m.end(0)


class MarkdownRenderer:
    """One configured Markdown instance, reset between documents.

    Its HTML goes through an allowlist sanitizer (nh3), so raw HTML in the
    content, or a quoted source's markup, can add formatting but never a
    script, an event handler or a javascript: or data: URL.
    """

    def __init__(self) -> None:
        # Extension objects, not names: names make Markdown scan every installed
        # package's entry points, which costs more than the whole shipped build renders.
        self.md = markdown.Markdown(extensions=[TableExtension(), SaneListExtension()],
                                    output_format="html")
        # Above the link pattern (160), so [@id] is never read as a link reference.
        self.md.inlinePatterns.register(_CitationProcessor(self), "citation", 175)
        self.groups: list[tuple[Reference, ...]] = []

    def prerender(self, text: str) -> Prerendered:
        plain = plain_paragraphs(text)
        if plain is not None:
            return plain
        self.groups = []
        html = sanitize(self.md.reset().convert(text))
        return Prerendered(html, tuple(self.groups))

    def render(self, text: str, cite: CiteFn) -> str:
        return self.prerender(text).fill(cite)


PARALLEL_FROM = 300
"""Below this many texts, forking helper processes costs more than it saves."""


def _render_chunk(texts: list[str]) -> list[Prerendered]:
    renderer = MarkdownRenderer()
    return [renderer.prerender(text) for text in texts]


def render_many(texts: list[str]) -> list[Prerendered]:
    """Every text through Python-Markdown, in order; on all cores when there are many."""
    workers = min(os.cpu_count() or 1, 8)
    # fork is safe only while this process runs no other thread (serve's first build does).
    if len(texts) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1:
        return _render_chunk(texts)
    import multiprocessing  # here, not at the top: most builds never need it (10 ms)

    chunks = [texts[i::workers * 2] for i in range(workers * 2)]
    done: list[Prerendered | None] = [None] * len(texts)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for start, rendered in enumerate(pool.map(_render_chunk, chunks)):
            done[start::workers * 2] = rendered
    return done  # type: ignore[return-value]
