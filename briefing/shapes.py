"""The check stage's first half: each record's keys and value types against the schema.

Walking the content once, the checker also collects every citation it meets (in
`sources:` lists and in Markdown) for the rules that judge them against the sources.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from . import markup
from .citations import Reference, find_citations, line_col, parse_reference
from .dates import DateError, parse_when
from .problems import Position, Problem, described, did_you_mean, shown
from .schema import EVENT_STATUSES, FORBIDDEN, ID, SOURCE_KINDS, Key, Record
from .yamlpos import Mapping, Sequence, written, yaml_reading

UNSAFE_IN_ADDRESS = re.compile("[\x00-\x20\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                               "\u2060-\u2069\ufeff]")
"""Spaces, controls and invisible or bidi characters: none belongs in an address."""
KIND_NAMES = {
    "text": "text",
    "markdown": "Markdown text",
    "markdowns": "a list of Markdown texts",
    "number": "a number",
    "records": "a list of entries",
    "references": "a list of source ids",
    "source-ids": "a list of source ids",
    "texts": "a list of names",
}


def quoting_hint(key: Key, value: Any) -> str:
    """How to write the value so that YAML reads it as intended."""
    if isinstance(value, bool | int | float) and key.kind in ("text", "markdown", "url"):
        return f"put it in quotes: {key.name}: \"{written(value)}\""
    return "see the content format in README.md"


def a(noun: str) -> str:
    """The noun with its indefinite article: 'an event', 'a source'."""
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def is_draft(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("draft") is True


class Cited(NamedTuple):
    """A reference found in the content, with where it stands."""

    reference: Reference
    where: Position
    from_draft: bool = False


class ImageRef(NamedTuple):
    """An image a Markdown text shows, with where it stands."""

    src: str
    alt: str
    where: Position
    from_draft: bool = False


def vocabularies(site: Any) -> dict[str, tuple[str, ...]]:
    """The names site.yml allows for each vocabulary-kind key (`status`, `source-kind`):
    its own `statuses` and `source_kinds`, or the defaults. A malformed one counts as
    the defaults here; the site's own check reports it."""
    statuses, kinds = EVENT_STATUSES, SOURCE_KINDS
    if isinstance(site, Mapping):
        if isinstance(site.get("statuses"), Mapping):
            statuses = tuple(str(name) for name in site["statuses"])
        if isinstance(site.get("source_kinds"), Sequence):
            kinds = tuple(str(kind) for kind in site["source_kinds"])
    return {"status": statuses, "source-kind": kinds}


@dataclass
class ShapeChecker:
    """Collects problems and citations while walking the content once."""

    problems: list[Problem] = field(default_factory=list)
    cited: list[Cited] = field(default_factory=list)
    in_draft: bool = False  # walking an entry marked draft: true
    allowed: dict[str, tuple[str, ...]] = field(default_factory=lambda: vocabularies(None))
    """The names each vocabulary-kind key may take (see vocabularies)."""
    images: list[ImageRef] = field(default_factory=list)

    def error(self, where: Position, message: str, hint: str = "") -> None:
        self.problems.append(Problem(where, message, hint))

    def warn(self, where: Position, message: str, hint: str = "") -> None:
        self.problems.append(Problem(where, message, hint, warning=True))

    def record(self, data: Any, record: Record, where: Position) -> bool:
        """Check a mapping's keys and value types; False if it is not a mapping at all."""
        if not isinstance(data, Mapping):
            self.error(where, f"{a(record.name)} must be a mapping of keys to values",
                       "write 'key: value' lines")
            return False
        known = [key.name for key in record.keys]
        for name in data:
            if record.key(str(name)) is None:
                self.error(data.key_at[name], f"unknown key '{name}' in {a(record.name)}",
                           did_you_mean(str(name), known))
        for key in record.keys:
            if key.name in data and data[key.name] is not None:
                KIND_CHECKS[key.kind](self, data[key.name], key, data.at(key.name))
            elif key.required:
                self.missing(key, record, data.where)
        return True

    def missing(self, key: Key, record: Record, where: Position) -> None:
        if key.kind == "references":
            self.error(where, f"this {record.name} makes a claim with no source",
                       f"add '{key.name}: [source-id]'")
        else:
            self.error(where, f"the {record.name} has no '{key.name}'",
                       f"add '{key.name}:' ({key.doc.rstrip('.').lower()})")

    def expect(self, ok: bool, key: Key, where: Position, value: Any) -> bool:
        if not ok:
            self.error(where, f"'{key.name}' must be {KIND_NAMES.get(key.kind, 'text')}, "
                              f"but YAML reads {yaml_reading(value)}", quoting_hint(key, value))
        return ok

    def characters(self, text: str, key: Key, where: Position) -> None:
        found = FORBIDDEN.search(text)
        if found:
            self.error(where, f"'{key.name}' holds {described(found[0])}, which a page must "
                              "not hold", "remove it (it may come from an escape such as "
                              "\\x01, or text pasted from a PDF)")

    def markdown(self, text: str, where: Position, line_offset: int, exact: bool) -> None:
        """Collect the [@id] citations and the images of a Markdown text, and say what
        raw HTML in it the sanitizer removes.

        exact: the text is a whole file body starting at line `line_offset`, so each
        finding gets its own line and column; otherwise the field's position is used.
        """
        def place_of(offset: int) -> Position:
            if not exact:
                return where
            line, col = line_col(text, offset)
            return Position(where.path, line_offset + line, col)

        if exact and (found := FORBIDDEN.search(text)):
            self.error(place_of(found.start()),
                       f"the text holds {described(found[0])}, which a page must not hold",
                       "remove it")
        for offset, what in markup.too_complex(text):
            self.error(place_of(offset), f"{what}: too much for the Markdown renderer",
                       "split it, or check that it is what you meant to write")
        if "<" in text or "](" in text:
            for removed in markup.removed_markup(text):
                self.warn(place_of(removed.offset), f"{removed.what} is removed from the page",
                          "for a video or a recording use a `media:` entry, shown as a "
                          "linked card" if removed.what == "<iframe>" else
                          "write it as Markdown, or leave it out")
        if "![" in text:
            self.images += [ImageRef(image.src, image.alt, place_of(image.offset),
                                     self.in_draft) for image in markup.images(text)]
        found_citations = list(find_citations(text)) if "[@" in text else []
        for offset in markup.malformed_citations(text, [c[0] for c in found_citations]):
            self.error(place_of(offset), "cannot read this citation",
                       "write [@source-id] or [@a; @b], closed on the same line, not nested")
        for offset, raw, references in found_citations:
            place = place_of(offset)
            for reference in references:
                if reference is None:
                    self.error(place, f"cannot read the citation {raw}",
                               "write [@source-id] or [@source-id via OUTLET]")
                else:
                    self.cited.append(Cited(reference, place, self.in_draft))


# -- one check per kind of value (schema.Key.kind) ---------------------------------------


def check_text(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    ok = isinstance(value, str | int | float) and not isinstance(value, bool)
    if checker.expect(ok, key, where, value) and not str(value).strip():
        checker.error(where, f"'{key.name}' is empty", "write its text or remove the key")
    elif ok:
        checker.characters(str(value), key, where)


def check_flag(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    if not isinstance(value, bool):
        checker.error(where, f"'{key.name}' must be true or false, not {value!r}",
                      f"write '{key.name}: true' or leave the key out")


def check_number(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    if checker.expect(isinstance(value, int | float) and not isinstance(value, bool), key,
                      where, value) and not math.isfinite(value):
        checker.error(where, f"'{key.name}' must be a finite number, not {written(value)}",
                      "give a number such as 1 or 2.5")


def check_markdown(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    if checker.expect(isinstance(value, str), key, where, value):
        checker.characters(value, key, where)
        checker.markdown(value, where, line_offset=0, exact=False)


def check_markdowns(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    """A list of Markdown texts, each checked as one."""
    if checker.expect(isinstance(value, Sequence), key, where, value):
        for item, item_where in zip(value, value.item_at, strict=True):
            check_markdown(checker, item, key, item_where)


def check_when(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    try:
        parse_when(value)
    except DateError as error:
        checker.error(where, f"'{key.name}': {error.args[0]}", error.args[1])


def check_id(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    value = written(value)  # an id written as digits is text: `id: 123` is '123'
    if isinstance(value, str) and ID.match(value):
        return
    if not isinstance(value, str):
        checker.error(where, f"'{key.name}' must be an id (lower-case letters, digits and "
                             f"hyphens), but YAML reads {yaml_reading(value)}",
                      "e.g. 'huang-visits-beijing'")
        return
    odd = next((c for c in value if not ("a" <= c <= "z" or "0" <= c <= "9" or c == "-")),
               value[:1] or " ")
    looks = " (it looks like a Latin letter, but is not one)" if odd.isalpha() and \
        not odd.isascii() else ""
    checker.error(where, f"'{key.name}' may hold only lower-case letters a-z, digits and "
                         f"hyphens, and begin with a letter or digit; {shown(value)} holds "
                         f"{described(odd)}{looks}", "e.g. 'huang-visits-beijing'")


def check_choice(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    if value not in key.choices:
        checker.error(where, f"'{key.name}' cannot be {value!r}",
                      did_you_mean(str(value), key.choices))


def check_vocabulary_name(checker: ShapeChecker, value: Any, key: Key,
                          where: Position) -> None:
    """A status or a source kind: one of the names site.yml's vocabulary allows."""
    allowed = checker.allowed[key.kind]
    if value in allowed:
        return
    vocabulary = "statuses" if key.kind == "status" else "source_kinds"
    if not allowed:
        checker.error(where, f"'{key.name}' cannot be {value!r}: site.yml's {vocabulary} "
                             "is empty", f"remove the key, or add {value!r} to {vocabulary}")
        return
    close = did_you_mean(str(value), allowed)
    joined = " If not, add" if close.endswith("?") else "; or add"
    checker.error(where, f"'{key.name}' cannot be {value!r}",
                  f"{close}{joined} it to site.yml's {vocabulary}")


def check_vocabulary(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    """A mapping of names, each to an entry of key.record (or nothing, for its defaults)."""
    assert key.record is not None
    if not isinstance(value, Mapping):
        checker.error(where, f"'{key.name}' must be a mapping of names to entries, not "
                             f"{type(value).__name__.replace('Sequence', 'list')}",
                      "write one '  name:' line for each, e.g. '  reported: "
                      "{label: Reported}'")
        return
    for name, entry in value.items():
        if not isinstance(name, str) or not name.strip():
            checker.error(value.key_at[name], f"each name in '{key.name}' must be text",
                          "quote it")
        if entry is not None:
            checker.record(entry, key.record, value.at(name))


def check_texts(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    if checker.expect(isinstance(value, Sequence), key, where, value):
        for item, item_where in zip(value, value.item_at, strict=True):
            if not isinstance(item, str) or not item.strip():
                checker.error(item_where, f"each item of '{key.name}' must be a name",
                              "write it as text")
            else:
                checker.characters(item, key, item_where)


def check_source_ids(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    if checker.expect(isinstance(value, Sequence), key, where, value):
        for item, item_where in zip(value, value.item_at, strict=True):
            check_id(checker, item, key, item_where)


def check_record(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    assert key.record is not None
    checker.record(value, key.record, where)


def check_media_src(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    """Text; whether it names a file or an allowed host is the media rule's to say."""
    if checker.expect(isinstance(value, str) and bool(value.strip()), key, where, value):
        checker.characters(value, key, where)


def web_address(value: Any) -> Any:
    """The parts of an http(s) address with a host and no space or control character in
    it, or None."""
    if not isinstance(value, str) or UNSAFE_IN_ADDRESS.search(value):
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:  # http://[::1 and the like
        return None
    return parts if parts.scheme in ("http", "https") and parts.hostname else None


def check_url(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    parts = web_address(value)
    if parts is None:
        checker.error(where, f"'{key.name}' must be an http:// or https:// address, "
                             f"got {value!r}", "give the full address, or leave the key out")


def check_references(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    if not checker.expect(isinstance(value, Sequence), key, where, value):
        return
    if not value:
        checker.error(where, "a claim with no source: the list is empty",
                      "name at least one source id")
    for item, item_where in zip(value, value.item_at, strict=True):
        item = written(item)
        reference = parse_reference(item) if isinstance(item, str) else None
        if reference is None:
            checker.error(item_where, f"{item!r} is not a source reference",
                          "write 'source-id' or 'source-id via OUTLET'")
        else:
            checker.cited.append(Cited(reference, item_where, checker.in_draft))


def check_records(checker: ShapeChecker, value: Any, key: Key, where: Position) -> None:
    if not checker.expect(isinstance(value, Sequence), key, where, value):
        return
    assert key.record is not None
    for item, item_where in zip(value, value.item_at, strict=True):
        was_in_draft = checker.in_draft
        checker.in_draft = was_in_draft or is_draft(item)
        try:
            checker.record(item, key.record, item_where)
        finally:
            checker.in_draft = was_in_draft


KindCheck = Callable[[ShapeChecker, Any, Key, Position], None]
KIND_CHECKS: dict[str, KindCheck] = {
    "text": check_text,
    "page": check_text,  # that the page exists is checked against the loaded pages
    "flag": check_flag,
    "number": check_number,
    "markdown": check_markdown,
    "markdowns": check_markdowns,
    "when": check_when,
    "published": check_when,
    "id": check_id,
    "event-id": check_id,
    "choice": check_choice,
    "texts": check_texts,
    "source-ids": check_source_ids,
    "url": check_url,
    "references": check_references,
    "records": check_records,
    "record": check_record,
    "media-src": check_media_src,
    "vocabulary": check_vocabulary,
    "status": check_vocabulary_name,
    "source-kind": check_vocabulary_name,
}
"""The check for each kind of value the schema declares (schema.Key.kind)."""
