"""`import timelinejs`: a TimelineJS3 timeline (its JSON, or the CSV of its Google Sheets
template) turned into a new briefing: every slide an event at its true precision, ranges,
groups, media with credit and caption, the title slide into site.yml and the brief, the
slides' HTML into Markdown, and the pages they link to into sources.

Whatever the briefing format cannot hold (times of day, eras, backgrounds, thumbnails,
kinds of media other than images, video and audio...) is listed in the report, never
dropped in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from markdownify import markdownify

from .dates import DateError, parse_when
from .schema import MEDIA_SUFFIXES
from .timelinejs_read import CannotImport, read_timeline

VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "dailymotion.com")
AUDIO_HOSTS = ("soundcloud.com", "spotify.com", "mixcloud.com")
AUDIO_SUFFIXES = (".mp3", ".ogg", ".wav", ".m4a")
LINK = re.compile(r"""<a\b[^>]*?href=["'](https?://[^"']+)["'][^>]*>(.*?)</a>""",
                  re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
INLINE_TAGS = {"a", "abbr", "b", "code", "em", "i", "mark", "q", "small", "span", "strong",
               "sub", "sup", "u"}
TIMELINE_SOURCE = "timeline"
SOURCE_KINDS = ["timeline", "web page"]


@dataclass
class Report:
    """What the import wrote, and everything it could not carry over."""

    written: list[str] = field(default_factory=list)
    events: int = 0
    notes: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        if what not in self.notes:
            self.notes.append(what)


@dataclass
class Briefing:
    """The briefing being made: entries in the content format, as plain data."""

    title: str = ""
    description: str = ""
    intro: str = ""
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)


# -- slides to entries -----------------------------------------------------------------


def plain(html: Any) -> str:
    """HTML as its text alone, spaces tidied: a block's tags part words, inline ones not."""
    text = TAG.sub(lambda m: "" if m[2].lower() in INLINE_TAGS else " ", str(html or ""))
    return " ".join(text.split())


def to_markdown(html: Any) -> str:
    return markdownify(str(html or ""), heading_style="ATX", bullets="-").strip()


def slug(text: str, fallback: str = "event") -> str:
    made = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return made or fallback


def unique(briefing: Briefing, wanted: str) -> str:
    ident, number = wanted, 2
    while ident in briefing.ids:
        ident, number = f"{wanted}-{number}", number + 1
    briefing.ids.add(ident)
    return ident


def number(value: Any) -> int | None:
    text = str(value if value is not None else "").replace(",", "").strip()
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def one_date(given: Any, report: Report, where: str) -> tuple[str, str] | None:
    """A TimelineJS date as (written date, its precision), or None with a note."""
    if not isinstance(given, dict):
        return None
    year, month, day = (number(given.get(key)) for key in ("year", "month", "day"))
    if year is None:
        return None
    if year < 1 or year > 9999:
        report.note(f"{where}: the year {year} is outside 1 to 9999, which the briefing "
                    "format cannot hold; the slide was left out")
        return None
    if any(given.get(key) not in (None, "")
           for key in ("hour", "minute", "second", "millisecond", "time")):
        report.note(f"{where}: the time of day was dropped (the format keeps days)")
    written, precision = f"{year:04d}", "year"
    if month:
        written, precision = f"{written}-{month:02d}", "month"
        if day:
            written, precision = f"{written}-{day:02d}", "day"
    return written, precision


def slide_date(slide: dict[str, Any], report: Report, where: str) -> str | None:
    start = one_date(slide.get("start_date"), report, where)
    if start is None:
        return None
    written, precision = start
    given = slide.get("start_date") if isinstance(slide.get("start_date"), dict) else {}
    display = str(slide.get("display_date") or given.get("display_date") or "").strip()
    if precision == "year" and re.fullmatch(r"\d{3}0s", display) and display[:4] == written:
        written = display  # a decade, as the sheet's display date says
    elif display:
        report.note(f"{where}: its display date '{display}' was replaced by the date as the "
                    "briefing writes it")
    end = one_date(slide.get("end_date"), report, where)
    if end is not None and end[0] != written:
        try:
            parse_when(f"{written}/{end[0]}")
            return f"{written}/{end[0]}"
        except DateError:
            report.note(f"{where}: its end date {end[0]} is not after its start; kept the "
                        "start only")
    return written


def link_sources(briefing: Briefing, html: Any) -> list[str]:
    """A source for every page the HTML links to; their ids."""
    found = []
    for href, label in LINK.findall(str(html or "")):
        parts = urlsplit(href)
        ident = next((key for key, source in briefing.sources.items()
                      if source.get("url") == href), None)
        if ident is None:
            tail = parts.path.rstrip("/").rsplit("/", 1)[-1]
            ident = unique(briefing, slug(f"{parts.hostname or ''} {tail}", "linked-page"))
            briefing.sources[ident] = {
                "id": ident, "outlet": parts.hostname or href, "headline": plain(label) or href,
                "kind": "web page", "published": "undated",
                "date_note": "the imported timeline links to it and gives no date",
                "url": href}
        found.append(ident)
    return found


def media_entry(briefing: Briefing, slide: dict[str, Any], headline: str, report: Report,
                where: str) -> tuple[dict[str, Any] | None, str]:
    """The slide's media as a `media:` entry, or (None, a Markdown link for the body)."""
    media = slide.get("media") if isinstance(slide.get("media"), dict) else {}
    url = str(media.get("url") or "").strip()
    if not url:
        return None, ""
    if media.get("thumbnail"):
        report.note(f"{where}: its media thumbnail was dropped (the page shows the media)")
    for unheld in ("title", "link", "link_target"):
        if media.get(unheld):
            report.note(f"{where}: its media {unheld} was dropped (a picture links to nothing; "
                        "its credit may link to a source)")
    parts = urlsplit(url)
    host, suffix = (parts.hostname or "").removeprefix("www."), Path(parts.path).suffix.lower()
    caption, credit_html = media.get("caption") or "", media.get("credit") or ""
    if parts.scheme != "https" or not host:
        report.note(f"{where}: its media {url[:60]} is not an https:// address; kept as a link")
        return None, f"[Media: {plain(caption) or headline}]({url})" if parts.scheme else ""
    if suffix in MEDIA_SUFFIXES or host.startswith("upload."):
        kind = "image"
        briefing.hosts.add(parts.hostname or host)
    elif host.endswith(VIDEO_HOSTS):
        kind = "video"
    elif host.endswith(AUDIO_HOSTS) or suffix in AUDIO_SUFFIXES:
        kind = "audio"
    else:
        report.note(f"{where}: its media from {host} is neither an image, a video nor a "
                    "recording; kept as a link at the end of its text")
        return None, f"[Media: {plain(caption) or headline}]({url})"
    entry: dict[str, Any] = {"src": url}
    if kind != "image":
        entry["kind"] = kind
    alt = plain(media.get("alt"))
    if kind == "image" and not alt:
        alt = plain(caption) or headline
        report.note(f"{where}: its image had no alt text; the caption or headline stands in "
                    "for it (check that it says what the image shows)")
    if alt and kind == "image":
        entry["alt"] = alt
    if caption:
        entry["caption"] = to_markdown(caption)
    if credit_html:
        entry["credit"] = plain(credit_html)
        linked = link_sources(briefing, credit_html)
        if linked:
            entry["credit_source"] = linked[0]
    return entry, ""


def event_entry(briefing: Briefing, slide: dict[str, Any], index: int,
                report: Report) -> dict[str, Any] | None:
    text = slide.get("text") if isinstance(slide.get("text"), dict) else {}
    headline = plain(text.get("headline"))
    where = f"slide {index}" + (f" ('{headline[:40]}')" if headline else "")
    written = slide_date(slide, report, where)
    if written is None:
        report.note(f"{where}: it has no year; left out (an event needs a date)")
        return None
    ident = unique(briefing, slug(str(slide.get("unique_id") or "") or headline))
    media, link = media_entry(briefing, slide, headline or ident, report, where)
    body = "\n\n".join(part for part in (to_markdown(text.get("text")), link) if part)
    entry: dict[str, Any] = {"id": ident, "date": written,
                             "title": headline or f"Untitled ({written})"}
    if not headline:
        report.note(f"{where}: it has no headline; one was made from its date")
    if slide.get("group"):
        entry["group"] = plain(slide["group"])
    if body:
        entry["body"] = body
    if media:
        entry["media"] = media
    if slide.get("background"):
        report.note(f"{where}: its background was dropped (the theme sets the colours)")
    if slide.get("autolink") is False:
        report.note(f"{where}: autolink: false has no use here (links are written as links)")
    linked = [s for s in link_sources(briefing, text.get("text")) if s not in (TIMELINE_SOURCE,)]
    entry["sources"] = [TIMELINE_SOURCE, *dict.fromkeys(linked)]
    return entry


def briefing_of(timeline: dict[str, Any], name: str, report: Report) -> Briefing:
    briefing = Briefing()
    briefing.ids.add(TIMELINE_SOURCE)
    title = timeline.get("title") if isinstance(timeline.get("title"), dict) else {}
    title_text = title.get("text") if isinstance(title.get("text"), dict) else {}
    briefing.title = plain(title_text.get("headline")) or name
    briefing.intro = to_markdown(title_text.get("text"))
    briefing.description = (plain(title_text.get("text")) or f"A timeline: {briefing.title}.")
    if len(briefing.description) > 200:
        briefing.description = briefing.description[:197].rsplit(" ", 1)[0] + "…"
    if title:
        media, link = media_entry(briefing, title, briefing.title, report, "title slide")
        if media and "kind" not in media:  # an image: into the brief, as Markdown
            said = " ".join(part for part in (plain(media.get("caption")),
                                             media.get("credit", "")) if part)
            link = f"![{media['alt']}]({media['src']})" + (f"\n\n*{said}*" if said else "")
        elif media:
            link = f"[{media.get('caption') or 'Media'}]({media['src']})"
        briefing.intro = "\n\n".join(part for part in (briefing.intro, link) if part)
    for number_, slide in enumerate(timeline.get("events") or [], 1):
        if isinstance(slide, dict):
            entry = event_entry(briefing, slide, number_, report)
            if entry is not None:
                briefing.events.append(entry)
    if timeline.get("eras"):
        report.note(f"{len(timeline['eras'])} era(s) dropped: the briefing format has no eras "
                    "(an event with a range of dates can stand for one)")
    if str(timeline.get("scale") or "human") != "human":
        report.note("the timeline's scale was not 'human'; the format keeps years 1 to 9999")
    return briefing


# -- writing the new briefing ----------------------------------------------------------


class Dumper(yaml.SafeDumper):
    """Writes text of several lines as a literal block, so it reads as it was written."""


def _text_as_written(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _text_as_written)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=88)


def site_yml(briefing: Briefing, language: str, updated: date) -> dict[str, Any]:
    site: dict[str, Any] = {"title": briefing.title, "description": briefing.description,
                            "language": language, "updated": updated.isoformat(),
                            "statuses": {}, "source_kinds": SOURCE_KINDS}
    if briefing.hosts:
        site["media_hosts"] = sorted(briefing.hosts)
    return site


def import_timelinejs(path: Path, into: Path, language: str = "en",
                      updated: date | None = None) -> Report:
    """Write a new briefing into `into` (new or empty) from a TimelineJS file."""
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise CannotImport(f"{into}: the folder is not empty (import into a new folder)")
    report = Report()
    briefing = briefing_of(read_timeline(path), path.stem, report)
    if not briefing.events:
        raise CannotImport(f"{path}: no slide has a date the briefing format can hold")
    timeline_source = {
        "id": TIMELINE_SOURCE, "outlet": briefing.title, "headline": briefing.title,
        "kind": "timeline", "published": "undated",
        "date_note": f"imported from the TimelineJS file {path.name}, which gives no date"}
    files = {
        "site.yml": dump(site_yml(briefing, language, updated or date.today())),
        "content/data/sources.yml": dump(
            {"sources": [timeline_source, *briefing.sources.values()]}),
        "content/data/events.yml": dump({"events": briefing.events}),
    }
    if briefing.intro:
        files["content/brief/1-introduction.md"] = (
            f"---\n{dump({'title': 'Introduction', 'order': 1})}---\n{briefing.intro}\n")
    for name, text in files.items():
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        report.written.append(name)
    report.events = len(briefing.events)
    return report
