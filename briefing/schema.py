"""The content format, declared once: every record, every key, one line of doc each.

Validation checks content against these declarations and the README's format
reference is checked against them by the test suite, so the three never drift.
"""

from __future__ import annotations

import re
from typing import NamedTuple

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""What an id (and a page name) may be: lower-case letters, digits and hyphens."""
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                       "\ufdd0-\ufdef\ufffe\uffff]")
"""Characters no text may hold: controls (tab, line feed and carriage return aside; a
form feed makes XML ill-formed), noncharacters, and the bidi embedding, override and
isolate controls, which left unclosed reverse the text after them. YAML's escapes
("\x01", "\u202e") can still put them in a value."""
RESERVED_ANCHORS = re.compile(
    r"^(?:main|key-figures|read-more|in-brief|brief|questions|data-files|undated(?:-(?:before|after)-.*)?|cite-\d+|\d{4}|\d{3}0s|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|early|mid|late)-\d{4}|\d{4}-month-not-given|\d{3}0s-year-not-given)$")
"""Anchors the pages make themselves (the skip link's target, the home page's sections,
citations, the timeline's groups): an event or dispute id may not take one."""
SPLIT_PAGES = re.compile(r"^(?:figures(?:-\d+)?|brief-.+|contested-.+|timeline-.+|source-.+)$")
"""Names of the pages a long briefing is split into (README, "Long briefings"; the
timeline's period pages and the sources' own pages too): a
content/pages/NAME.md may not take one."""
STORY_ITEMS = (3, 5)
"""How many items the home page's story in 30 seconds (`in_brief`) should have."""
MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
"""Files under content/ with these endings are images a briefing may show."""
MEDIA_KINDS = ("image", "video", "audio")
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "ins", "li", "mark", "ol", "p", "pre", "q", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
"""The HTML the content may hold (written as Markdown or raw): all else is removed."""
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "aria-label"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
}
"""No id and no class: those are the generator's, so content cannot pass for a citation
(class="cite") or take a back-link's target (id="src-...")."""
URL_SCHEMES = {"http", "https", "mailto"}
"""Relative links stay; javascript:, data: and every other scheme are removed."""
PAGE_NAMES = ("index", "timeline", "sources", "contested", "404", "search")
"""The pages the generator makes, each through its own template: the home page and the
404 page always, the others when there is content for them (events, sources, disputes).
content/pages/NAME.md may give one an intro, title and description. Any other
content/pages/NAME.md is a page of its own, rendered through templates/page.html."""
PAGE_CONTENT = {"timeline": "events", "sources": "sources", "contested": "disputes"}
"""The page each kind of fact-sheet entry brings: no disputes, no contested page."""
DEFAULT_PAGES = {
    "timeline": ("Timeline", "Every event in date order, with its sources."),
    "sources": ("Sources", "Every document the briefing draws on, and what it is cited for."),
    "contested": ("What's contested", "The questions the sources answer differently."),
    "404": ("Page not found", "There is no page at this address."),
    "search": ("Search", "Search every page of the briefing."),
}
"""Title and description of a page with no content/pages/NAME.md (the home page takes
the site's own)."""
SOURCE_KINDS = ("news report", "analysis", "blog", "aggregator")
"""The kinds a source may be when site.yml names none (`source_kinds`)."""
EVENT_STATUSES = ("reported", "confirmed", "expected", "denied")
"""The statuses an event may have when site.yml names none (`statuses`), each with a
badge labelled with its name, capitalised."""
DISPUTE_STATUSES = ("open", "settled")
SEARCH_AUTO_EVENTS = 300
"""`search: auto` turns search on past this many events, where the timeline splits into
period pages (timeline.SPLIT_OVER) and the browser's own find no longer covers it. Below
it the briefing is a handful of pages the browser's find searches, and an index would add
about 0.6 MB of script and WebAssembly and a looser Content-Security-Policy for little."""


class Key(NamedTuple):
    """One key of a record.

    kind is one of: text, markdown, number, flag, when, published, id, event-id, page,
    choice, references, texts, source-ids, url, records, record (one entry of `record`),
    vocabulary (a mapping of names, each to a `record`), status and source-kind (one of
    site.yml's vocabularies), media-src.
    """

    name: str
    kind: str
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    record: Record | None = None


class Record(NamedTuple):
    name: str
    doc: str
    keys: tuple[Key, ...] = ()

    def key(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)


NAV_ITEM = Record(
    "navigation item",
    "One link in the site's navigation.",
    (
        Key("title", "text", "The link text.", required=True),
        Key("page", "page", "The page it opens: index, timeline, contested, sources, or the "
            "name of any other content/pages/NAME.md.", required=True),
    ),
)

MEDIA = Record(
    "media",
    "A picture, or a video or recording shown as a linked card (never embedded).",
    (
        Key("src", "media-src", "The image: a path under content/ (e.g. media/map.png) or an "
            "https:// address on a host site.yml's media_hosts allows. For a video or audio: "
            "the https:// address of the page that plays it.", True),
        Key("kind", "choice", "image (the default), video or audio.", choices=MEDIA_KINDS),
        Key("alt", "text", "What the image shows, for those who cannot see it. Required for "
            "an image."),
        Key("caption", "markdown", "A caption, shown under it."),
        Key("credit", "text", "Who made it, e.g. 'Alfred Edward Chalon / Wikimedia Commons'."),
        Key("credit_source", "id", "The id of a source the credit links to."),
    ),
)

STATUS = Record(
    "status",
    "One event status of site.yml's statuses: `name: {label: ..., badge: ...}`.",
    (
        Key("label", "text", "How pages and exports name it. Default: the name, capitalised."),
        Key("badge", "flag", "false: the status is kept in the data but shows no badge."),
    ),
)

SITE = Record(
    "site.yml",
    "Settings for the whole site.",
    (
        Key("title", "text", "The site's name, shown on every page and in its title.", True),
        Key("description", "text", "One sentence describing the briefing.", True),
        Key("language", "text", "The content's language as a BCP 47 tag, e.g. 'en'.", True),
        Key(
            "base_url",
            "url",
            "Absolute URL the site is published at, used only for canonical links; "
            "'--base-url' overrides it. Leave it out and every link stays relative.",
        ),
        Key(
            "updated",
            "when",
            "The day the briefing was last updated (YYYY-MM-DD). Without it, "
            "SOURCE_DATE_EPOCH gives the day; the wall clock never does.",
        ),
        Key("navigation", "records", "The links of the navigation bar. Default: every page "
            "the site has, the home page first.", record=NAV_ITEM),
        Key("statuses", "vocabulary", "The statuses an event may have. Default: reported, "
            "confirmed, expected and denied, each with a badge; `statuses: {}` for none.",
            record=STATUS),
        Key("timeline_groups", "choice", "How a one-page timeline groups its events. "
            "Default: by month for a span of up to 3 years, by year up to 60, by decade "
            "beyond. Period pages group by the next finer unit (a year's page by month).",
            choices=("month", "year", "decade")),
        Key("timeline_pages", "choice", "How the timeline is paged. Default, auto: one page "
            "up to 300 events, one page per year beyond. single: always one page; month, "
            "year or decade: one page per period, listed on timeline.html. An event's page "
            "depends only on its own date, so adding events never moves one already "
            "published; set it before a story grows past 300 events to keep its first "
            "addresses too.",
            choices=("auto", "single", "month", "year", "decade")),
        Key("media_hosts", "texts", "Hosts that may serve images shown on the site, e.g. "
            "upload.wikimedia.org; the site's Content-Security-Policy allows exactly these. "
            "Default: none, only images under content/."),
        Key("source_kinds", "texts", "The kinds a source may be. Default: news report, "
            "analysis, blog, aggregator; name your own, e.g. encyclopedia, archive, video."),
        Key("search", "choice", "A search page (Pagefind: `pip install 'briefing[search]'`) "
            "and a search form on every page. Default: auto, on past 300 events, where the "
            "timeline splits into pages.",
            choices=("auto", "on", "off")),
    ),
)

PAGE = Record(
    "page front matter",
    "Front matter of content/pages/NAME.md, the intro of one page.",
    (
        Key("title", "text", "The page's heading and title.", True),
        Key("description", "text", "One sentence for search engines and link previews.", True),
        Key("in_brief", "markdowns", "Only in content/pages/index.md: the story in 30 "
            "seconds, shown first on the home page. Three to five items, each one sentence "
            "of Markdown with at least one [@id] citation."),
    ),
)

BRIEF = Record(
    "brief front matter",
    "Front matter of content/brief/*.md, one section of the home page's brief.",
    (
        Key("title", "text", "The section's heading, e.g. 'What happened'.", True),
        Key("order", "number", "Where the section stands in the brief, smallest first.", True),
        Key("draft", "flag", "true: left out of every build unless --drafts is given."),
    ),
)

SOURCE = Record(
    "source",
    "A document the briefing draws on.",
    (
        Key("id", "id", "Short unique name used to cite it: [@id].", True),
        Key("outlet", "text", "Who published it; say 'Unnamed ...' when the page does not.", True),
        Key("short", "text", "Shorter name for citation links; defaults to outlet."),
        Key("headline", "text", "Its headline (shortened with '…' past seven words).", True),
        Key("kind", "source-kind", "What sort of document it is: one of site.yml's "
            "source_kinds."),
        Key("author", "text", "The byline, only when the document gives one."),
        Key(
            "published",
            "published",
            "Publication date (any date form), or 'undated' when the document gives none.",
            True,
        ),
        Key(
            "date_note",
            "text",
            "What is known of the date, e.g. 'page says: last updated 21 hours ago'. "
            "Required when published is 'undated'.",
        ),
        Key("credits", "texts", "Outlets the document credits for its reporting."),
        Key("relays", "source-ids", "Sources whose reporting this document repeats (ids): "
            "a claim citing both counts one outlet, not two."),
        Key("perspective", "text", "Optional label for the source's point of view."),
        Key("url", "url", "The document's address, only when one is known. Never guess one."),
        Key("notes", "markdown", "Anything else a reader should know about the source."),
        Key("draft", "flag", "true: left out of every build unless --drafts is given."),
    ),
)

EVENT = Record(
    "event",
    "One entry of the timeline.",
    (
        Key("id", "id", "Unique name; also the event's permalink anchor.", True),
        Key("date", "when", "When it happened, at the precision the sources give.", True),
        Key("date_note", "text", "How the date is known, e.g. 'the FT reported it last week'."),
        Key(
            "before",
            "event-id",
            "For an undated event: a dated event it is reported to precede.",
        ),
        Key("after", "event-id", "For an undated event: a dated event it is reported to follow."),
        Key("title", "text", "One line saying what happened.", True),
        Key("group", "text", "A strand of the story the event belongs to, e.g. 'Science' "
            "(TimelineJS's group): shown beside its date, kept in timeline.json."),
        Key("body", "markdown", "Details, in Markdown, with [@id] citations."),
        Key("media", "record", "A picture, or a video or recording, for the event.",
            record=MEDIA),
        Key("status", "status", "How firm the report is: one of site.yml's statuses."),
        Key("sources", "references", "The sources reporting it: id or 'id via OUTLET'.", True),
        Key("draft", "flag", "true: left out of every build unless --drafts is given."),
    ),
)

FACT_VALUE = Record(
    "fact value",
    "One value of a fact as one set of sources gives it.",
    (
        Key("value", "text", "The value as the sources state it, e.g. 'more than 400,000'.", True),
        Key("sources", "references", "The sources giving this value.", True),
        Key("note", "markdown", "A qualification, e.g. 'interest, not orders'."),
        Key("low", "number", "The smallest number the value allows, when the chart should "
            "not read it from the text: with `high` a band, alone a value open to the "
            "right."),
        Key("high", "number", "The largest number the value allows: with `low` a band, "
            "alone a value open to the left."),
    ),
)

FACT = Record(
    "fact",
    "A key figure. Give value and sources, or values when sources differ.",
    (
        Key("id", "id", "Unique name; also its anchor on the home page.", True),
        Key("label", "text", "What is measured, e.g. 'Chips in the first approved batch'.", True),
        Key("unit", "text", "The unit, e.g. 'chips' or 'US$'."),
        Key("as_of", "when", "When the figure holds."),
        Key("value", "text", "The value, when all sources agree."),
        Key("sources", "references", "The sources of value."),
        Key("note", "markdown", "A qualification of value."),
        Key("values", "records", "Every value the sources give, each with its sources.",
            record=FACT_VALUE),
        Key("media", "record", "A picture for the figure, e.g. a chart from a source.",
            record=MEDIA),
        Key("draft", "flag", "true: left out of every build unless --drafts is given."),
    ),
)

POSITION = Record(
    "position",
    "One answer to a disputed question.",
    (
        Key("claim", "markdown", "What is claimed.", True),
        Key("label", "text", "Its answer in a few words, e.g. 'Yes' or 'Not formally yet': "
            "the position's heading. Without it the page says 'Position 1' (and the check "
            "warns)."),
        Key("held_by", "text", "Who claims it, as the sources name them.", True),
        Key("sources", "references", "The sources behind it: id or 'id via OUTLET'.", True),
    ),
)

DISPUTE = Record(
    "dispute",
    "An open or settled question on the contested page.",
    (
        Key("id", "id", "Unique name; also its anchor.", True),
        Key("question", "text", "The question, e.g. 'How many chips were approved?'.", True),
        Key("why_it_matters", "markdown", "Why the answer matters.", True),
        Key("status", "choice", "Whether later reporting settled it.", True,
            choices=DISPUTE_STATUSES),
        Key("settled_by", "markdown", "How it was settled; required when status is settled."),
        Key("would_settle", "markdown", "What evidence would settle it.", True),
        Key("positions", "records", "The answers given, at least two.", True, record=POSITION),
        Key("draft", "flag", "true: left out of every build unless --drafts is given."),
    ),
)

FACT_SHEET = Record(
    "fact sheet",
    "Any content/**/*.yml file: lists of records under these keys, merged across files.",
    (
        Key("sources", "records", "Documents the briefing draws on.", record=SOURCE),
        Key("events", "records", "Timeline entries.", record=EVENT),
        Key("facts", "records", "Key figures.", record=FACT),
        Key("disputes", "records", "Contested questions.", record=DISPUTE),
    ),
)

ALL_RECORDS = (SITE, NAV_ITEM, STATUS, PAGE, BRIEF, FACT_SHEET, SOURCE, EVENT, MEDIA, FACT,
               FACT_VALUE, DISPUTE, POSITION)
