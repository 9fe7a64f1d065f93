"""Markdown to HTML with [@id] citations, through one reused Python-Markdown instance."""

from __future__ import annotations

from collections.abc import Callable

import markdown
from markdown.inlinepatterns import InlineProcessor

from .citations import CITATION, Citation, Reference, citation_html, parse_reference

CiteFn = Callable[[list[Reference]], list[Citation]]
"""Turns references into placed citations (label, anchor) for the current document."""


class _CitationProcessor(InlineProcessor):
    def __init__(self, renderer: MarkdownRenderer):
        super().__init__(CITATION.pattern, renderer.md)
        self.renderer = renderer

    def handleMatch(self, m, data):
        references = [parse_reference(part) for part in m.group(1).split(";")]
        if any(r is None for r in references) or self.renderer.cite is None:
            return None, None, None  # validation has reported it; leave the text alone
        html = citation_html(self.renderer.cite([r for r in references if r]))
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class MarkdownRenderer:
    """One configured Markdown instance, reset between documents.

    Raw HTML in the content is escaped, not passed through: the briefing is
    text, and a quoted source's markup must never reach a page.
    """

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["tables", "sane_lists"],
                                    output_format="html")
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        # Above the link pattern (160), so [@id] is never read as a link reference.
        self.md.inlinePatterns.register(_CitationProcessor(self), "citation", 175)
        self.cite: CiteFn | None = None

    def render(self, text: str, cite: CiteFn) -> str:
        self.cite = cite
        try:
            return self.md.reset().convert(text)
        finally:
            self.cite = None

    def render_inline(self, text: str, cite: CiteFn) -> str:
        """Render a one-paragraph text without its <p> wrapper."""
        html = self.render(text, cite)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html

