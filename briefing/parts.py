"""How a long briefing is split into pages that stay readable (README, "Long briefings").

Part of the model stage: plain rules and numbers the model applies before it places
a single citation, since a citation's back-link names the page it stands on. Below
every threshold nothing is split: the home page holds the whole brief and every key
figure, the contested page every question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import unescape
from typing import Generic, NamedTuple, TypeVar

from .records import CheckedContent, DisputeRecord
from .timeline import TimelinePage

WORDS_PER_MINUTE = 220
"""Reading speed for the brief's reading time: words / 220, rounded up."""
BRIEF_SECTIONS_MAX = 12
"""More sections than this, or more words than BRIEF_WORDS_MAX, and the brief becomes
chapters: one page per section (brief-NAME.html), the home page listing them."""
BRIEF_WORDS_MAX = 5000
HOME_FACTS_MAX = 12
"""More key figures than this and the home page shows the first HOME_FACTS_SHOWN,
linking to figures.html, which holds them all."""
HOME_FACTS_SHOWN = 6
FIGURES_PER_PAGE = 100
"""Key figures per page of figures.html, figures-2.html, ... (each one flat page)."""
DISPUTES_MAX = 25
"""More contested questions than this and each gets its own page
(contested-ID.html); contested.html keeps the jump list of them all."""
FIRST_LINES_WORDS = 40
"""How many words of a chapter's first paragraph the home page shows."""

CITES = re.compile('<span class="cites">.*?</span>|\ue000\\d+\ue001', re.S)
"""A citation list, rendered or still a slot of the Markdown renderer."""
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w")
"""A word holds a letter or a digit: a dash or a stop left alone is not one."""
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)

T = TypeVar("T")
FEED = "feed.xml"
"""The Atom feed's filename; exports.py writes it when the base URL is absolute."""


class Page(NamedTuple):
    name: str
    filename: str
    title: str
    description: str
    intro_html: str


class NavLink(NamedTuple):
    title: str
    filename: str


class BriefSection(NamedTuple):
    anchor: str
    title: str
    html: str
    filename: str  # the page it is on: index.html, or its chapter's brief-NAME.html
    first_lines: str  # the start of its first paragraph, as plain text


class Part(NamedTuple, Generic[T]):
    """A page a long briefing is split into: a chapter of the brief (content: its
    BriefSection), a page of key figures (a list of Fact) or one contested question
    (its Dispute)."""

    page: Page  # its name (the filename without .html), title and description
    template: str  # chapter.html, figures.html or question.html
    parent: str  # the page it belongs to: index or contested
    content: T
    number: int  # its place in its sequence of pages, from 1
    previous: NavLink | None
    next: NavLink | None
    siblings: list[NavLink]  # every page of its sequence, itself among them


class DataFile(NamedTuple):
    """A machine-readable file the build writes, as the about page lists it."""

    filename: str
    title: str
    description: str


DATA_FILES = (
    DataFile("briefing.json", "The whole briefing (JSON)", "every event, key figure, "
             "contested question and source, with its citations"),
    DataFile("briefing.schema.json", "Its JSON Schema", "what each field of briefing.json "
             "holds"),
    DataFile("timeline.json", "The timeline for TimelineJS (JSON)", "the events, ready "
             "for a TimelineJS embed"),
    DataFile("sources.csv", "The sources (CSV)", "one row per document, with what it is "
             "cited for"),
)
"""The data files exports.py writes on every build, in the order the about page lists them."""


class Reading(NamedTuple):
    """How long the brief is: its words (citations left out) and minutes to read them."""

    words: int
    minutes: int


def plain_text(html: str, between: str = " ") -> str:
    """The words of rendered HTML, its tags replaced by `between` (inline markup: '')."""
    return " ".join(unescape(TAG.sub(between, html)).split())


def word_count(html: str) -> int:
    """The words a reader reads in rendered HTML, its citation lists left out."""
    return sum(1 for word in plain_text(CITES.sub(" ", html)).split() if WORD.search(word))


def reading(htmls: Sequence[str]) -> Reading:
    words = sum(word_count(html) for html in htmls)
    return Reading(words, -(-words // WORDS_PER_MINUTE) if words else 0)


def first_lines(html: str) -> str:
    """The start of the first paragraph as plain text (citation labels kept, so every
    claim still names its source), cut at FIRST_LINES_WORDS words with an ellipsis."""
    found = PARAGRAPH.search(html)
    words = plain_text(found[1] if found else html, between="").split()
    if len(words) <= FIRST_LINES_WORDS:
        return " ".join(words)
    return " ".join(words[:FIRST_LINES_WORDS]).rstrip(",;:") + " …"


def chaptered(sections: int, words: int) -> bool:
    """Whether the brief is split into one page per section."""
    return sections > BRIEF_SECTIONS_MAX or words > BRIEF_WORDS_MAX


def figures_file(index: int) -> str:
    """The page of figures.html, figures-2.html, ... holding the index-th key figure."""
    number = index // FIGURES_PER_PAGE + 1
    return "figures.html" if number == 1 else f"figures-{number}.html"


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def sequence(links: list[NavLink], number: int) -> tuple[NavLink | None, NavLink | None]:
    """The links before and after the number-th of a sequence of pages."""
    return (links[number - 1] if number else None,
            links[number + 1] if number + 1 < len(links) else None)


def chapters(brief: list[BriefSection]) -> list[Part[BriefSection]]:
    """One page per section of a long brief; none when the home page holds it."""
    own = [section for section in brief if section.filename != "index.html"]
    links = [NavLink(section.title, section.filename) for section in own]
    return [Part(Page(section.filename.removesuffix(".html"), section.filename, section.title,
                      section.first_lines, ""), "chapter.html", "index", section,
                 number + 1, *sequence(links, number), links)
            for number, section in enumerate(own)]


def figure_pages(facts: list[T]) -> list[Part[list[T]]]:
    """The pages holding every key figure, FIGURES_PER_PAGE each; none for no facts."""
    groups = chunks(facts, FIGURES_PER_PAGE)
    links = [NavLink(f"Page {number}", figures_file(number * FIGURES_PER_PAGE - 1))
             for number in range(1, len(groups) + 1)]
    parts = []
    for number, (group, link) in enumerate(zip(groups, links, strict=True)):
        title = "Key figures" + (f", page {number + 1} of {len(links)}" if len(links) > 1
                                 else "")
        page = Page(link.filename.removesuffix(".html"), link.filename, title,
                    "Every key figure of the briefing, each with its sources.", "")
        parts.append(Part(page, "figures.html", "index", list(group), number + 1,
                          *sequence(links, number), links))
    return parts


def question_pages(disputes: list[T], links: list[NavLink]) -> list[Part[T]]:
    """One page per contested question (links: each question and its page, in order)."""
    return [Part(Page(link.filename.removesuffix(".html"), link.filename, link.title,
                      f"How the sources answer: {link.title}", ""), "question.html",
                 "contested", dispute, number + 1, *sequence(links, number), [])
            for number, (dispute, link) in enumerate(zip(disputes, links, strict=True))]


SPLIT_SOURCES = 40
"""Past this many sources, or SPLIT_CITATIONS citations, each source gets a page of its own
(source-ID.html, with its back-links) and sources.html becomes a compact index: one page
with every back-link grows with the briefing (14 MB at 20,000 events)."""
SPLIT_CITATIONS = 1500


def one_page_each(content: CheckedContent, texts: list[str]) -> bool:
    """Whether the sources are too many, or cited too often, for one page."""
    if len(content.sources) > SPLIT_SOURCES:
        return True
    cited = sum(len(e.sources) for e in content.events)
    cited += sum(len(v.sources) for f in content.facts for v in f.values)
    cited += sum(len(p.sources) for d in content.disputes for p in d.positions)
    cited += sum(text.count("@") for text in texts)  # inline citations, roughly
    return cited > SPLIT_CITATIONS


LINK_INTO_SPLIT = re.compile(r'href="(timeline\.html|contested\.html)#([^"]+)"')


def moved_anchors(plan: Sequence[TimelinePage], disputes: Sequence[DisputeRecord],
                  own_pages: bool) -> dict[tuple[str, str], str]:
    """(page, anchor) -> the page it is on, for every event and question a split puts on a
    page of its own: a writer links timeline.html#EVENT or contested.html#QUESTION."""
    moved = {("timeline.html", event.id): page.filename for page in plan
             for event in page.events if page.filename != "timeline.html"}
    if own_pages:
        moved |= {("contested.html", d.id): f"contested-{d.id}.html" for d in disputes}
    return moved


def relinked(html: str, moved: dict[tuple[str, str], str]) -> str:
    """Links in the content to an event or a question, pointed at the page it is on (a
    position's anchor, QUESTION-N, follows its question)."""
    if not moved or "html#" not in html:
        return html

    def relink(match: re.Match) -> str:
        page, anchor = match[1], match[2]
        target = moved.get((page, anchor)) or moved.get((page, anchor.rsplit("-", 1)[0]))
        return f'href="{target}#{anchor}"' if target else match[0]

    return LINK_INTO_SPLIT.sub(relink, html)
