"""Stage 2, validate: find every problem in the loaded content before anything is built."""

from __future__ import annotations

import operator
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from . import schema
from .caches import Memo, keep, same
from .citations import (
    Reference,
    find_citations,
    independent_outlets,
    line_col,
    parse_reference,
)
from .dates import UNDATED, DateError, When, parse_when
from .load import MarkdownDoc, Project
from .problems import Position, Problem, did_you_mean
from .schema import Key, Record
from .yamlpos import Mapping, Sequence

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
"""Characters HTML does not allow in text: controls (tab, line and form feeds and carriage
return aside) and noncharacters. YAML's escapes ("\x01") can still put them in a value."""
KIND_NAMES = {
    "text": "text",
    "markdown": "Markdown text",
    "number": "a number",
    "records": "a list of entries",
    "references": "a list of source ids",
    "texts": "a list of names",
}


def a(noun: str) -> str:
    """The noun with its indefinite article: 'an event', 'a source'."""
    return ("an " if noun[0] in "aeiou" else "a ") + noun


class Cited(NamedTuple):
    """A reference found in the content, with where it stands."""

    reference: Reference
    where: Position
    from_draft: bool = False


@dataclass
class Checker:
    """Collects problems and citations while walking the content once."""

    problems: list[Problem] = field(default_factory=list)
    cited: list[Cited] = field(default_factory=list)
    in_draft: bool = False  # walking an entry marked draft: true
    memo: Memo | None = None  # entries checked by an earlier build (serve keeps one)
    sheet_cited: list[tuple[Any, int, int]] = field(default_factory=list)
    """Each fact sheet with the span of `cited` its entries gave, when a memo is kept."""

    def error(self, where: Position, message: str, hint: str = "") -> None:
        self.problems.append(Problem(where, message, hint))

    def warn(self, where: Position, message: str, hint: str = "") -> None:
        self.problems.append(Problem(where, message, hint, warning=True))

    # -- shape: one record against its declaration ---------------------------------

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
                self.value(data[key.name], key, data.at(key.name))
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

    def value(self, value: Any, key: Key, where: Position) -> None:
        check = getattr(self, "kind_" + key.kind.replace("-", "_"))
        check(value, key, where)

    def expect(self, ok: bool, key: Key, where: Position, value: Any) -> bool:
        if not ok:
            shown = type(value).__name__.replace("Mapping", "mapping").replace("Sequence", "list")
            self.error(where, f"'{key.name}' must be {KIND_NAMES.get(key.kind, 'text')}, "
                              f"not {shown}", "see the content format in README.md")
        return ok

    def kind_text(self, value: Any, key: Key, where: Position) -> None:
        ok = isinstance(value, str | int | float) and not isinstance(value, bool)
        if self.expect(ok, key, where, value) and not str(value).strip():
            self.error(where, f"'{key.name}' is empty", "write its text or remove the key")
        elif ok:
            self.characters(str(value), key, where)

    def characters(self, text: str, key: Key, where: Position) -> None:
        found = FORBIDDEN.search(text)
        if found:
            self.error(where, f"'{key.name}' holds the character U+{ord(found[0]):04X}, which "
                              "a web page cannot show", "remove it (it may come from an escape "
                              "such as \\x01, or text pasted from a PDF)")

    def kind_flag(self, value: Any, key: Key, where: Position) -> None:
        if not isinstance(value, bool):
            self.error(where, f"'{key.name}' must be true or false, not {value!r}",
                       f"write '{key.name}: true' or leave the key out")

    def kind_number(self, value: Any, key: Key, where: Position) -> None:
        self.expect(isinstance(value, int | float) and not isinstance(value, bool), key, where,
                    value)

    def kind_markdown(self, value: Any, key: Key, where: Position) -> None:
        if self.expect(isinstance(value, str), key, where, value):
            self.characters(value, key, where)
            self.markdown(value, where, line_offset=0, exact=False)

    def kind_when(self, value: Any, key: Key, where: Position) -> None:
        try:
            parse_when(value)
        except DateError as error:
            self.error(where, f"'{key.name}': {error.args[0]}", error.args[1])

    kind_published = kind_when

    def kind_id(self, value: Any, key: Key, where: Position) -> None:
        if not isinstance(value, str) or not ID.match(value):
            self.error(where, f"'{key.name}' must be lower-case letters, digits and hyphens, "
                              f"got {value!r}", "e.g. 'huang-visits-beijing'")

    kind_event_id = kind_id
    kind_page = kind_text  # that the page exists is checked against the loaded pages

    def kind_choice(self, value: Any, key: Key, where: Position) -> None:
        if value not in key.choices:
            self.error(where, f"'{key.name}' cannot be {value!r}",
                       did_you_mean(str(value), key.choices))

    def kind_texts(self, value: Any, key: Key, where: Position) -> None:
        if self.expect(isinstance(value, Sequence), key, where, value):
            for item, item_where in zip(value, value.item_at, strict=True):
                if not isinstance(item, str) or not item.strip():
                    self.error(item_where, f"each item of '{key.name}' must be a name",
                               "write it as text")
                else:
                    self.characters(item, key, item_where)

    def kind_url(self, value: Any, key: Key, where: Position) -> None:
        parts = urlsplit(value) if isinstance(value, str) else None
        if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
            self.error(where, f"'{key.name}' must be an http:// or https:// address, "
                              f"got {value!r}", "give the full address, or leave the key out")

    def kind_references(self, value: Any, key: Key, where: Position) -> None:
        if not self.expect(isinstance(value, Sequence), key, where, value):
            return
        if not value:
            self.error(where, "a claim with no source: the list is empty",
                       "name at least one source id")
        for item, item_where in zip(value, value.item_at, strict=True):
            reference = parse_reference(item) if isinstance(item, str) else None
            if reference is None:
                self.error(item_where, f"{item!r} is not a source reference",
                           "write 'source-id' or 'source-id via OUTLET'")
            else:
                self.cited.append(Cited(reference, item_where, self.in_draft))

    def kind_records(self, value: Any, key: Key, where: Position) -> None:
        if not self.expect(isinstance(value, Sequence), key, where, value):
            return
        assert key.record is not None
        for item, item_where in zip(value, value.item_at, strict=True):
            if self.in_draft or not is_draft(item):
                self.entry(item, key.record, item_where)
                continue
            self.in_draft = True
            try:
                self.entry(item, key.record, item_where)
            finally:
                self.in_draft = False

    def entry(self, item: Any, record: Record, where: Position) -> None:
        """One list entry's shape; what an unchanged entry gave last time comes from memo."""
        if self.memo is None:
            self.record(item, record, where)
            return
        found = same(self.memo, item)
        if found is not None and found[0] == (record.name, where, self.in_draft):
            self.problems += found[1]
            self.cited += found[2]
            return
        problems, cited = len(self.problems), len(self.cited)
        self.record(item, record, where)
        keep(self.memo, item, ((record.name, where, self.in_draft),
                               self.problems[problems:], self.cited[cited:]))

    def sheet(self, data: Any, where: Position) -> None:
        """A whole fact sheet; one unchanged since the last build (the loader hands back the
        very object) gives what it gave then, without a look at its entries."""
        if self.memo is None:
            self.record(data, schema.FACT_SHEET, where)
            return
        problems, cited = len(self.problems), len(self.cited)
        found = same(self.memo, data, "sheet")
        if found is not None and found[0] == where:
            self.problems += found[1]
            self.cited += found[2]
        else:
            self.record(data, schema.FACT_SHEET, where)
            keep(self.memo, data, (where, self.problems[problems:], self.cited[cited:]),
                 "sheet")
        self.sheet_cited.append((data, cited, len(self.cited)))

    # -- Markdown ---------------------------------------------------------------------

    def markdown(self, text: str, where: Position, line_offset: int, exact: bool) -> None:
        """Collect the [@id] citations of a Markdown text.

        exact: the text is a whole file body starting at line `line_offset`, so each
        citation gets its own line and column; otherwise the field's position is used.
        """
        if exact and (found := FORBIDDEN.search(text)):
            line, col = line_col(text, found.start())
            self.error(Position(where.path, line_offset + line, col),
                       f"the text holds the character U+{ord(found[0]):04X}, which a web page "
                       "cannot show", "remove it")
        for offset, raw, references in find_citations(text):
            place = where
            if exact:
                line, col = line_col(text, offset)
                place = Position(where.path, line_offset + line, col)
            for reference in references:
                if reference is None:
                    self.error(place, f"cannot read the citation {raw}",
                               "write [@source-id] or [@source-id via OUTLET]")
                else:
                    self.cited.append(Cited(reference, place, self.in_draft))


# -- the whole project --------------------------------------------------------------


def entries(sheets: list[tuple[str, Any]], name: str) -> Iterator[tuple[Mapping, Position]]:
    """Every well-formed entry under `name` across the fact sheets, with its position."""
    for _, data in sheets:
        items = data.get(name) if isinstance(data, Mapping) else None
        if isinstance(items, Sequence):
            for item, where in zip(items, items.item_at, strict=True):
                if isinstance(item, Mapping):
                    yield item, where


def check_shapes(project: Project, checker: Checker) -> None:
    if project.site is not None:
        checker.record(project.site, schema.SITE, Position(project.site_path))
    docs: list[tuple[MarkdownDoc, Record]] = [(d, schema.PAGE) for d in project.pages.values()]
    docs += [(d, schema.BRIEF) for d in project.brief]
    for doc, record in docs:
        if doc.front is not None:
            checker.record(doc.front, record, Position(doc.path, 1, 1))
        checker.in_draft = is_draft(doc.front)
        checker.markdown(doc.body, Position(doc.path), doc.body_line, exact=True)
        checker.in_draft = False
    for path, data in project.sheets:
        checker.sheet(data, Position(path, 1, 1))


def id_index(sheets: list[tuple[str, Any]], name: str,
             ) -> tuple[dict[str, Mapping], list[tuple[Mapping, Mapping]]]:
    """The entries under `name` by id (the first of each; ids that are not text skipped),
    and every later entry that repeats an id, with the first. One pass, no positions:
    the uniqueness check, the sources and the events' anchors all read it."""
    found: dict[str, Mapping] = {}
    repeated: list[tuple[Mapping, Mapping]] = []
    for _, data in sheets:
        items = data.get(name) if isinstance(data, Mapping) else None
        if not isinstance(items, Sequence):
            continue
        for item in items:
            if isinstance(item, Mapping) and isinstance(ident := item.get("id"), str):
                first = found.setdefault(ident, item)
                if first is not item:
                    repeated.append((item, first))
    return found, repeated


def check_unique_ids(checker: Checker, sheets: list[tuple[str, Any]],
                     ) -> dict[str, dict[str, Mapping]]:
    """Report repeated ids; return each kind's entries by id."""
    indexes = {}
    for name in ("sources", "events", "facts", "disputes"):
        indexes[name], repeated = id_index(sheets, name)
        for item, first in repeated:
            checker.error(item.at("id"), f"duplicate id '{item['id']}' among {name}",
                          f"it is first used at {first.at('id')}; rename one of them")
    return indexes


def is_draft(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("draft") is True


def check_references(checker: Checker, sources: dict[str, Mapping], drafts: bool,
                     complete: bool) -> None:
    """Citations against the sources. complete: every fact sheet was read, so an id not
    found is truly unknown (otherwise it may stand in the sheet that failed).

    With a memo, and the sources as they were, an unchanged sheet's citations give what
    they gave last time."""
    memo = checker.memo
    given = (sources, drafts, complete)
    as_before = memo is not None and memo.get("references") == given
    if memo is not None:
        memo["references"] = given
    judge = ReferenceJudge(sources, drafts, complete)
    used: set[str] = set()
    for sheet, first, last in cited_spans(checker):
        found = same(memo, sheet, "references") if as_before and sheet is not None else None
        if found is None:
            found = judge(checker.cited[first:last])
            if memo is not None and sheet is not None:
                keep(memo, sheet, found, "references")
        checker.problems += found[0]
        used |= found[1]
    for ident, source in sources.items():
        if complete and ident not in used and (drafts or not is_draft(source)):
            checker.warn(source.at("id"), f"source '{ident}' is never cited",
                         "cite it or remove it")


def cited_spans(checker: Checker) -> list[tuple[Any, int, int]]:
    """checker.cited in spans: each fact sheet's (from sheet_cited), and what lies between
    (Markdown files, site.yml) with no sheet."""
    spans, start = [], 0
    for sheet, first, last in checker.sheet_cited:
        if first > start:
            spans.append((None, start, first))
        spans.append((sheet, first, last))
        start = last
    if len(checker.cited) > start:
        spans.append((None, start, len(checker.cited)))
    return spans


class ReferenceJudge:
    """Judges citations against the sources: thousands of them, but few distinct
    references, so each (source, outlet credited, cited from a draft) is judged once."""

    def __init__(self, sources: dict[str, Mapping], drafts: bool, complete: bool) -> None:
        self.sources, self.drafts, self.complete = sources, drafts, complete
        self.verdicts: dict[tuple[str, str | None, bool], list[tuple[str, str]]] = {}

    def __call__(self, cited: list[Cited]) -> tuple[list[Problem], set[str]]:
        """The problems of these citations, and the sources they use (drafts aside)."""
        problems, used = [], set()
        for one in cited:
            reference = one.reference
            key = (reference.source, reference.via, one.from_draft)
            verdict = self.verdicts.get(key)
            if verdict is None:
                verdict = self.verdicts[key] = reference_errors(
                    reference, one.from_draft, self.sources, self.drafts, self.complete)
            problems += [Problem(one.where, message, hint) for message, hint in verdict]
            if self.drafts or not one.from_draft:
                used.add(reference.source)
        return problems, used


def reference_errors(reference: Reference, from_draft: bool, sources: dict[str, Mapping],
                     drafts: bool, complete: bool) -> list[tuple[str, str]]:
    """What is wrong with citing this reference: (message, hint) each."""
    source = sources.get(reference.source)
    if source is None:
        if not complete:
            return []  # it may stand in the sheet that could not be read
        return [(f"unknown source id '{reference.source}'",
                 did_you_mean(reference.source, map(str, sources)))]
    errors = []
    if is_draft(source) and not drafts and not from_draft:
        errors.append((f"'{reference.source}' is a draft source",
                       "remove 'draft: true' from the source, or build with --drafts"))
    credits = source.get("credits") or []
    if reference.via and reference.via not in credits:
        errors.append((f"source '{reference.source}' does not credit '{reference.via}'",
                       did_you_mean(reference.via, credits)
                       if credits else "add it to the source's credits"))
    return errors


def check_sources(checker: Checker, sheets: list[tuple[str, Any]],
                  sources: dict[str, Mapping]) -> None:
    for source, _ in entries(sheets, "sources"):
        if source.get("published") == "undated" and not source.get("date_note"):
            checker.error(source.at("published"), "an undated source needs a 'date_note'",
                          "say what the page shows instead, e.g. 'last updated 21 hours ago'")
    memo = checker.memo
    found = memo.get("circular") if memo is not None else None
    if found is not None and list(found[0]) == list(sources) and all(
            map(operator.is_, found[0].values(), sources.values())):
        checker.problems += found[1]  # the very sources of the last build, where they were
        return
    first = len(checker.problems)
    check_circular_citations(checker, sources)
    if memo is not None:
        memo["circular"] = (sources, checker.problems[first:])


def check_circular_citations(checker: Checker, sources: dict[str, Mapping]) -> None:
    """A source's notes may cite other sources, but never itself, even by a detour."""
    cites = {ident: [r.source for _, _, refs in find_citations(str(s.get("notes") or ""))
                     for r in refs if r and r.source in sources]
             for ident, s in sources.items()}
    reported: set[frozenset[str]] = set()
    for start in sources:
        path = _cycle_from(start, cites)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            where = sources[start].at("notes")
            if len(path) == 1:
                checker.error(where, f"source '{start}' cites itself in its notes",
                              "a source cannot vouch for itself; cite another one")
            else:
                loop = " -> ".join([*path, start])
                checker.error(where, f"circular citation in sources' notes: {loop}",
                              "break the loop: one of them must rest on something else")


def _cycle_from(start: str, cites: dict[str, list[str]]) -> list[str]:
    """The sources on a citation loop back to start ([] if there is none)."""
    stack, seen = [(start, [start])], {start}
    while stack:
        node, path = stack.pop()
        for cited in cites[node]:
            if cited == start:
                return path
            if cited not in seen:
                seen.add(cited)
                stack.append((cited, [*path, cited]))
    return []


def check_events(checker: Checker, events: dict[str, Mapping], drafts: bool) -> None:
    for event in events.values():
        if "before" not in event and "after" not in event:
            continue  # nothing here depends on another entry
        try:
            dated = parse_when(event.get("date")).dated
        except DateError:
            continue  # reported by the shape check
        for anchor_key in ("before", "after"):
            anchor_id = event.get(anchor_key)
            if anchor_id is None:
                continue
            where = event.at(anchor_key)
            anchor = events.get(anchor_id)
            if dated:
                checker.error(where, f"'{anchor_key}' is only for undated events",
                              "remove it: the date already places the event")
            elif anchor is None:
                checker.error(where, f"unknown event id '{anchor_id}'",
                              did_you_mean(str(anchor_id), map(str, events)))
            elif is_draft(anchor) and not is_draft(event) and not drafts:
                checker.error(where, f"event '{anchor_id}' is a draft",
                              "place this event beside a published one, or build with --drafts")
            elif anchor is event:
                checker.error(where, "an event cannot be placed relative to itself",
                              "name another, dated event")
            elif _date_or_none(anchor.get("date")) == UNDATED:
                checker.error(where, f"event '{anchor_id}' is undated, so it cannot place "
                                     "another", "name a dated event")
        if "before" in event and "after" in event:
            checker.error(event.at("after"), "give 'before' or 'after', not both",
                          "keep the one the sources support")


def _date_or_none(value: Any) -> When | None:
    """The date, or None when it cannot be read (the shape check reports that)."""
    try:
        return parse_when(value)
    except DateError:
        return None


def check_facts(checker: Checker, sheets: list[tuple[str, Any]]) -> None:
    for fact, where in entries(sheets, "facts"):
        single = "value" in fact
        if single == ("values" in fact):
            checker.error(where, "a fact needs either 'value' or 'values'",
                          "use 'values' with one entry per source when sources differ")
        elif single and not fact.get("sources"):
            checker.error(fact.at("value"), "this fact makes a claim with no source",
                          "add 'sources: [source-id]'")
        elif not single and ("sources" in fact or "note" in fact):
            checker.error(fact.at("values"),
                          "'sources' and 'note' go inside each of 'values'",
                          "move them into the value they belong to")


def check_disputes(checker: Checker, sheets: list[tuple[str, Any]]) -> None:
    for dispute, _ in entries(sheets, "disputes"):
        positions = dispute.get("positions")
        if isinstance(positions, Sequence) and len(positions) < 2:
            checker.error(dispute.at("positions"), "a dispute needs at least two positions",
                          "add the other side, or make this an event")
        settled = dispute.get("status") == "settled"
        if settled != bool(dispute.get("settled_by")):
            checker.error(dispute.at("status"),
                          "'settled_by' goes with status 'settled', and only with it",
                          "say how later reporting settled it, or set status: open")


def claims(sheets: list[tuple[str, Any]], drafts: bool) -> Iterator[tuple[Mapping, Position, str]]:
    """Every claim that needs sources: (entry, position, its Markdown text)."""
    for event, where in entries(sheets, "events"):
        if drafts or not is_draft(event):
            yield event, where, str(event.get("body") or "")
    for fact, where in entries(sheets, "facts"):
        if drafts or not is_draft(fact):
            values = fact.get("values") if "values" in fact else [fact]
            for value, value_where in _items(values, where):
                yield value, value_where, str(value.get("note") or "")
    for dispute, where in entries(sheets, "disputes"):
        if drafts or not is_draft(dispute):
            for position, position_where in _items(dispute.get("positions"), where):
                yield position, position_where, str(position.get("claim") or "")


def _items(items: Any, where: Position) -> Iterator[tuple[Mapping, Position]]:
    if isinstance(items, Sequence):
        for item, item_where in zip(items, items.item_at, strict=True):
            if isinstance(item, Mapping):
                yield item, item_where
    elif isinstance(items, list):  # the one-value form of a fact
        yield from ((item, where) for item in items if isinstance(item, Mapping))


def check_single_sourced(checker: Checker, sheets: list[tuple[str, Any]],
                         sources: dict[str, Mapping], drafts: bool) -> None:
    """Warn about claims that rest on a single independent outlet."""
    labels = {ident: str(source.get("short") or source.get("outlet"))
              for ident, source in sources.items()}
    for claim, where, text in claims(sheets, drafts):
        references = [r for r in map(parse_reference, _texts(claim.get("sources"))) if r]
        references += [r for _, _, found in find_citations(text) for r in found if r]
        references = [r for r in references if r.source in labels]
        outlets = independent_outlets(references, labels)
        if len(outlets) == 1:
            checker.warn(where, f"this claim rests on one outlet ({outlets[0]})",
                         "add an independent source if one reports it")


def _texts(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def check_pages(checker: Checker, project: Project) -> None:
    """Page names must be usable as file names; navigation must open pages that exist."""
    for name, doc in project.pages.items():
        if not ID.match(name):
            checker.error(Position(doc.path), f"the page name '{name}' cannot be a web address",
                          "rename the file with lower-case letters, digits and hyphens")
    navigation = project.site.get("navigation") if isinstance(project.site, Mapping) else None
    for item, _ in _items(navigation, Position(project.site_path)):
        page = item.get("page")
        if isinstance(page, str) and (page not in project.pages or page == "404"):
            checker.error(item.at("page"), f"there is no page '{page}'",
                          did_you_mean(page, [n for n in project.pages if n != "404"]))


def check_updated(checker: Checker, project: Project) -> None:
    site = project.site
    if not isinstance(site, Mapping):
        return
    updated = site.get("updated")
    if updated is None:
        if not os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
            checker.error(site.where, "site.yml has no 'updated' date",
                          "add 'updated: YYYY-MM-DD' or set SOURCE_DATE_EPOCH")
        return
    try:
        if parse_when(updated).precision != "day":
            checker.error(site.at("updated"), "'updated' must be a day", "write YYYY-MM-DD")
    except DateError:
        pass  # reported by the shape check


def validate(project: Project, drafts: bool = False, single_sourced: bool = False,
             memo: Memo | None = None) -> list[Problem]:
    """Every problem in the project, errors and warnings, in file order.

    Entries marked draft are checked too; with drafts=False, published content
    may not depend on them. single_sourced: also warn about claims resting on
    one outlet (the `check` command asks for this). memo: entries already checked, by
    identity (serve keeps one: the loader hands back unchanged entries as they were).
    """
    checker = Checker(problems=list(project.problems), memo=memo)
    check_shapes(project, checker)
    indexes = check_unique_ids(checker, project.sheets)
    sources = indexes["sources"]
    check_references(checker, sources, drafts, project.unreadable_sheets == 0)
    check_sources(checker, project.sheets, sources)
    check_events(checker, indexes["events"], drafts)
    check_facts(checker, project.sheets)
    check_disputes(checker, project.sheets)
    check_updated(checker, project)
    check_pages(checker, project)
    if single_sourced:
        check_single_sourced(checker, project.sheets, sources, drafts)
    return sorted(set(checker.problems))
