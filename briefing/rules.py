"""The check stage's second half: rules across records (ids, citations, anchors, pages).

Each rule reads the loaded project after the shape check and adds problems to the
checker; none of them changes anything.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from typing import Any

from .citations import Reference, find_citations, independent_outlets, parse_reference
from .dates import UNDATED, DateError, When, parse_when
from .load import LoadedProject
from .problems import Position, did_you_mean, shown
from .records import built_pages, entries, nested
from .schema import ID, PAGE_CONTENT, RESERVED_ANCHORS, SEARCH_AUTO_EVENTS, SPLIT_PAGES, STORY_ITEMS
from .shapes import Cited, ShapeChecker, is_draft
from .yamlpos import Mapping, Sequence, written

KINDS = ("sources", "events", "facts", "disputes")


def unique_ids(checker: ShapeChecker, sheets: list[tuple[str, Any]],
               ) -> dict[str, dict[str, Mapping]]:
    """Report repeated ids; return each kind's entries by id (the first of each)."""
    indexes: dict[str, dict[str, Mapping]] = {}
    for name in KINDS:
        found = indexes[name] = {}
        for item, _ in entries(sheets, name):
            ident = written(item.get("id"))
            if not isinstance(ident, str):
                continue
            first = found.setdefault(ident, item)
            if first is not item:
                checker.error(item.at("id"), f"duplicate id '{ident}' among {name}",
                              f"it is first used at {first.at('id')}; rename one of them")
            if name in ("events", "disputes") and RESERVED_ANCHORS.match(ident):
                checker.error(item.at("id"), f"the id '{ident}' is an anchor the page makes "
                                             "itself (a section, a citation or a date group)",
                              "rename it, so that every link on the page leads to one place")
    anchors_taken(checker, indexes)
    return indexes


def anchors_taken(checker: ShapeChecker, indexes: dict[str, dict[str, Mapping]]) -> None:
    """An id may not be an anchor another entry makes on the same page: a dispute's
    question (ID-q) or position (ID-1...), a source's 'cited for' list (src-ID-cited)."""
    made: dict[str, str] = {}
    for ident, dispute in indexes["disputes"].items():
        positions = dispute.get("positions")
        count = len(positions) if isinstance(positions, list) else 0
        made |= {f"{ident}-{part}": ident for part in ["q", *range(1, count + 1)]}
    for ident, dispute in indexes["disputes"].items():
        if ident in made:
            checker.error(dispute.at("id"), f"the id '{ident}' is an anchor of the dispute "
                                            f"'{made[ident]}' (its question or a position)",
                          "rename one of them")
    for ident, source in indexes["sources"].items():
        if ident.endswith("-cited") and ident.removesuffix("-cited") in indexes["sources"]:
            checker.error(source.at("id"), f"the id '{ident}' is the anchor of the source "
                                           f"'{ident.removesuffix('-cited')}''s 'cited for' "
                                           "list", "rename one of them")


def citations_resolve(checker: ShapeChecker, sources: dict[str, Mapping], drafts: bool,
                      complete: bool) -> None:
    """Citations against the sources; warn about sources never cited. complete: every fact
    sheet was read, so an id not found is truly unknown (else it may be in the one that
    failed)."""
    used: set[str] = set()
    for cited in checker.cited:
        for message, hint in reference_errors(cited, sources, drafts, complete):
            checker.error(cited.where, message, hint)
        if drafts or not cited.from_draft:
            used.add(cited.reference.source)
    for ident, source in sources.items():
        if complete and ident not in used and (drafts or not is_draft(source)):
            checker.warn(source.at("id"), f"source '{ident}' is never cited",
                         "cite it or remove it")


def reference_errors(cited: Cited, sources: dict[str, Mapping], drafts: bool,
                     complete: bool) -> list[tuple[str, str]]:
    """What is wrong with this citation: (message, hint) each."""
    reference = cited.reference
    source = sources.get(reference.source)
    if source is None:
        if not complete:
            return []
        return [(f"unknown source id {shown(reference.source)}",
                 did_you_mean(reference.source, map(str, sources)))]
    errors = []
    if is_draft(source) and not drafts and not cited.from_draft:
        errors.append((f"'{reference.source}' is a draft source",
                       "remove 'draft: true' from the source, or build with --drafts"))
    credits = source.get("credits") or []
    if reference.via and reference.via not in credits:
        errors.append((f"source '{reference.source}' does not credit '{reference.via}'",
                       did_you_mean(reference.via, credits)
                       if credits else "add it to the source's credits"))
    return errors


def relays_resolve(checker: ShapeChecker, sources: dict[str, Mapping]) -> None:
    """Each source a document relays exists, and is another document."""
    for ident, source in sources.items():
        relayed = source.get("relays")
        if not isinstance(relayed, Sequence):
            continue  # the shape check reports it
        for other, where in zip(relayed, relayed.item_at, strict=True):
            if other == ident:
                checker.error(where, f"source '{ident}' cannot relay itself",
                              "name the source whose reporting it repeats")
            elif isinstance(other, str) and other not in sources:
                checker.error(where, f"unknown source id {shown(other)}",
                              did_you_mean(other, map(str, sources)))


def relay_map(sources: dict[str, Mapping]) -> dict[str, list[str]]:
    """Each source id -> the ids of the sources it relays."""
    return {ident: [str(other) for other in source.get("relays") or []]
            for ident, source in sources.items() if source.get("relays")}


def undated_sources_explained(checker: ShapeChecker, sheets: list[tuple[str, Any]]) -> None:
    for source, _ in entries(sheets, "sources"):
        if source.get("published") == "undated" and not source.get("date_note"):
            checker.error(source.at("published"), "an undated source needs a 'date_note'",
                          "say what the page shows instead, e.g. 'last updated 21 hours ago'")


def no_circular_citations(checker: ShapeChecker, sources: dict[str, Mapping]) -> None:
    """A source's notes may cite other sources, but never itself, even by a detour."""
    cites = {ident: [r.source for _, _, refs in find_citations(str(s.get("notes") or ""))
                     for r in refs if r and r.source in sources]
             for ident, s in sources.items()}
    reported: set[frozenset[str]] = set()
    for start in sources:
        path = cycle_from(start, cites)
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


def cycle_from(start: str, cites: dict[str, list[str]]) -> list[str]:
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


def date_or_none(value: Any) -> When | None:
    """The date, or None when it cannot be read (the shape check reports that)."""
    try:
        return parse_when(value)
    except DateError:
        return None


def undated_events_anchored(checker: ShapeChecker, events: dict[str, Mapping],
                            drafts: bool) -> None:
    """`before` and `after` only on undated events, naming a dated, published event."""
    for event in events.values():
        when = date_or_none(event.get("date"))
        if when is None or ("before" not in event and "after" not in event):
            continue  # an unreadable date is reported by the shape check
        for anchor_key in ("before", "after"):
            anchor_problem(checker, event, anchor_key, when.dated, events, drafts)
        if "before" in event and "after" in event:
            checker.error(event.at("after"), "give 'before' or 'after', not both",
                          "keep the one the sources support")


def anchor_problem(checker: ShapeChecker, event: Mapping, anchor_key: str, dated: bool,
                   events: dict[str, Mapping], drafts: bool) -> None:
    anchor_id = event.get(anchor_key)
    if anchor_id is None:
        return
    where = event.at(anchor_key)
    anchor = events.get(anchor_id)
    if dated:
        checker.error(where, f"'{anchor_key}' is only for undated events",
                      "remove it: the date already places the event")
    elif anchor is None:
        checker.error(where, f"unknown event id {shown(str(anchor_id))}",
                      did_you_mean(str(anchor_id), map(str, events)))
    elif is_draft(anchor) and not is_draft(event) and not drafts:
        checker.error(where, f"event '{anchor_id}' is a draft",
                      "place this event beside a published one, or build with --drafts")
    elif anchor is event:
        checker.error(where, "an event cannot be placed relative to itself",
                      "name another, dated event")
    elif date_or_none(anchor.get("date")) == UNDATED:
        checker.error(where, f"event '{anchor_id}' is undated, so it cannot place another",
                      "name a dated event")


def facts_have_values(checker: ShapeChecker, sheets: list[tuple[str, Any]]) -> None:
    for fact, where in entries(sheets, "facts"):
        single = "value" in fact
        if single == ("values" in fact):
            checker.error(where, "a fact needs either 'value' or 'values'",
                          "use 'values' with one entry per source when sources differ")
        elif single and not fact.get("sources"):
            checker.error(fact.at("value"), "this fact makes a claim with no source",
                          "add 'sources: [source-id]'")
        elif not single and ("sources" in fact or "note" in fact):
            checker.error(fact.at("values"), "'sources' and 'note' go inside each of 'values'",
                          "move them into the value they belong to")


def fact_bounds_ordered(checker: ShapeChecker, sheets: list[tuple[str, Any]]) -> None:
    """A value's `low` may not exceed its `high`."""
    for fact, where in entries(sheets, "facts"):
        for value, _ in nested(fact.get("values"), where):
            low, high = value.get("low"), value.get("high")
            if all(isinstance(b, int | float) and not isinstance(b, bool) for b in (low, high)) \
                    and low > high:
                checker.error(value.at("low"), f"'low' ({low}) is above 'high' ({high})",
                              "give the smaller number as low, or leave one out")


def disputes_complete(checker: ShapeChecker, sheets: list[tuple[str, Any]]) -> None:
    for dispute, _ in entries(sheets, "disputes"):
        positions = dispute.get("positions")
        if isinstance(positions, list) and len(positions) < 2:
            checker.error(dispute.at("positions"), "a dispute needs at least two positions",
                          "add the other side, or make this an event")
        settled = dispute.get("status") == "settled"
        if settled != bool(dispute.get("settled_by")):
            checker.error(dispute.at("status"),
                          "'settled_by' goes with status 'settled', and only with it",
                          "say how later reporting settled it, or set status: open")


def site_updated(checker: ShapeChecker, project: LoadedProject) -> None:
    site = project.site
    if not isinstance(site, Mapping):
        return
    updated = site.get("updated")
    if updated is None:
        if not os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
            checker.error(site.where, "site.yml has no 'updated' date",
                          "add 'updated: YYYY-MM-DD' or set SOURCE_DATE_EPOCH")
        return
    when = date_or_none(updated)
    if when is not None and when.precision != "day":
        checker.error(site.at("updated"), "'updated' must be a day", "write YYYY-MM-DD")


def pages_exist(checker: ShapeChecker, project: LoadedProject, drafts: bool) -> None:
    """Page names must be usable as file names; navigation must open pages the site has;
    an intro for a page the content does not bring is pointed out."""
    built = built_pages(project, drafts)
    if project.unreadable_sheets:  # the entries of a page may be in the sheet that failed
        built += [name for name in PAGE_CONTENT if name not in built]
    for name, doc in project.pages.items():
        if not ID.match(name):
            checker.error(Position(doc.path), f"the page name '{name}' cannot be a web address",
                          "rename the file with lower-case letters, digits and hyphens")
        elif SPLIT_PAGES.match(name):
            checker.error(Position(doc.path), f"the page name '{name}' is one the generator "
                                              "gives a part of a long briefing",
                          "rename the file")
        elif name not in built and name == "search":
            checker.warn(Position(doc.path), "search is off, so the site has no search page "
                         "and this intro is not used", "set 'search: on' in site.yml, or "
                         "remove the file")
        elif name not in built:
            checker.warn(Position(doc.path), f"there are no {PAGE_CONTENT[name]}, so the site "
                                             f"has no {name} page and this intro is not used",
                         f"add {PAGE_CONTENT[name]}, or remove the file")
    site = project.site
    navigation = site.get("navigation") if isinstance(site, Mapping) else None
    for item, _ in nested(navigation, Position(project.site_path)):
        page = item.get("page")
        if isinstance(page, str) and (page not in built or page == "404"):
            hint = (f"the site has no {PAGE_CONTENT[page]}, so no {page} page; add some, or "
                    "remove the link" if page in PAGE_CONTENT else
                    did_you_mean(page, [n for n in built if n != "404"]))
            checker.error(item.at("page"), f"there is no page '{page}'", hint)


def story_cited(checker: ShapeChecker, project: LoadedProject) -> None:
    """The home page's story in 30 seconds: every item cited (an uncited claim is an
    error, as everywhere), three to five of them (a warning: the page still reads)."""
    for name, doc in project.pages.items():
        items = doc.front.get("in_brief") if isinstance(doc.front, Mapping) else None
        if not isinstance(items, Sequence):
            continue
        if name != "index":
            checker.error(doc.front.key_at["in_brief"], "'in_brief' is the home page's",
                          "move it to content/pages/index.md")
            continue
        low, high = STORY_ITEMS
        if not low <= len(items) <= high:
            checker.warn(doc.front.at("in_brief"), f"the story in 30 seconds has {len(items)} "
                         f"item{'s' if len(items) != 1 else ''}", f"give it {low} to {high}")
        for item, where in zip(items, items.item_at, strict=True):
            if isinstance(item, str) and not any(True for _ in find_citations(item)):
                checker.error(where, "this item of the story in 30 seconds names no source",
                              "add a citation such as [@source-id]")


def position_labels(checker: ShapeChecker, sheets: list[tuple[str, Any]]) -> None:
    """Warn about positions without a label: the page falls back to 'Position N'."""
    for dispute, where in entries(sheets, "disputes"):
        for position, position_where in nested(dispute.get("positions"), where):
            if not position.get("label"):
                checker.warn(position_where, "this position has no 'label'",
                             "add 'label:' with its answer in a few words, e.g. 'Not "
                             "formally yet'")


def claims(sheets: list[tuple[str, Any]], drafts: bool) -> Iterator[tuple[Mapping, Position, str]]:
    """Every claim that needs sources: (entry, position, its Markdown text)."""
    for event, where in entries(sheets, "events", drafts):
        yield event, where, str(event.get("body") or "")
    for fact, where in entries(sheets, "facts", drafts):
        values = nested(fact.get("values"), where) if "values" in fact else [(fact, where)]
        for value, value_where in values:
            yield value, value_where, str(value.get("note") or "")
    for dispute, where in entries(sheets, "disputes", drafts):
        for position, position_where in nested(dispute.get("positions"), where):
            yield position, position_where, str(position.get("claim") or "")


def single_sourced_claims(checker: ShapeChecker, sheets: list[tuple[str, Any]],
                          sources: dict[str, Mapping], drafts: bool) -> None:
    """Warn about claims that rest on a single independent outlet."""
    labels = {ident: str(source.get("short") or source.get("outlet"))
              for ident, source in sources.items()}
    for claim, where, body in claims(sheets, drafts):
        found: list[Reference] = [r for r in map(parse_reference, texts(claim.get("sources")))
                                  if r]
        found += [r for _, _, refs in find_citations(body) for r in refs if r]
        outlets = independent_outlets([r for r in found if r.source in labels], labels,
                                      relay_map(sources))
        if len(outlets) == 1:
            checker.warn(where, f"this claim rests on one outlet ({outlets[0]})",
                         "add an independent source if one reports it")


def texts(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def search_available(checker: ShapeChecker, project: LoadedProject, drafts: bool) -> None:
    """A site with search needs Pagefind, an optional dependency: say so before building."""
    if "search" not in built_pages(project, drafts) or importlib.util.find_spec("pagefind"):
        return
    site = project.site
    given = isinstance(site, Mapping) and "search" in site
    where = site.at("search") if given else getattr(site, "where", Position(project.site_path))
    why = "search is on" if given and site.get("search") == "on" else \
        f"search is on (auto: the briefing has more than {SEARCH_AUTO_EVENTS} events)"
    checker.error(where, f"{why} but Pagefind, which builds its index, is not installed",
                  "pip install 'briefing[search]', or set 'search: off' in site.yml")
