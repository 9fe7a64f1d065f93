"""Machine-readable files beside the pages: robots.txt, sitemap, Atom feed, JSON, CSV.

Everything is made from the plain-data model (`briefing.model.Site`), so the
files say exactly what the pages say. Output is deterministic: no wall clock,
JSON keys sorted, every list in the model's own order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

import orjson

from .caches import Memo, keep, same
from .citations import Citation
from .dates import When
from .model import Dispute, Event, Fact, Page, Site, Source, TimelineGroup
from .schema import DISPUTE_STATUSES, EVENT_STATUSES, SOURCE_KINDS
from .validate import ID

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TIMELINE = "timeline.html"
PRECISIONS = ("day", "month", "year", "range", "part", "undated")
CSV_FIELDS = ("id", "outlet", "headline", "kind", "author", "published", "date_note",
              "credits", "perspective", "url", "citations")


def export_files(site: Site, memo: Memo | None = None) -> dict[str, bytes]:
    """Every machine-readable file: path in the output -> bytes.

    memo: each event's JSON from earlier builds, by event (serve keeps one)."""
    files = {"robots.txt": robots_txt(site).encode("utf-8")}
    if site.base_url:
        files["sitemap.xml"] = sitemap_xml(site)
        files["feed.xml"] = atom_feed(site)
    files["briefing.json"] = dump_json(briefing_data(site, memo))
    files["briefing.schema.json"] = dump_json(briefing_schema())
    files["timeline.json"] = dump_json(timeline_data(site, memo))  # spliced only with a memo
    files["sources.csv"] = sources_csv(site).encode("utf-8")
    return files


def to_json(data: Any) -> bytes:
    """Compact UTF-8 JSON with sorted keys: the bytes of json.dumps(data, sort_keys=True,
    ensure_ascii=False, separators=(",", ":")), by orjson, about five times faster on a
    large briefing (pipe it through `python -m json.tool` to read it)."""
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


class Encoded(bytes):
    """A value's JSON, UTF-8 encoded, made once (per event, kept between serve's rebuilds)."""


class Spliced(dict):
    """A mapping that may hold Encoded parts somewhere inside: dump_json then writes it key
    by key (holds_encoded), or else in one call."""

    holds_encoded = True


class SplicedList(list):
    """A list holding Encoded parts somewhere inside."""


def dump_json(data: Any) -> bytes:
    """The data as compact JSON, UTF-8, and a line break: one orjson call when nothing in
    it is Encoded (a one-off build: no copy of a file that may be tens of MB); else
    pieces, each Encoded part as it is, joined once."""
    if not isinstance(data, Encoded | SplicedList) and not (isinstance(data, Spliced)
                                                             and data.holds_encoded):
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    pieces: list[bytes] = []
    add_json(data, pieces)
    pieces.append(b"\n")
    return b"".join(pieces)


def add_json(data: Any, pieces: list[bytes]) -> None:
    """Append to_json's text of data, as UTF-8 pieces, with Encoded parts put in as they are."""
    if isinstance(data, Encoded):
        pieces.append(data)
    elif isinstance(data, Spliced) and data.holds_encoded:
        pieces.append(b"{")
        for number, (key, value) in enumerate(sorted(data.items())):
            pieces.append((b"," if number else b"") + to_json(key) + b":")
            add_json(value, pieces)
        pieces.append(b"}")
    elif isinstance(data, SplicedList):
        pieces.append(b"[")
        for number, value in enumerate(data):
            if number:
                pieces.append(b",")
            add_json(value, pieces)
        pieces.append(b"]")
    else:  # anything else, dict and list subclasses too, in one C encoder call
        pieces.append(to_json(data))


def spliced(memo: Memo | None, data: dict[str, Any]) -> Spliced:
    """A whole file's data: spliced from Encoded parts with a memo, encoded at once without."""
    made = Spliced(data)
    made.holds_encoded = memo is not None
    return made


def encoded(memo: Memo | None, kind: str, item: object, given: tuple,
            make: Callable[[], Any]) -> Any:
    """make()'s JSON, from the memo when this item and `given` are as last time; with no
    memo, make()'s data as it is, for one encoder call over the whole file."""
    if memo is None:
        return make()
    found = same(memo, item, kind)
    if found is not None and found[0] == given:
        return found[1]
    return keep(memo, item, (given, Encoded(to_json(make()))), kind)[1]


def xml_bytes(root: ET.Element) -> bytes:
    """An element tree as indented UTF-8 XML with a declaration."""
    import xml.etree.ElementTree as ET
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sub(parent: ET.Element, tag: str, text: str = "", **attrib: str) -> ET.Element:
    """A child element with optional text and attributes."""
    import xml.etree.ElementTree as ET
    child = ET.SubElement(parent, tag, attrib)
    if text:
        child.text = text
    return child


def all_events(site: Site) -> list[tuple[TimelineGroup, Event]]:
    """Every event in site order, with its timeline group."""
    return [(group, event) for group in site.timeline for event in group.events]


# robots.txt and sitemap.xml


def robots_txt(site: Site) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site.base_url:
        lines += ["", f"Sitemap: {site.base_url}sitemap.xml"]
    return "\n".join(lines) + "\n"


def sitemap_pages(site: Site) -> list[Page]:
    """The pages a search engine should know: all but the 404 page, the home page first."""
    pages = [page for page in site.pages.values() if page.name != "404"]
    return sorted(pages, key=lambda page: (page.name != "index", page.filename))


def page_address(site: Site, page: Page) -> str:
    return site.base_url + ("" if page.name == "index" else page.filename)


def sitemap_xml(site: Site) -> bytes:
    """sitemaps.org 0.9: one <url> per page, last modified on the briefing's updated day."""
    import xml.etree.ElementTree as ET  # here: only a site with a base URL has a sitemap

    urlset = ET.Element("urlset", xmlns=SITEMAP)
    for page in sitemap_pages(site):
        url = sub(urlset, "url")
        sub(url, "loc", page_address(site, page))
        sub(url, "lastmod", site.updated.iso)
    return xml_bytes(urlset)


# feed.xml


def atom_time(when: When) -> str:
    """A day as an Atom timestamp at midnight UTC."""
    assert when.start is not None, "the briefing's updated date is always a day"
    return f"{when.start.isoformat()}T00:00:00Z"


def citations_html(citations: list[Citation], root: str) -> str:
    """The citation labels as one paragraph of links to the sources page."""
    if not citations:
        return ""
    links = "; ".join(f'<a href="{escape(root + c.href)}">{escape(c.label)}</a>'
                      for c in citations)
    return f"<p>Sources: {links}</p>"


def date_line(event: Event, shown: str) -> str:
    """The event's date (with how it is known) and status, as a paragraph."""
    note = f" ({escape(event.date_note)})" if event.date_note else ""
    return f"<p>{escape(shown)}{note}. Status: {escape(event.status)}.</p>"


def event_html(event: Event, root: str) -> str:
    """An event's date, status, body and citations as one HTML fragment."""
    return (date_line(event, event.when.text) + event.body_html
            + citations_html(event.citations, root))


def atom_feed(site: Site) -> bytes:
    """An Atom 1.0 feed of the timeline, one entry per event with a stable permalink id."""
    updated = atom_time(site.updated)
    timeline = site.base_url + TIMELINE
    import xml.etree.ElementTree as ET

    feed = ET.Element("feed", {"xmlns": ATOM, XML_BASE: site.base_url, XML_LANG: site.language})
    sub(feed, "id", timeline)
    sub(feed, "title", site.title)
    if site.description:
        sub(feed, "subtitle", site.description)
    sub(feed, "updated", updated)
    sub(sub(feed, "author"), "name", site.title)
    sub(feed, "link", rel="alternate", type="text/html", href=timeline)
    sub(feed, "link", rel="self", type="application/atom+xml", href=site.base_url + "feed.xml")
    for _, event in all_events(site):
        permalink = f"{timeline}#{event.id}"
        entry = sub(feed, "entry")
        sub(entry, "id", permalink)
        sub(entry, "title", event.title)
        sub(entry, "updated", updated)
        sub(entry, "link", rel="alternate", type="text/html", href=permalink)
        sub(entry, "content", event_html(event, site.base_url), type="html")
    return xml_bytes(feed)


# briefing.json


def date_data(when: When | None) -> dict[str, Any] | None:
    if when is None:
        return None
    return {
        "precision": when.precision, "text": when.text, "iso": when.iso or None,
        "start": when.start.isoformat() if when.start else None,
        "end": when.end.isoformat() if when.end else None,
        "approximate": when.approximate,
    }


def citation_data(citation: Citation) -> dict[str, Any]:
    return {"source": citation.source, "via": citation.via, "label": citation.label,
            "href": citation.href, "anchor": citation.anchor, "page": citation.page}


def backlink_data(citation: Citation) -> dict[str, Any]:
    """Where a source is cited: the page, the citation's anchor there and the claim."""
    return {"href": citation.backlink, "page": citation.page, "anchor": citation.anchor,
            "via": citation.via, "context": citation.context}


def citations_data(citations: list[Citation]) -> list[dict[str, Any]]:
    return [citation_data(c) for c in citations]


def event_data(event: Event) -> dict[str, Any]:
    return {"id": event.id, "when": date_data(event.when), "date_note": event.date_note,
            "title": event.title, "body_html": event.body_html, "status": event.status,
            "citations": citations_data(event.citations)}


def source_data(source: Source) -> dict[str, Any]:
    return {
        "id": source.id, "outlet": source.outlet, "label": source.label,
        "headline": source.headline, "kind": source.kind, "author": source.author,
        "published": date_data(source.published), "date_note": source.date_note,
        "credits": list(source.credits), "perspective": source.perspective, "url": source.url,
        "notes_html": source.notes_html, "backlinks": [backlink_data(c) for c in source.backlinks],
    }


def site_data(site: Site) -> dict[str, Any]:
    return {"title": site.title, "description": site.description, "language": site.language,
            "base_url": site.base_url, "updated": date_data(site.updated),
            "navigation": [{"title": n.title, "filename": n.filename} for n in site.nav]}


def pages_data(site: Site) -> list[dict[str, Any]]:
    return [
        {"name": p.name, "filename": p.filename, "title": p.title,
         "description": p.description, "intro_html": p.intro_html,
         "url": page_address(site, p) if site.base_url and p.name != "404" else None}
        for p in site.pages.values()
    ]


def fact_data(fact: Fact) -> dict[str, Any]:
    return {"id": fact.id, "label": fact.label, "unit": fact.unit,
            "as_of": date_data(fact.as_of), "contested": fact.contested,
            "values": [{"value": v.value, "note_html": v.note_html,
                        "citations": citations_data(v.citations)} for v in fact.values]}


def dispute_data(dispute: Dispute) -> dict[str, Any]:
    return {"id": dispute.id, "question": dispute.question, "why_html": dispute.why_html,
            "status": dispute.status, "settled_html": dispute.settled_html,
            "would_settle_html": dispute.would_settle_html,
            "positions": [{"claim_html": p.claim_html, "held_by": p.held_by,
                           "citations": citations_data(p.citations),
                           "independent": list(p.independent)} for p in dispute.positions]}


def group_data(group: TimelineGroup) -> dict[str, Any]:
    return {"anchor": group.anchor, "heading": group.heading,
            "events": [event_data(event) for event in group.events]}


def briefing_data(site: Site, memo: Memo | None = None) -> Spliced:
    """The whole model as JSON-ready data (briefing.json, described by briefing.schema.json)."""
    return spliced(memo, {
        "site": site_data(site),
        "pages": pages_data(site),
        "brief": [{"anchor": s.anchor, "title": s.title, "html": s.html} for s in site.brief],
        "facts": SplicedList(encoded(memo, "fact", f, (), lambda f=f: fact_data(f))
                             for f in site.facts),
        "timeline": SplicedList(encoded(memo, "group", g, (), lambda g=g: group_data(g))
                                for g in site.timeline),  # a month is reused whole, or made anew
        "disputes": SplicedList(encoded(memo, "dispute", d, (), lambda d=d: dispute_data(d))
                                for d in site.disputes),
        "sources": SplicedList(encoded(memo, "source", s, (), lambda s=s: source_data(s))
                               for s in site.sources),
    })


# briefing.schema.json


def closed(**properties: Any) -> dict[str, Any]:
    """A JSON Schema object with exactly these properties, all required."""
    return {"type": "object", "properties": properties, "required": sorted(properties),
            "additionalProperties": False}


def array(items: dict[str, Any], min_items: int = 0) -> dict[str, Any]:
    made: dict[str, Any] = {"type": "array", "items": items}
    if min_items:
        made["minItems"] = min_items
    return made


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def schema_defs() -> dict[str, Any]:
    """The shared parts of briefing.json: dates, citations, back-links and the records."""
    text = {"type": "string"}
    line = {"type": "string", "minLength": 1}
    ident = {"type": "string", "pattern": ID.pattern}
    day = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    filename = {"type": "string", "pattern": r"^[a-z0-9-]+\.html$"}
    undated = {"properties": {"precision": {"const": "undated"}}}
    return {
        "date": {
            **closed(precision={"enum": list(PRECISIONS)}, text=line,
                     iso=nullable({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
                     start=nullable(day), end=nullable(day), approximate={"type": "boolean"}),
            "if": undated,
            "then": {"properties": {"iso": {"type": "null"}, "start": {"type": "null"},
                                    "end": {"type": "null"}}},
            "else": {"properties": {"iso": {"type": "string"}, "start": day, "end": day}},
        },
        "citation": closed(source=ident, via=nullable(line), label=line,
                           href={"type": "string", "pattern": r"^sources\.html#src-"},
                           anchor=line, page=filename),
        "backlink": closed(href={"type": "string", "pattern": r"^[a-z0-9-]+\.html#"},
                           page=filename, anchor=line, via=nullable(line), context=line),
        "citations": array(ref("citation")),
        "event": closed(id=ident, when=ref("date"), date_note=text, title=line, body_html=text,
                        status={"enum": list(EVENT_STATUSES)}, citations=ref("citations")),
        "source": closed(id=ident, outlet=line, label=line, headline=line,
                         kind={"enum": list(SOURCE_KINDS)}, author=text, published=ref("date"),
                         date_note=text, credits=array(line), perspective=text, url=text,
                         notes_html=text, backlinks=array(ref("backlink"))),
        "fact": closed(id=ident, label=line, unit=text, as_of=nullable(ref("date")),
                       contested={"type": "boolean"},
                       values=array(closed(value=line, note_html=text,
                                           citations=ref("citations")), 1)),
        "dispute": closed(id=ident, question=line, why_html=text,
                          status={"enum": list(DISPUTE_STATUSES)}, settled_html=text,
                          would_settle_html=text,
                          positions=array(closed(claim_html=text, held_by=line,
                                                 citations=ref("citations"),
                                                 independent=array(line)), 2)),
    }


def briefing_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of briefing.json; a fresh dict on every call."""
    line = {"type": "string", "minLength": 1}
    text = {"type": "string"}
    base_url = {"type": "string", "pattern": r"^(https?://\S+/)?$"}
    filename = {"type": "string", "pattern": r"^[a-z0-9-]+\.html$"}
    navigation = closed(title=line, filename=filename)
    page = closed(name={"type": "string", "pattern": ID.pattern}, filename=filename, title=line,
                  description=line, intro_html=text, url={"type": ["string", "null"]})
    group = closed(anchor=line, heading=line, events=array(ref("event"), 1))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "briefing.json",
        "description": "The whole briefing as data: settings, pages, brief, key figures, "
                       "timeline, disputes and sources with their back-links.",
        **closed(
            site=closed(title=line, description=text, language=line, base_url=base_url,
                        updated=ref("date"), navigation=array(navigation)),
            pages=array(page), brief=array(closed(anchor=line, title=line, html=text)),
            facts=array(ref("fact")), timeline=array(group), disputes=array(ref("dispute")),
            sources=array(ref("source")),
        ),
        "$defs": schema_defs(),
    }


# timeline.json (TimelineJS3)


def timelinejs_date(when: When) -> dict[str, str]:
    """A TimelineJS date of the start, no more precise than the event's own date."""
    assert when.start is not None
    return timelinejs_day(when, when.start.year, when.start.month, when.start.day)


def timelinejs_end(when: When) -> dict[str, str]:
    """The end of a range, at the range's own precision."""
    assert when.end is not None
    return timelinejs_day(when, when.end.year, when.end.month, when.end.day)


def timelinejs_day(when: When, year: int, month: int, day: int) -> dict[str, str]:
    parts = when.iso.count("-")  # iso is '2026', '2026-01' or '2026-01-28' at this precision
    made = {"year": str(year)}
    if parts >= 1:
        made["month"] = str(month)
    if parts >= 2:
        made["day"] = str(day)
    return made


def timelinejs_event(group: TimelineGroup, event: Event, start: When, root: str,
                     ) -> dict[str, Any]:
    """One TimelineJS slide; an undated event shows 'Undated' whatever date places it."""
    shown = event.when.text if event.when.dated else "Undated"
    slide: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": timelinejs_date(start),
        "display_date": shown,
        "text": {"headline": escape(event.title, quote=False),
                 "text": date_line(event, shown) + event.body_html
                 + citations_html(event.citations, root)},
        "group": group.heading,
    }
    if event.when.dated and event.when.precision == "range":
        slide["end_date"] = timelinejs_end(event.when)
    return slide


def timeline_title(site: Site, left_out: int) -> dict[str, Any]:
    """The title slide: the site's name, the timeline's description, what is left out."""
    page = site.pages.get("timeline")
    text = f"<p>{escape(page.description if page else site.description)}</p>"
    if left_out:
        verb = "event is" if left_out == 1 else "events are"
        text += f"<p>{left_out} undated {verb} listed on the site's timeline only.</p>"
    return {"text": {"headline": escape(site.title, quote=False), "text": text}}


def timeline_data(site: Site, memo: Memo | None = None) -> Spliced:
    """The timeline in TimelineJS3's JSON format; events with no date to stand at are left out.

    With a memo, each timeline group's slides are kept as one run of JSON, reused while the
    group is the very one of last build."""
    slides, shown = SplicedList(), 0
    for group in site.timeline:
        if memo is None:
            made = group_slides(group, site.base_url)
            slides += made
            shown += len(made)
            continue
        found = same(memo, group, "slides")
        if found is None or found[0] != site.base_url:
            made = group_slides(group, site.base_url)
            run = Encoded(b",".join(to_json(slide) for slide in made))
            found = keep(memo, group, (site.base_url, run, len(made)), "slides")
        if found[2]:  # a run with no slide would leave an empty place in the list
            slides.append(found[1])
            shown += found[2]
    return spliced(memo, {"title": timeline_title(site, site.event_count - shown),
                          "events": slides})


def group_slides(group: TimelineGroup, root: str) -> list[dict[str, Any]]:
    """The slides of a group's events; an undated event stands where the dated event its
    content names stands, or is left out when it names none."""
    return [timelinejs_event(group, event, event.when if event.when.dated
                             else group.placed_beside, root)
            for event in group.events if event.when.dated or group.placed_beside is not None]


# sources.csv


def source_row(source: Source) -> list[str]:
    published = source.published.text if source.published.dated else "undated"
    return [source.id, source.outlet, source.headline, source.kind, source.author, published,
            source.date_note, "; ".join(source.credits), source.perspective, source.url,
            str(len(source.backlinks))]


def sources_csv(site: Site) -> str:
    """Every source, one row each, with how many claims cite it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    writer.writerows(source_row(source) for source in site.sources)
    return out.getvalue()
