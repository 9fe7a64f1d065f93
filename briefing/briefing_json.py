"""briefing.json: the whole model as data, and briefing.schema.json, which describes it.

Part of the render stage: made from the model (`briefing.model.Site`), so the file
says exactly what the pages say, keys sorted, every list in the model's own order.
"""

from __future__ import annotations

from typing import Any

from .citations import Citation
from .dates import PRECISIONS, When
from .model import Dispute, Event, Fact, Media, Site, Source
from .schema import DISPUTE_STATUSES, ID
from .timeline import TimelineGroup

SOURCE_HREF = r"^(sources\.html#src-|source-[a-z0-9-]+\.html$)"
"""Where a citation points: the sources page, or past a size the source's own page."""


def page_address(site: Site, filename: str) -> str:
    """A page's absolute address (the home page's is the base URL itself)."""
    return site.base_url + ("" if filename == "index.html" else filename)


def date_data(when: When | None) -> dict[str, Any] | None:
    if when is None:
        return None
    return {
        "precision": when.precision, "text": when.text, "iso": when.iso or None,
        "start": when.start.isoformat() if when.start else None,
        "end": when.end.isoformat() if when.end else None,
        "start_precision": when.start_precision or None,
        "end_precision": when.end_precision or None,
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


def media_data(media: Media | None) -> dict[str, Any] | None:
    if media is None:
        return None
    return {"kind": media.kind, "src": media.src, "alt": media.alt,
            "width": media.width or None, "height": media.height or None,
            "caption_html": media.caption_html, "credit": media.credit,
            "credit_href": media.credit_href or None}


def event_data(event: Event) -> dict[str, Any]:
    return {"id": event.id, "when": date_data(event.when), "date_note": event.date_note,
            "title": event.title, "group": event.group or None, "body_html": event.body_html,
            "status": event.status.name if event.status else None,
            "citations": citations_data(event.citations), "media": media_data(event.media)}


def source_data(source: Source) -> dict[str, Any]:
    return {
        "id": source.id, "outlet": source.outlet, "label": source.label,
        "headline": source.headline, "kind": source.kind, "author": source.author,
        "published": date_data(source.published), "date_note": source.date_note,
        "credits": list(source.credits), "relays": list(source.relays),
        "perspective": source.perspective, "url": source.url,
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
         "url": page_address(site, p.filename) if site.base_url and p.name != "404" else None}
        for p in site.pages.values()
    ]


def fact_data(fact: Fact) -> dict[str, Any]:
    return {"id": fact.id, "label": fact.label, "unit": fact.unit,
            "as_of": date_data(fact.as_of), "contested": fact.contested,
            "values": [{"value": v.value, "note_html": v.note_html,
                        "citations": citations_data(v.citations)} for v in fact.values],
            "media": media_data(fact.media)}


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


def briefing_data(site: Site) -> dict[str, Any]:
    """The whole model as JSON-ready data (briefing.json, described by briefing.schema.json)."""
    return {
        "site": site_data(site),
        "pages": pages_data(site),
        "brief": [{"anchor": s.anchor, "title": s.title, "html": s.html} for s in site.brief],
        "facts": [fact_data(f) for f in site.facts],
        "timeline": [group_data(g) for g in site.timeline],
        "disputes": [dispute_data(d) for d in site.disputes],
        "sources": [source_data(s) for s in site.sources],
    }


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


def schema_defs(site: Site) -> dict[str, Any]:
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
                     start=nullable(day), end=nullable(day),
                     start_precision=nullable({"enum": ["day", "month", "year", "decade"]}),
                     end_precision=nullable({"enum": ["day", "month", "year", "decade"]}),
                     approximate={"type": "boolean"}),
            "if": undated,
            "then": {"properties": {"iso": {"type": "null"}, "start": {"type": "null"},
                                    "end": {"type": "null"}}},
            "else": {"properties": {"start": day, "end": day}},
        },
        "citation": closed(source=ident, via=nullable(line), label=line,
                           href={"type": "string", "pattern": SOURCE_HREF},
                           anchor=line, page=filename),
        "backlink": closed(href={"type": "string", "pattern": r"^[a-z0-9-]+\.html#"},
                           page=filename, anchor=line, via=nullable(line), context=line),
        "citations": array(ref("citation")),
        "event": closed(id=ident, when=ref("date"), date_note=text, title=line,
                        group=nullable(line), body_html=text,
                        status={"enum": [*(s.name for s in site.statuses), None]},
                        citations=ref("citations"), media=nullable(ref("media"))),
        "media": closed(kind={"enum": ["image", "video", "audio"]}, src=line, alt=text,
                        width=nullable({"type": "integer", "minimum": 1}),
                        height=nullable({"type": "integer", "minimum": 1}),
                        caption_html=text, credit=text,
                        credit_href=nullable({"type": "string",
                                              "pattern": SOURCE_HREF})),
        "source": closed(id=ident, outlet=line, label=line, headline=line,
                         kind={"enum": ["", *site.source_kinds]}, author=text,
                         published=ref("date"),
                         date_note=text, credits=array(line), relays=array(line),
                         perspective=text, url=text,
                         notes_html=text, backlinks=array(ref("backlink"))),
        "fact": closed(id=ident, label=line, unit=text, as_of=nullable(ref("date")),
                       contested={"type": "boolean"},
                       values=array(closed(value=line, note_html=text,
                                           citations=ref("citations")), 1),
                       media=nullable(ref("media"))),
        "dispute": closed(id=ident, question=line, why_html=text,
                          status={"enum": list(DISPUTE_STATUSES)}, settled_html=text,
                          would_settle_html=text,
                          positions=array(closed(claim_html=text, held_by=line,
                                                 citations=ref("citations"),
                                                 independent=array(line)), 2)),
    }


def briefing_schema(site: Site) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of briefing.json, with the site's own statuses and source
    kinds; a fresh dict on every call."""
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
        "$defs": schema_defs(site),
    }


