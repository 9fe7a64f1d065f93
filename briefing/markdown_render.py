"""Markdown to HTML with [@id] citations, through one reused Python-Markdown instance."""

from __future__ import annotations

from collections.abc import Callable

import markdown
import nh3
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

    Its HTML goes through an allowlist sanitizer (nh3), so raw HTML in the
    content, or a quoted source's markup, can add formatting but never a
    script, an event handler or a javascript: or data: URL.
    """

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["tables", "sane_lists"],
                                    output_format="html")
        # Above the link pattern (160), so [@id] is never read as a link reference.
        self.md.inlinePatterns.register(_CitationProcessor(self), "citation", 175)
        self.cite: CiteFn | None = None

    def render(self, text: str, cite: CiteFn) -> str:
        self.cite = cite
        try:
            return sanitize(self.md.reset().convert(text))
        finally:
            self.cite = None

    def render_inline(self, text: str, cite: CiteFn) -> str:
        """Render a one-paragraph text without its <p> wrapper."""
        html = self.render(text, cite)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html

