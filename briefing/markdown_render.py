"""Markdown to HTML with [@id] citations, sanitized.

Plain briefing text (paragraphs, headings, bullet lists, emphasis, links to pages,
citations) takes a fast path that writes what Python-Markdown would; everything else
goes through Python-Markdown, on every core when there is enough of it. Property tests
check that the two agree byte for byte on whatever the fast path accepts.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor

from .citations import CITATION, Citation, Reference, citation_html, parse_reference
from .schema import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

CiteFn = Callable[[list[Reference]], list[Citation]]
"""Turns references into placed citations (label, anchor) for the current document."""

def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes (<script> goes, content too)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


SLOT = "\ue000{}\ue001"
SLOTS = re.compile("\ue000(\\d+)\ue001")
"""A citation group's place in prerendered HTML (private-use characters, kept by nh3)."""


class Prerendered(NamedTuple):
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


MARKUP_CHARS = re.compile(r"[\\`*_<>&#!|=\[\]{}]")
MARKUP_LINES = re.compile(r"^(?:\s|\d+[.)]|[-+~]|$)|  $", re.MULTILINE)
"""Anything Python-Markdown might act on, in a paragraph: a character, or a line that
starts with a space, a number and a dot, a dash, a plus, a tilde, is blank, or ends in
two spaces (a plus or a tilde within a line, as in "+12%" or "~15%", is text). When
none of it is there (once citations, emphasis and lone ampersands are set aside) the
paragraph comes out as written. Two patterns: one alternation of all of it tried every
branch at every character, four times slower."""

_STARRED = r"([^\s*\ue002-\ue008](?:[^*\n\ue002-\ue008]*[^\s*\ue002-\ue008])?)"
STRONG = re.compile(r"(?<![^\s(])\*\*" + _STARRED + r"\*\*(?![^\s.,;:)?])")
EMPHASIS = re.compile(r"(?<![^\s(])\*" + _STARRED + r"\*(?![^\s.,;:)?])")
"""`**strong**` and `*emphasis*` within a line, not nested, no space inside the stars,
standing apart from the words around them."""
WEB_ADDRESS = r"https?://[A-Za-z0-9._~:/?#@!$&+,;=%-]+"
"""An http(s) address with none of the characters Python-Markdown reads in a link's
target (spaces, quotes, brackets, parentheses, backslashes)."""
LINK = re.compile(r"\[([^\[\]\n\ue000-\ue008]+)\]\((" + WEB_ADDRESS + r"|[A-Za-z0-9_.#/-]+)\)")
"""A link to a page of the site, an anchor or a web address: `[the sources page](sources.html)`,
`[the notice](https://example.gov/notice?id=4)`."""
AUTOLINK = re.compile("<(" + WEB_ADDRESS + ")>")
"""A web address written as a link of its own: `<https://example.gov/list>`."""
TAGS = {"\ue002": "<strong>", "\ue003": "</strong>", "\ue004": "<em>", "\ue005": "</em>",
        "\ue007": "</a>"}
"""Where STRONG, EMPHASIS and LINK matched, marked with private-use characters until
checked; \ue006 opens a link, \ue008 stands for a whole AUTOLINK."""
MARKED = re.compile("[\ue002-\ue008]")
PRIVATE = re.compile("[\ue000-\ue008]")
HEADING = re.compile(r"(#{2,6}) (\S[^#\n]*\S|\S)\Z")
"""A heading on a line of its own (h1 is not allowed in content)."""
LONE_AMPERSAND = re.compile(r"&(?=\s)")
BULLET = re.compile(r"^- (?=\S)")
CONTINUED = re.compile(r"^  (?=\S)")
CONTINUATION = "\n  "
"""A bullet list item, and its continuation line (indented two spaces, kept as written)."""


def plain_paragraphs(text: str) -> Prerendered | None:
    """Paragraphs, headings and bullet lists of plain text, emphasis, links to pages and
    citations, rendered without Python-Markdown; None if it is needed.

    The fast path most briefing text takes. Property tests check that whatever it
    accepts comes out byte for byte as Python-Markdown would render it.
    """
    groups: list[tuple[Reference, ...]] = []
    html = []
    after_list = False
    for block in text.strip("\n").split("\n\n"):
        if BULLET.match(block):
            if after_list:
                return None  # two lists a blank line apart make one loose list
            items = [[_inline(line, groups) for line in item] for item in _list_items(block)]
            if not items or any(None in item for item in items):
                return None
            html.append(_bullet_list(items))  # type: ignore[arg-type]
        else:
            heading = HEADING.match(block)
            inline = _inline(heading[2] if heading else block, groups)
            if inline is None:
                return None
            tag = f"h{len(heading[1])}" if heading else "p"
            html.append(f"<{tag}>{inline}</{tag}>")
        after_list = html[-1].startswith("<ul>")
    return Prerendered("\n".join(html), tuple(groups))


def _bullet_list(items: list[list[str]]) -> str:
    """Python-Markdown's tight list: one <li> a line, continuation lines as written."""
    return "<ul>\n" + "".join(f"<li>{CONTINUATION.join(lines)}</li>\n" for lines in items) \
        + "</ul>"


def _list_items(block: str) -> list[list[str]]:
    """The lines of each item of a bullet list block; [] if it is not that simple."""
    items: list[list[str]] = []
    for line in block.split("\n"):
        if BULLET.match(line):
            items.append([line[2:]])
        elif CONTINUED.match(line) and items:
            items[-1].append(line[2:])
        else:
            return []
    return items


def _inline(text: str, groups: list[tuple[Reference, ...]]) -> str | None:
    """A paragraph's or list item's HTML, its citations slotted into groups; None if it
    needs Python-Markdown."""
    def slot(match: re.Match) -> str:
        references = [parse_reference(part) for part in match[1].split(";")]
        if any(r is None for r in references):
            return "["  # not a citation: leaves a bracket, so the full renderer takes it
        groups.append(tuple(r for r in references if r))
        return SLOT.format(len(groups) - 1)

    if not text or (not text.isascii() and PRIVATE.search(text)):  # isascii() is O(1)
        return None
    marked = CITATION.sub(slot, text) if "[" in text else text
    hrefs: list[str] = []
    if "[" in marked:
        marked = LINK.sub(lambda m: hrefs.append(m[2]) or f"\ue006{m[1]}\ue007", marked)
    addresses: list[str] = []
    if "<" in marked:
        marked = AUTOLINK.sub(lambda m: addresses.append(m[1]) or "\ue008", marked)
    if "*" in marked:
        marked = EMPHASIS.sub("\ue004\\1\ue005", STRONG.sub("\ue002\\1\ue003", marked))
    bare = LONE_AMPERSAND.sub("", marked) if "&" in marked else marked
    if MARKUP_CHARS.search(bare) or MARKUP_LINES.search(bare):
        return None
    if "&" in marked:
        marked = LONE_AMPERSAND.sub("&amp;", marked)
    if not marked.isascii() and MARKED.search(marked):
        links, autolinks = iter(hrefs), iter(addresses)
        marked = MARKED.sub(lambda m: TAGS.get(m[0]) or marked_link(m[0], links, autolinks),
                            marked)
    return marked


def marked_link(mark: str, links: Iterator[str], autolinks: Iterator[str]) -> str:
    """The HTML a link's mark stands for: \ue006 opens a LINK, \ue008 is an AUTOLINK."""
    if mark == "\ue006":
        return f'<a href="{next(links).replace("&", "&amp;")}">'
    address = next(autolinks).replace("&", "&amp;")
    return f'<a href="{address}">{address}</a>'


def unwrap(done: Prerendered) -> Prerendered:
    """A one-paragraph text without its <p> wrapper."""
    html = done.html
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return Prerendered(html[3:-4], done.groups)
    return done


class _CitationProcessor(InlineProcessor):
    """[@id] citations inside Python-Markdown: each group becomes a numbered slot."""

    def __init__(self, renderer: MarkdownRenderer):
        super().__init__(CITATION.pattern, renderer.md)
        self.renderer = renderer

    def handleMatch(self, m, data):
        references = [parse_reference(part) for part in m.group(1).split(";")]
        if any(r is None for r in references):
            return None, None, None  # the check stage has reported it; leave the text alone
        groups = self.renderer.groups
        groups.append(tuple(r for r in references if r))
        return SLOT.format(len(groups) - 1), m.start(0), m.end(0)


class MarkdownRenderer:
    """One configured Python-Markdown instance, reset between documents.

    Its HTML goes through an allowlist sanitizer (nh3), so raw HTML in the
    content, or a quoted source's markup, can add formatting but never a
    script, an event handler or a javascript: or data: URL.
    """

    def __init__(self) -> None:
        # Extension objects, not names: names make Markdown scan every installed
        # package's entry points.
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


PARALLEL_FROM = 300
"""Below this many texts for Python-Markdown, starting worker processes costs more than
it saves."""


def render_chunk(texts: list[str]) -> list[Prerendered]:
    renderer = MarkdownRenderer()
    return [renderer.prerender(text) for text in texts]


def render_in_parallel(texts: list[str]) -> list[Prerendered]:
    """render_chunk(texts), on every core when there are enough texts to pay for it."""
    workers = min(os.cpu_count() or 1, 8)
    # fork is safe only while this process runs no other thread (serve runs several).
    if len(texts) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1:
        return render_chunk(texts)
    chunks = [texts[i::workers * 2] for i in range(workers * 2)]
    done: list[Prerendered | None] = [None] * len(texts)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for start, rendered in enumerate(pool.map(render_chunk, chunks)):
            done[start::workers * 2] = rendered
    return done  # type: ignore[return-value]


MarkdownBatch = Callable[[list[str]], list[Prerendered]]
"""Renders texts to Prerendered, in order: render_markdown, or serve's remembering one."""


def render_markdown(texts: list[str]) -> list[Prerendered]:
    """Every text's HTML with citation slots, in order: plain text by the fast path, the
    rest through Python-Markdown."""
    done: dict[str, Prerendered | None] = {text: plain_paragraphs(text) for text in texts}
    slow = [text for text, html in done.items() if html is None]
    done.update(zip(slow, render_in_parallel(slow), strict=True))
    return [done[text] for text in texts]  # type: ignore[misc]


def rendered_texts(texts: Iterable[str], render: MarkdownBatch) -> dict[str, Prerendered]:
    """Every distinct non-empty text's Prerendered, by text, through `render`."""
    distinct = sorted({text for text in texts if text})
    return dict(zip(distinct, render(distinct), strict=True))
