"""What a Markdown text holds besides words, found before it is rendered: the images it
shows, and any raw HTML the sanitizer would remove, each at its offset in the text."""

from __future__ import annotations

import re
from typing import NamedTuple

from .schema import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
"""A Markdown image: ![alt](src) or ![alt](src "title")."""
CODE = re.compile(r"(`+)[^`].*?\1|(?m:^(?: {4}|\t).*$)", re.DOTALL)
"""Code spans and indented code: what is in them is shown, never interpreted."""
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|"
                 r"[^\s>]+))?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([^\s=>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
LINK_TARGET = re.compile(r"\]\(\s*<?([A-Za-z][A-Za-z0-9+.-]*):")
"""A Markdown link's target with a scheme, such as [x](javascript:...)."""
CITATION_START = re.compile(r"\[@")
LINK_WITH_AT = re.compile(r"\[@[^\[\]\n]*\]\(")
"""A link whose text starts with @, such as [@handle](https://...): not a citation."""
MAX_LINE = 20_000
MAX_BRACKETS = 500
"""Python-Markdown's time grows with the square of the brackets in one paragraph: 500
take about 25 ms, 30,000 over 40 s."""
MAX_INDENT = 100
"""Lines indented (with spaces, tabs or quotation marks) past this are refused: Python-
Markdown walks nested lists recursively (600 levels crash it), and no briefing needs them."""


class Image(NamedTuple):
    offset: int
    alt: str
    src: str


class Removed(NamedTuple):
    offset: int
    what: str  # e.g. "<iframe>", "the onclick attribute of <a>", "a javascript: link"


def without_code(text: str) -> str:
    """The text with its code spans and code blocks blanked out, offsets kept."""
    return CODE.sub(lambda m: " " * len(m[0]), text)


def images(text: str) -> list[Image]:
    """Every image the text shows, written as Markdown or as a raw <img> tag."""
    plain = without_code(text)
    found = [Image(m.start(), m[1].strip(), m[2]) for m in IMAGE.finditer(plain)]
    for tag in TAG.finditer(plain):
        if tag[2].lower() == "img" and not tag[1]:
            attributes = {a[1].lower(): (a[2] or "").strip("\"'") for a in
                          ATTRIBUTE.finditer(tag[3])}
            found.append(Image(tag.start(), attributes.get("alt", "").strip(),
                               attributes.get("src", "")))
    return sorted(found)


def malformed_citations(text: str, citations: list[int]) -> list[int]:
    """Offsets of every [@ that starts no citation (citations: where the readable ones
    start) and no link: [@], an unclosed [@id, the outer [@ of [@a [@b]]."""
    plain = without_code(text)
    starts = set(citations)
    return [m.start() for m in CITATION_START.finditer(plain)
            if m.start() not in starts and not LINK_WITH_AT.match(plain, m.start())]


def too_complex(text: str) -> list[tuple[int, str]]:
    """(offset, what) for each part of the text past what Python-Markdown renders in
    bounded time: a very long line, a paragraph of very many brackets, deep nesting."""
    found = []
    offset = 0
    for paragraph in re.split(r"(\n[ \t]*\n)", text):
        if paragraph.count("[") > MAX_BRACKETS:
            found.append((offset, f"a paragraph with more than {MAX_BRACKETS} '[' brackets"))
        line_start = offset
        for line in paragraph.split("\n"):
            indent = len(line) - len(line.lstrip(" \t>"))
            if len(line) > MAX_LINE:
                found.append((line_start, f"a line of {len(line):,} characters (at most "
                                          f"{MAX_LINE:,})"))
            elif indent > MAX_INDENT:
                found.append((line_start, "lists or quotations nested too deep"))
            line_start += len(line) + 1
        offset += len(paragraph)
    return found


def removed_markup(text: str) -> list[Removed]:
    """The raw HTML and link schemes of a text that the sanitizer would drop."""
    plain = without_code(text)
    found = []
    for tag in TAG.finditer(plain):
        name = tag[2].lower()
        if name not in ALLOWED_TAGS:
            if not tag[1]:  # report the opening tag only
                found.append(Removed(tag.start(), f"<{name}>"))
            continue
        for attribute in ATTRIBUTE.finditer(tag[3]):
            attr = attribute[1].lower()
            if attr not in ALLOWED_ATTRIBUTES.get(name, set()):
                found.append(Removed(tag.start(), f"the {attr} attribute of <{name}>"))
            elif attr in ("href", "src") and bad_scheme(attribute[2] or ""):
                found.append(Removed(tag.start(), f"the {attr} of <{name}>, whose scheme is "
                                                  "not http, https or mailto"))
    for link in LINK_TARGET.finditer(plain):
        if link[1].lower() not in URL_SCHEMES:
            found.append(Removed(link.start(), f"a {link[1].lower()}: link"))
    return sorted(found)


def bad_scheme(value: str) -> bool:
    address = value.strip("\"' ").lower()
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", address)
    return bool(scheme) and scheme[1] not in URL_SCHEMES
