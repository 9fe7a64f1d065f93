"""Markdown to HTML with [@id] citations, through one reused Python-Markdown instance."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor

from .citations import CITATION, Citation, Reference, citation_html, parse_reference

CiteFn = Callable[[list[Reference]], list[Citation]]
"""Turns references into placed citations (label, anchor) for the current document."""

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "ins", "li", "mark", "ol", "p", "pre", "q", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class", "aria-label"},
    "abbr": {"title"},
    "ol": {"start"},
    "span": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
"""Relative links stay; javascript:, data: and every other scheme are dropped."""


def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes (<script> goes, content too)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


SLOT = "\ue000{}\ue001"
SLOTS = re.compile("\ue000(\\d+)\ue001")
"""A citation group's place in prerendered HTML (private-use characters, kept by nh3)."""


@dataclass(frozen=True)
class Prerendered:
    """Markdown as HTML with a slot for each citation group: the same whatever page or
    claim it stands in, so it can be cached by text and rendered on any core."""

    html: str
    groups: tuple[tuple[Reference, ...], ...]

    def fill(self, cite: CiteFn) -> str:
        """The HTML with each slot replaced by its citations, placed in text order."""
        if not self.groups:
            return self.html
        return SLOTS.sub(lambda m: citation_html(cite(list(self.groups[int(m[1])]))),
                         self.html)


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

    def render_inline(self, text: str, cite: CiteFn) -> str:
        """Render a one-paragraph text without its <p> wrapper."""
        return unwrap(self.prerender(text)).fill(cite)


MARKUP = re.compile(r"[\\`*_<>&#!|~=:+\[\]{}]|^\s|^\d+[.)]|^-|^\s*$|  $", re.MULTILINE)
"""Anything Python-Markdown might act on, in a paragraph: when none of it is there (once
the citation groups are set aside) the paragraph comes out exactly as written."""


def plain_paragraphs(text: str) -> Prerendered | None:
    """Plain paragraphs with citations, without Python-Markdown; None if it is needed.

    The fast path most briefing text takes. A property test checks that whatever it
    accepts comes out byte for byte as Python-Markdown would render it.
    """
    paragraphs = text.strip("\n").split("\n\n")
    groups: list[tuple[Reference, ...]] = []

    def slot(match: re.Match) -> str:
        references = [parse_reference(part) for part in match[1].split(";")]
        if any(r is None for r in references):
            return "["  # not a citation: leaves a bracket, so the full renderer takes it
        groups.append(tuple(r for r in references if r))
        return SLOT.format(len(groups) - 1)

    html = []
    for paragraph in paragraphs:
        text_only = CITATION.sub(slot, paragraph)
        if not paragraph or MARKUP.search(text_only):
            return None
        html.append(f"<p>{text_only}</p>")
    return Prerendered("\n".join(html), tuple(groups))


def unwrap(done: Prerendered) -> Prerendered:
    """A one-paragraph text without its <p> wrapper."""
    html = done.html
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return Prerendered(html[3:-4], done.groups)
    return done


PARALLEL_FROM = 300
"""Below this many new texts, forking helper processes costs more than it saves."""


def _render_chunk(texts: list[str]) -> list[Prerendered]:
    renderer = MarkdownRenderer()
    return [renderer.prerender(text) for text in texts]


def prerender_all(texts: Iterable[str], cache: MutableMapping[str, Prerendered]) -> None:
    """Render every text not in cache yet, on all cores when there are many; fill cache."""
    todo = sorted({t for t in texts if t and t not in cache})
    workers = min(os.cpu_count() or 1, 8)
    # fork is safe only while this process runs no other thread (serve's first build does).
    if len(todo) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1:
        renderer = MarkdownRenderer()
        cache.update((text, renderer.prerender(text)) for text in todo)
        return
    import multiprocessing  # here, not at the top: most builds never need it (10 ms)

    chunks = [todo[i::workers * 2] for i in range(workers * 2)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for chunk, done in zip(chunks, pool.map(_render_chunk, chunks), strict=True):
            cache.update(zip(chunk, done, strict=True))

