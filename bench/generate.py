#!/usr/bin/env python3
"""Write a synthetic briefing of N events in the project's own content format.

    python bench/generate.py N OUT

Deterministic: everything comes from `random.Random(N)`, nothing from the clock, so
the same N always gives the same files. OUT gets site.yml, content/pages/,
content/brief/, content/data/*.yml (events in files of 500) and a copy of the
project's templates/. Every source is cited, every `via` names one of the cited
source's credits, and every undated event placed `before:` another names a dated one.
"""

from __future__ import annotations

import calendar
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parent / "templates"
CHUNK = 500
"""Entries per fact-sheet file."""

WIRES = ("Reuters", "Bloomberg", "Financial Times", "CNBC", "Associated Press", "Caixin",
         "Nikkei Asia", "The Information", "Wall Street Journal", "South China Morning Post",
         "Global Times", "Xinhua", "Forbes", "Firstpost")
OUTLETS = ("The Daily Ledger", "Harbour Wire", "Northbound Review", "Circuit Weekly",
           "Market Desk", "Silicon Strait", "The Policy Lens", "Trade Window", "Dispatch Asia",
           "Fabline News", "Capital Brief", "Tech Frontier", "Unnamed news aggregator",
           "Unnamed blog", "Pacific Monitor", "The Export Letter")
LABELS = ("Yes", "No", "Not formally yet", "Not fully", "Not confirmed", "Too early to say")
KINDS = ("news report", "news report", "analysis", "blog", "aggregator")
STATUSES = ("reported", "reported", "reported", "confirmed", "expected", "denied")
SUBJECTS = ("The commerce ministry", "Customs officials", "Nvidia", "A provincial regulator",
            "Three cloud providers", "Analysts at a brokerage", "Lawmakers in Washington",
            "A memory supplier", "The chipmaker's chief executive", "Port authorities",
            "Two state-owned carriers", "A trade delegation", "Investors")
VERBS = ("approved", "paused", "reviewed", "announced", "delayed", "questioned", "confirmed",
         "denied", "expanded", "narrowed", "welcomed", "criticised")
OBJECTS = ("a batch of accelerator imports", "new licensing rules", "an export quota",
           "the review of pending orders", "a fee on each sale", "testing at outside labs",
           "shipments through Hong Kong", "a list of approved buyers", "its revenue forecast",
           "the end-use checks", "a plan to build local capacity", "the quarterly allocation")
TAILS = ("", " after weeks of talks", " for the second time this year", " without comment",
         ", according to people familiar with the matter", " in a short statement",
         " ahead of a state visit", " despite objections from suppliers")
ITEMS = ("orders placed before the deadline", "chips already in bonded warehouses",
         "servers assembled abroad", "units meant for research labs", "spare parts",
         "replacement boards", "cloud rental contracts")
UNITS = ("chips", "US dollars", "%", "servers", "orders", "")
HOLDERS = ("Unnamed officials quoted by a wire service", "An industry analyst",
           "People familiar with the matter", "A company spokesperson", "A trade newsletter",
           "Customs data as read by a blog")


@dataclass(frozen=True)
class Source:
    """What the generator needs to know to cite a source correctly."""

    id: str
    credits: tuple[str, ...]


class Dumper(yaml.SafeDumper):
    """Writes multi-line strings as literal blocks, so bodies read like hand-written YAML."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _str_representer)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=4096)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# -- references -------------------------------------------------------------------------


def reference(rng: random.Random, source: Source) -> str:
    """'id' or 'id via OUTLET', the outlet always one the source credits."""
    if source.credits and rng.random() < 0.5:
        return f"{source.id} via {rng.choice(source.credits)}"
    return source.id


def citation(rng: random.Random, sources: list[Source], first: Source | None = None) -> str:
    """An inline Pandoc citation of one or two sources: [@a] or [@a via X; @b]."""
    cited = [first or rng.choice(sources)]
    if rng.random() < 0.15:
        cited.append(rng.choice(sources))
    return "[" + "; ".join("@" + reference(rng, s) for s in cited) + "]"


def source_list(rng: random.Random, sources: list[Source], first: Source) -> list[str]:
    """A `sources:` list of one to three distinct references, starting with `first`."""
    picked = [first, *rng.sample(sources, min(len(sources), rng.randint(0, 2)))]
    unique = list({s.id: s for s in picked}.values())
    return [reference(rng, s) for s in unique]


# -- dates ------------------------------------------------------------------------------


def day(rng: random.Random, year: int, month: int) -> int:
    return rng.randint(1, calendar.monthrange(year, month)[1])


def plain_date(rng: random.Random) -> str:
    """A date written at a random precision: a day, a month, a range, a year, a part."""
    year, month = rng.randint(2019, 2026), rng.randint(1, 12)
    roll = rng.random()
    if roll < 0.60:
        return f"{year}-{month:02d}-{day(rng, year, month):02d}"
    if roll < 0.78:
        return f"{year}-{month:02d}"
    if roll < 0.87:
        last = calendar.monthrange(year, month)[1]
        start = rng.randint(1, last - 1)
        end = rng.randint(start + 1, min(last, start + 4))
        return f"{year}-{month:02d}-{start:02d}/{year}-{month:02d}-{end:02d}"
    if roll < 0.91:
        first = rng.randint(1, 11)
        return f"{year}-{first:02d}/{year}-{rng.randint(first + 1, 12):02d}"
    if roll < 0.95:
        return str(year)
    return f"{rng.choice(('early', 'mid', 'late'))} {year}"


def event_date(rng: random.Random, dated: list[str]) -> dict[str, str]:
    """The date keys of one event: mostly dated, some approximate, some undated."""
    roll = rng.random()
    if dated and roll < 0.06:
        return {"date": "undated", "before": rng.choice(dated),
                "date_note": "the report says only that it happened earlier"}
    if dated and roll < 0.08:
        return {"date": "undated", "after": rng.choice(dated),
                "date_note": "a later report refers to it as recent"}
    if dated and roll < 0.085:
        return {"date": "undated", "date_note": "no document dates it"}
    written = plain_date(rng)
    if roll > 0.95 and "/" not in written and " " not in written:
        return {"date": f"c. {written}", "date_note": "the source gives an approximate date"}
    return {"date": written}


# -- Markdown ---------------------------------------------------------------------------
#
# Two random streams, both seeded from N. `rng` draws the structure (ids, dates, sources,
# citations, the sentences' words) exactly as the generator did before its prose became
# realistic, so the same N still has the same events citing the same sources. `prose`
# (a Prose) draws what real briefings' text adds on top: links out, quotations, lists,
# tables, code, dashes and non-ASCII names, at the rates in RATES.

RATES = MappingProxyType({
    # Inline, drawn for every paragraph of every Markdown text:
    "link": 0.22,  # a link to an outside address, https://... (1 in 6 an autolink <...>)
    "quote": 0.20,  # a remark in curly quotes, with who said it
    "dash": 0.25,  # an em dash aside or an en dash range
    "name": 0.15,  # a name with letters outside ASCII (Zürich, São Paulo, 商务部, Łódź)
    "code": 0.04,  # inline code: a customs heading, an export class, a product code
    "sign": 0.04,  # a figure written +12% or ~15%
    "page_link": 0.04,  # a link to another entry of the site (timeline.html#ev-00012)
    # Blocks, drawn after each paragraph of an event body, a brief section or a position:
    "block_quote": 0.06,  # a block quote (> ...) ending in its attribution and citation
    "table": 0.015,  # a pipe table whose last column cites a source in each row
    # Lists: an event body has one in 20 % (as before); a brief section's paragraph in 15 %.
    "brief_list": 0.15,
    "numbered": 0.30,  # of lists: 1. 2. 3.
    "nested": 0.15,  # of lists: bullets with a second level; the rest are simple bullets
    # Brief sections: 1 to 3 paragraphs more than before, a heading (###) before each
    # paragraph after the first in half the cases once there are three, and a table in 10 %.
    "heading": 0.50,
    "brief_table": 0.10,
})
"""How often each feature of real briefing text appears; bench/README.md says why."""

LINK_SENTENCES = (
    "The [full notice]({url}) runs to a dozen pages.",
    "[The filing]({url}) gives the figures by quarter.",
    "An English summary is [on the regulator\u2019s site]({url}).",
    "The company\u2019s [statement]({url}) does not mention prices.",
    "[A transcript of the briefing]({url}) has the whole exchange.",
    "The list is archived at <{url}>.",
)
URLS = (
    "https://www.federalregister.gov/documents/{y}/{m:02d}/{d:02d}/{num}/revisions-to-the-ear",
    "https://www.bis.gov/press-release/{slug}",
    "https://english.mofcom.gov.cn/article/newsrelease/{y}{m:02d}/{num}.shtml",
    "https://www.sec.gov/Archives/edgar/data/1045810/{num}/nvda-{y}{m:02d}{d:02d}.htm",
    "https://nvidianews.nvidia.com/news/{slug}",
    "https://www1.hkexnews.hk/listedco/listconews/sehk/{y}/{m:02d}{d:02d}/{num}.pdf",
    "https://web.archive.org/web/{y}{m:02d}{d:02d}000000/https://www.example.com/{slug}",
    "https://www.customs.gov.cn/customs/302249/zfxxgk/{num}/index.html?lang=en&id={num}",
)
QUOTES = ("We are reviewing every application case by case", "Nothing has been decided yet",
          "The rules apply to every buyer equally", "Demand has not changed",
          "We have received no instruction from Beijing",
          "It is too early to say how many units will ship")
SPEAKERS = ("a ministry spokesperson said", "Jensen Huang told reporters in Taipei",
            "said Jörg Müller, an analyst in Zürich",
            "a customs officer in Shenzhen said", "the company said in a statement",
            "said Ana Conceição, who follows the sector from São Paulo",
            "said Zofia Łukasiewicz of a distributor in Łódź")
QUOTED_WORDS = ("The ministry called the talks \u201cconstructive\u201d and \u201congoing\u201d.",
                "One buyer described the approval as \u201cin principle only\u201d.",
                "The statement speaks of \u201corderly\u201d shipments.")
DASHED = ("The figure \u2014 about a fifth of the quota \u2014 was not confirmed.",
          "Deliveries are due in March\u2013April, the report says.",
          "Two outlets \u2014 one relaying the other \u2014 give the same number.",
          "The window runs 2024\u20132026 in one account and 2025\u20132026 in another.")
NAMED = ("A distributor in São Paulo said orders had slowed.",
         "Jörg Müller, an analyst in Zürich, called the move overdue.",
         "Beijing\u2019s commerce ministry (商务部) did not comment.",
         "A plant near Łódź assembles the boards.",
         "Nguyễn Thị Mai, a broker in Hanoi, expects delays.",
         "Çağlar Y\u0131lmaz of an Istanbul fund sold the shares.")
CODED = ("The chips fall under `ECCN 3A090`.", "Customs lists them under heading `8542.31`.",
         "The rule adds the flag `license_required` to each order.",
         "The boards ship as `HGX H200` modules.")
SIGNED = ("Orders rose +12% on the month.", "Prices are up ~15% since January.",
          "The allocation fell by ~8,000 units.", "Guidance moved +3% after the report.")
PAGE_LINKED = ("[An earlier report](timeline.html#{id}) said otherwise.",
               "See also [the entry for that step](timeline.html#{id}).")
WHO = ("Ministry of Commerce, in a statement", "Jensen Huang, Nvidia\u2019s chief executive",
       "Jörg Müller, analyst", "A customs notice",
       "Şebnem Ayd\u0131n, a trade lawyer in Istanbul")
LIST_INTROS = ("The report lists what is covered:", "The notice sets out the steps:",
               "What the filing names:")
SUBITEMS = ("units already paid for", "units still on order", "those bound for universities",
            "those held by resellers")
BUYERS = ("Alibaba", "ByteDance", "Tencent", "Baidu", "A lab in Zürich",
          "A cloud in São Paulo")
HEADINGS = ("What the filings show", "Who says so", "What is not known", "Dates and sources",
            "How the figures differ")


def sentence(rng: random.Random, cite: str = "") -> str:
    obj = rng.choice(OBJECTS)
    roll = rng.random()
    if roll < 0.15:
        obj = f"*{obj}*"
    elif roll < 0.25:
        obj = f"**{obj}**"
    tail = f" {cite}" if cite else ""
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj}{rng.choice(TAILS)}{tail}."


class Prose:
    """What real briefing text carries besides plain cited sentences, drawn at RATES from
    its own random stream; every citation it writes names a real source."""

    def __init__(self, rng: random.Random, sources: list[Source]) -> None:
        self.rng = rng
        self.sources = sources

    def chance(self, feature: str) -> bool:
        return self.rng.random() < RATES[feature]

    def url(self) -> str:
        r = self.rng
        return r.choice(URLS).format(y=r.randint(2019, 2026), m=r.randint(1, 12),
                                     d=r.randint(1, 28), num=r.randint(10**5, 10**7),
                                     slug=slug(r.choice(OBJECTS)))

    def paragraph(self, text: str, linkable: Sequence[str] = ()) -> str:
        """A paragraph with the inline features drawn for it, as sentences added at its
        end (or, for one in four, its start). linkable: event ids it may link to."""
        r = self.rng
        added = []
        if self.chance("link"):
            added.append(r.choice(LINK_SENTENCES).format(url=self.url()))
        if self.chance("quote"):
            added.append(f"\u201c{r.choice(QUOTES)},\u201d {r.choice(SPEAKERS)}."
                         if r.random() < 0.6 else r.choice(QUOTED_WORDS))
        for feature, choices in (("dash", DASHED), ("name", NAMED), ("code", CODED),
                                 ("sign", SIGNED)):
            if self.chance(feature):
                added.append(r.choice(choices))
        if self.chance("page_link") and linkable:
            added.append(r.choice(PAGE_LINKED).format(id=r.choice(linkable)))
        for extra in added:
            text = f"{extra} {text}" if r.random() < 0.25 else f"{text} {extra}"
        return text

    def blocks(self, table: bool = True) -> list[str]:
        """The blocks drawn to follow one paragraph: a block quote, a table."""
        found = []
        if self.chance("block_quote"):
            found.append(self.block_quote())
        if table and self.chance("table"):
            found.append(self.table())
        return found

    def block_quote(self) -> str:
        first, second = self.rng.sample(QUOTES, 2)
        return (f"> \u201c{first}. {second}.\u201d\n>\n"
                f"> \u2014 {self.rng.choice(WHO)} {citation(self.rng, self.sources)}")

    def table(self) -> str:
        rows = [f"| {buyer} | {self.rng.randint(1, 400) * 1000:,} "
                f"| {citation(self.rng, self.sources)} |"
                for buyer in self.rng.sample(BUYERS, self.rng.randint(2, 4))]
        return "\n".join(["| Buyer | Units | Reported by |", "|---|---:|---|", *rows])

    def listing(self, items: list[str]) -> str:
        """A list of items: simple bullets, numbered, or bullets with a second level."""
        r = self.rng
        intro = r.choice(LIST_INTROS)
        roll = r.random()
        if roll < RATES["numbered"]:
            lines = [f"{number}. {item}" for number, item in enumerate(items, 1)]
            lines[-1] += f" {citation(r, self.sources)}"
        elif roll < RATES["numbered"] + RATES["nested"]:
            lines = []
            for item in items:
                lines.append(f"- {item}")
                if r.random() < 0.5 or item == items[0]:
                    lines += [f"    - {sub}" for sub in r.sample(SUBITEMS, 2)]
        else:
            lines = [f"- {item}" for item in items]
        return intro + "\n\n" + "\n".join(lines)

    def extra_paragraph(self) -> str:
        return " ".join(sentence(self.rng, citation(self.rng, self.sources))
                        for _ in range(self.rng.randint(2, 4)))


def body(rng: random.Random, sources: list[Source], first: Source, prose: Prose,
         earlier: Sequence[str]) -> str:
    """Two to four sentences with at least one citation, dressed by prose; sometimes a
    block quote, a table or a list. earlier: the ids of events made before this one."""
    count = rng.randint(2, 4)
    cited_at = rng.randrange(count)
    sentences = [sentence(rng, citation(rng, sources, first) if i == cited_at else "")
                 for i in range(count)]
    blocks = [prose.paragraph(" ".join(sentences), earlier), *prose.blocks()]
    if rng.random() < 0.2:
        blocks.append(prose.listing(rng.sample(ITEMS, rng.randint(2, 3))))
    return "\n\n".join(blocks) + ("\n" if len(blocks) > 1 else "")


def paragraphs(rng: random.Random, sources: list[Source], count: int, prose: Prose,
               events: Sequence[str]) -> str:
    """Markdown paragraphs of cited sentences, for page intros, each dressed by prose."""
    return "\n\n".join(
        prose.paragraph(" ".join(sentence(rng, citation(rng, sources))
                                 for _ in range(rng.randint(2, 4))), events)
        for _ in range(count)
    ) + "\n"


def brief_section(rng: random.Random, sources: list[Source], prose: Prose,
                  events: Sequence[str]) -> str:
    """A brief section: the paragraphs drawn as before and 1 to 3 more, with headings
    once it is long, and the blocks and lists drawn after each paragraph."""
    texts = [" ".join(sentence(rng, citation(rng, sources)) for _ in range(rng.randint(2, 4)))
             for _ in range(rng.randint(1, 3))]
    texts += [prose.extra_paragraph() for _ in range(prose.rng.randint(1, 3))]
    blocks: list[str] = []
    table_drawn = prose.chance("brief_table")
    headings = prose.rng.sample(HEADINGS, len(HEADINGS))
    for index, text in enumerate(texts):
        if index and len(texts) >= 3 and prose.chance("heading"):
            blocks.append(f"### {headings.pop()}")
        blocks += [prose.paragraph(text, events), *prose.blocks(table=False)]
        if prose.chance("brief_list"):
            blocks.append(prose.listing(prose.rng.sample(ITEMS, prose.rng.randint(2, 4))))
        if table_drawn and index == len(texts) // 2:
            blocks.append(prose.table())
    return "\n\n".join(blocks) + "\n"


# -- records ----------------------------------------------------------------------------


def make_sources(rng: random.Random, count: int,
                 prose: Prose) -> tuple[list[Source], list[dict]]:
    """The source records, and what citing needs to know about each."""
    made: list[Source] = []
    records = []
    for number in range(1, count + 1):
        outlet = rng.choice(OUTLETS)
        credits = tuple(rng.sample(WIRES, rng.randint(1, 4))) if rng.random() < 0.7 else ()
        source = Source(f"{slug(outlet)}-{number}", credits)
        records.append(source_record(rng, source, outlet, made, prose))
        made.append(source)
    return made, records


def source_record(rng: random.Random, source: Source, outlet: str,
                  earlier: list[Source], prose: Prose) -> dict:
    """One source entry; its notes may cite an earlier source (so never in a loop), and
    prose adds no citation to them."""
    record: dict[str, Any] = {"id": source.id, "outlet": outlet}
    if rng.random() < 0.4:
        record["short"] = f"{outlet.split()[-1]} {source.id.rsplit('-', 1)[1]}"
    words = rng.sample(OBJECTS, 2)
    record["headline"] = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {words[0]}…"
    record["kind"] = rng.choice(KINDS)
    if rng.random() < 0.4:
        record["author"] = rng.choice(("A. Chen", "M. Okafor", "L. Moreau", "S. Ito", "R. Diaz"))
    if rng.random() < 0.3:
        record["published"] = "undated"
        record["date_note"] = "the page gives no date"
    else:
        record["published"] = plain_date(rng)
    if source.credits:
        record["credits"] = list(source.credits)
    if rng.random() < 0.5:
        record["url"] = f"https://example.org/{source.id}"
    if rng.random() < 0.3:
        note = "Relays wire copy with little reporting of its own."
        if earlier and rng.random() < 0.5:
            note += f" It repeats an earlier account {citation(rng, earlier)}."
        record["notes"] = prose.paragraph(note)
    return record


def make_events(rng: random.Random, count: int, sources: list[Source],
                prose: Prose) -> list[dict]:
    """Events whose first source cycles through every source, so each one is cited."""
    dated: list[str] = []
    made: list[str] = []
    events = []
    for number in range(1, count + 1):
        ident = f"ev-{number:05d}"
        first = sources[(number - 1) % len(sources)]
        when = event_date(rng, dated)
        if when["date"] != "undated":
            dated.append(ident)
        title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({number})"
        events.append({"id": ident, **when, "title": title, "status": rng.choice(STATUSES),
                       "sources": source_list(rng, sources, first),
                       "body": body(rng, sources, first, prose, made)})
        made.append(ident)
    return events


def make_facts(rng: random.Random, count: int, sources: list[Source], prose: Prose,
               events: Sequence[str]) -> list[dict]:
    facts = []
    for number in range(1, count + 1):
        fact: dict[str, Any] = {"id": f"fact-{number:04d}",
                                "label": f"Units in allocation round {number}"}
        unit = rng.choice(UNITS)
        if unit:
            fact["unit"] = unit
        if rng.random() < 0.5:
            fact["as_of"] = plain_date(rng)
        if rng.random() < 0.35:
            fact["values"] = [fact_value(rng, sources, prose, events)
                              for _ in range(rng.randint(2, 3))]
        else:
            fact.update(fact_value(rng, sources, prose, events))
        facts.append(fact)
    return facts


def fact_value(rng: random.Random, sources: list[Source], prose: Prose,
               events: Sequence[str]) -> dict:
    value: dict[str, Any] = {"value": f"more than {rng.randint(1, 900) * 1000:,}",
                             "sources": source_list(rng, sources, rng.choice(sources))}
    if rng.random() < 0.3:
        value["note"] = prose.paragraph(
            f"Counts orders, not deliveries {citation(rng, sources)}.", events)
    return value


def make_disputes(rng: random.Random, count: int, sources: list[Source], prose: Prose,
                  events: Sequence[str]) -> list[dict]:
    disputes = []
    for number in range(1, count + 1):
        settled = rng.random() < 0.25
        dispute: dict[str, Any] = {
            "id": f"dispute-{number:04d}",
            "question": f"How many units were cleared in round {number}?",
            "why_it_matters": prose.paragraph(sentence(rng, citation(rng, sources)), events),
            "status": "settled" if settled else "open",
        }
        if settled:
            dispute["settled_by"] = prose.paragraph(sentence(rng, citation(rng, sources)),
                                                    events)
        dispute["would_settle"] = prose.paragraph(
            "Licence figures from the ministry, or shipment data.", events)
        dispute["positions"] = [position(rng, sources, prose, events)
                                for _ in range(rng.randint(2, 4))]
        disputes.append(dispute)
    return disputes


def position(rng: random.Random, sources: list[Source], prose: Prose,
             events: Sequence[str]) -> dict:
    claim = sentence(rng, citation(rng, sources) if rng.random() < 0.5 else "")
    claim = "\n\n".join([prose.paragraph(claim, events), *prose.blocks(table=False)])
    label = LABELS[len(claim) % len(LABELS)]  # no draw from rng: the corpus stays the same
    return {"claim": claim, "label": label, "held_by": rng.choice(HOLDERS),
            "sources": source_list(rng, sources, rng.choice(sources))}


# -- files ------------------------------------------------------------------------------


SITE_YML = """\
# A synthetic briefing written by bench/generate.py for benchmarks.
title: "Synthetic briefing of {n} events"
description: A generated briefing used to time the generator at scale.
language: en
updated: 2026-11-22
navigation:
  - title: Briefing
    page: index
  - title: Timeline
    page: timeline
  - title: What's contested
    page: contested
  - title: Sources
    page: sources
"""

MONTH_PAGES_FROM = 3000
MONTH_PAGES = """\
# Thousands of events over 2019-2026: a page a year would hold more than 600 events, which
# `check` warns about, naming this setting; a newsroom at this size pages by month.
timeline_pages: month
"""

PAGES = {
    "index": ("Synthetic briefing", "A generated briefing for benchmarks."),
    "timeline": ("Timeline", "Every generated event, in date order, with its sources."),
    "sources": ("Sources", "Every generated document, with links back to each claim."),
    "contested": ("What's contested", "The generated questions the sources answer differently."),
    "404": ("Page not found", "This page does not exist."),
}


def markdown_file(front: dict, text: str) -> str:
    return f"---\n{dump(front)}---\n{text}"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_sheets(data: Path, name: str, records: list[dict]) -> None:
    """Split one kind of record over files of CHUNK entries: events-001.yml, ..."""
    for start in range(0, len(records), CHUNK):
        part = start // CHUNK + 1
        header = f"# Synthetic {name}, part {part}; written by bench/generate.py.\n"
        write(data / f"{name}-{part:03d}.yml", header + dump({name: records[start:start + CHUNK]}))


def write_pages(content: Path, rng: random.Random, sources: list[Source], prose: Prose,
                events: Sequence[str]) -> None:
    for name, (title, description) in PAGES.items():
        text = "There is no page at this address.\n" if name == "404" else paragraphs(
            rng, sources, 1, prose, events)
        write(content / "pages" / f"{name}.md",
              markdown_file({"title": title, "description": description}, text))


def write_brief(content: Path, rng: random.Random, sources: list[Source], count: int,
                prose: Prose, events: Sequence[str]) -> None:
    for number in range(1, count + 1):
        front = {"title": f"Section {number}: {rng.choice(OBJECTS)}", "order": number}
        write(content / "brief" / f"{number:04d}.md",
              markdown_file(front, brief_section(rng, sources, prose, events)))


MARKER = ".bench-generated"
"""Written into OUT, so that only a folder this script made is ever removed."""


def clear(out: Path) -> None:
    """Remove a previous generated site; refuse any other non-empty folder."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not written by generate.py")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("written by bench/generate.py; removed whole on regeneration\n")


def generate(n: int, out: Path) -> None:
    """Write the whole synthetic project for N events into `out`."""
    rng = random.Random(n)
    prose = Prose(random.Random(f"{n} prose"), [])
    sources, source_records = make_sources(rng, max(5, n // 10), prose)
    prose.sources = sources  # source notes get no citation from prose: never a loop
    events = make_events(rng, n, sources, prose)
    ids = [event["id"] for event in events]
    facts = make_facts(rng, max(2, n // 20), sources, prose, ids)
    disputes = make_disputes(rng, max(1, n // 20), sources, prose, ids)
    content = out / "content"
    clear(out)
    write(out / "site.yml", SITE_YML.format(n=n) + (MONTH_PAGES if n >= MONTH_PAGES_FROM else ""))
    write_pages(content, rng, sources, prose, ids)
    write_brief(content, rng, sources, max(1, n // 50), prose, ids)
    data = content / "data"
    write_sheets(data, "sources", source_records)
    write_sheets(data, "events", events)
    write_sheets(data, "facts", facts)
    write_sheets(data, "disputes", disputes)
    shutil.copytree(TEMPLATES, out / "templates")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        print("usage: generate.py N OUT   (N events, at least 1)", file=sys.stderr)
        return 2
    generate(int(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
