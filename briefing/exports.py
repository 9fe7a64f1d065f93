"""Machine-readable files beside the pages: robots.txt, sitemap, Atom feed, TimelineJS
JSON, CSV, and briefing.json (briefing_json.py).

Part of the render stage: everything is made from the model (`briefing.model.Site`),
so the files say exactly what the pages say. Output is deterministic: no wall clock,
JSON keys sorted, every list in the model's own order.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from html import escape
from typing import Any

import orjson

from .briefing_json import briefing_data, briefing_schema, page_address
from .dates import When
from .model import Event, Page, Site, Source
from .timeline import TimelineGroup

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TIMELINE = "timeline.html"
CSV_FIELDS = ("id", "outlet", "headline", "kind", "author", "published", "date_note",
              "credits", "relays", "perspective", "url", "citations")


def export_files(site: Site, fragments: Any) -> dict[str, bytes]:
    """Every machine-readable file: path in the output -> bytes.

    fragments: the macros of templates/_exports.html, which write the HTML inside the
    feed's entries and the TimelineJS slides."""
    files = {"robots.txt": robots_txt(site).encode("utf-8")}
    if site.base_url:
        files["sitemap.xml"] = sitemap_xml(site)
    if site.feed:
        files[site.feed] = atom_feed(site, fragments)
    files["briefing.json"] = to_json(briefing_data(site))
    files["briefing.schema.json"] = to_json(briefing_schema(site))
    files["timeline.json"] = to_json(timeline_data(site, fragments))
    files["sources.csv"] = sources_csv(site).encode("utf-8")
    return files


def to_json(data: Any) -> bytes:
    """Compact UTF-8 JSON with sorted keys and a final line break: the bytes of
    json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n".
    orjson writes them about five times faster than json on a large briefing."""
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def xml_bytes(root: ET.Element) -> bytes:
    """An element tree as indented UTF-8 XML with a declaration."""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sub(parent: ET.Element, tag: str, text: str = "", **attrib: str) -> ET.Element:
    """A child element with optional text and attributes."""
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
    pages += site.source_pages.values()
    pages += [part.page for part in site.parts]  # a long briefing's chapters, figures, questions
    return sorted(pages, key=lambda page: (page.name != "index", page.filename))


def sitemap_xml(site: Site) -> bytes:
    """sitemaps.org 0.9: one <url> per page, last modified on the briefing's updated day."""
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    filenames = [page.filename for page in sitemap_pages(site)]
    if site.timeline_split and "timeline" in site.pages:
        filenames += [period.filename for period in site.timeline_pages]
    for filename in filenames:
        url = sub(urlset, "url")
        sub(url, "loc", page_address(site, filename))
        sub(url, "lastmod", site.updated.iso)
    return xml_bytes(urlset)


# feed.xml


def atom_time(when: When) -> str:
    """A day as an Atom timestamp at midnight UTC."""
    assert when.start is not None, "the briefing's updated date is always a day"
    return f"{when.start.isoformat()}T00:00:00Z"


def atom_feed(site: Site, fragments: Any) -> bytes:
    """An Atom 1.0 feed of the timeline, one entry per event with a stable permalink id."""
    updated = atom_time(site.updated)
    timeline = site.base_url + TIMELINE
    feed = ET.Element("feed", {"xmlns": ATOM, XML_BASE: site.base_url, XML_LANG: site.language})
    sub(feed, "id", timeline)
    sub(feed, "title", site.title)
    if site.description:
        sub(feed, "subtitle", site.description)
    sub(feed, "updated", updated)
    sub(sub(feed, "author"), "name", site.title)
    sub(feed, "link", rel="alternate", type="text/html", href=timeline)
    sub(feed, "link", rel="self", type="application/atom+xml", href=site.base_url + site.feed)
    for _, event in all_events(site):
        permalink = f"{site.base_url}{event.page}#{event.id}"
        entry = sub(feed, "entry")
        sub(entry, "id", permalink)
        sub(entry, "title", event.title)
        sub(entry, "updated", updated)
        sub(entry, "link", rel="alternate", type="text/html", href=permalink)
        html = fragments.event_text(event, event.when.text, site.base_url)
        sub(entry, "content", str(html), type="html")
    return xml_bytes(feed)


# timeline.json (TimelineJS3)


def timelinejs_date(day: date, precision: str) -> dict[str, str]:
    """A TimelineJS date no more precise than the content's: the year always (for a decade,
    its first; the slide's display_date then says the decade), the month and the day only
    where the content gives them."""
    made = {"year": str(day.year)}
    if precision in ("day", "month"):
        made["month"] = str(day.month)
    if precision == "day":
        made["day"] = str(day.day)
    return made


def timelinejs_event(event: Event, root: str) -> dict[str, Any]:
    """One TimelineJS slide, dated no more precisely than the event itself: the event's own
    text, group and media, so that a timeline imported from TimelineJS comes back the same.
    What TimelineJS has no field for (how the date is known, the status, the sources) goes
    under "briefing", a key TimelineJS ignores."""
    when = event.when
    slide: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": timelinejs_date(when.start, when.start_precision or when.precision),
        "display_date": when.text,
        "text": {"headline": escape(event.title, quote=False),
                 "text": absolute_links(event.body_html, root)},
        "briefing": {"date_note": event.date_note or None,
                     "status": event.status.label if event.status else None,
                     "sources": [{"label": c.label, "href": root + c.href}
                                 for c in event.citations]},
    }
    if when.precision == "range":
        slide["end_date"] = timelinejs_date(when.end, when.end_precision)
    if event.group:
        slide["group"] = event.group
    if event.media:
        media = event.media
        slide["media"] = {"url": media.src if ":" in media.src else root + media.src,
                          "caption": absolute_links(media.caption_html, root),
                          "credit": media.credit, "alt": media.alt}
    return slide


RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")(?![a-z][a-z0-9+.-]*:|#|/)')


def absolute_links(html: str, root: str) -> str:
    """The HTML with its links to the site's pages made absolute under root (when there is
    one): timeline.json is read from elsewhere."""
    return RELATIVE_LINK.sub(lambda m: m[1] + root, html) if root else html


def timeline_title(site: Site, left_out: int, fragments: Any) -> dict[str, Any]:
    """The title slide: the site's name, the timeline's description, what is left out."""
    page = site.pages.get("timeline")
    text = fragments.timeline_intro(page.description if page else site.description, left_out)
    return {"text": {"headline": escape(site.title, quote=False), "text": str(text)}}


def timeline_data(site: Site, fragments: Any) -> dict[str, Any]:
    """The timeline in TimelineJS3's JSON format; undated events are left out."""
    slides = [slide for group in site.timeline
              for slide in group_slides(group, site.base_url)]
    left_out = site.event_count - len(slides)
    return {"title": timeline_title(site, left_out, fragments), "events": slides}


def group_slides(group: TimelineGroup, root: str) -> list[dict[str, Any]]:
    """The slides of a group's dated events. An undated event has no date to stand at on
    TimelineJS's axis, not even the date of the event it is placed beside, which would
    give it a day the content does not: it is left out, and the title slide says so."""
    return [timelinejs_event(event, root) for event in group.events if event.when.dated]


# sources.csv


def source_row(source: Source) -> list[str]:
    published = source.published.text if source.published.dated else "undated"
    return [source.id, source.outlet, source.headline, source.kind, source.author, published,
            source.date_note, "; ".join(source.credits), "; ".join(source.relays),
            source.perspective, source.url,
            str(len(source.backlinks))]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet (CSV injection)."""


def inert(cell: str) -> str:
    """The cell as text a spreadsheet will not run: a leading ' before a formula's start."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def sources_csv(site: Site) -> str:
    """Every source, one row each, with how many claims cite it; no cell is a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    writer.writerows([inert(cell) for cell in source_row(source)] for source in site.sources)
    return out.getvalue()
