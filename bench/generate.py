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
from dataclasses import dataclass
from pathlib import Path
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


def sentence(rng: random.Random, cite: str = "") -> str:
    obj = rng.choice(OBJECTS)
    roll = rng.random()
    if roll < 0.15:
        obj = f"*{obj}*"
    elif roll < 0.25:
        obj = f"**{obj}**"
    tail = f" {cite}" if cite else ""
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj}{rng.choice(TAILS)}{tail}."


def body(rng: random.Random, sources: list[Source], first: Source) -> str:
    """Two to four sentences with at least one citation; sometimes a list."""
    count = rng.randint(2, 4)
    cited_at = rng.randrange(count)
    sentences = [sentence(rng, citation(rng, sources, first) if i == cited_at else "")
                 for i in range(count)]
    text = " ".join(sentences)
    if rng.random() < 0.2:
        items = rng.sample(ITEMS, rng.randint(2, 3))
        text += "\n\nThe report lists what is covered:\n\n" + "\n".join(f"- {i}" for i in items)
        text += "\n"
    return text


def paragraphs(rng: random.Random, sources: list[Source], count: int) -> str:
    """Markdown paragraphs of cited sentences, for the brief and page intros."""
    return "\n\n".join(
        " ".join(sentence(rng, citation(rng, sources)) for _ in range(rng.randint(2, 4)))
        for _ in range(count)
    ) + "\n"


# -- records ----------------------------------------------------------------------------


def make_sources(rng: random.Random, count: int) -> tuple[list[Source], list[dict]]:
    """The source records, and what citing needs to know about each."""
    made: list[Source] = []
    records = []
    for number in range(1, count + 1):
        outlet = rng.choice(OUTLETS)
        credits = tuple(rng.sample(WIRES, rng.randint(1, 4))) if rng.random() < 0.7 else ()
        source = Source(f"{slug(outlet)}-{number}", credits)
        records.append(source_record(rng, source, outlet, made))
        made.append(source)
    return made, records


def source_record(rng: random.Random, source: Source, outlet: str,
                  earlier: list[Source]) -> dict:
    """One source entry; its notes may cite an earlier source (so never in a loop)."""
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
        record["notes"] = note
    return record


def make_events(rng: random.Random, count: int, sources: list[Source]) -> list[dict]:
    """Events whose first source cycles through every source, so each one is cited."""
    dated: list[str] = []
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
                       "body": body(rng, sources, first)})
    return events


def make_facts(rng: random.Random, count: int, sources: list[Source]) -> list[dict]:
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
            fact["values"] = [fact_value(rng, sources) for _ in range(rng.randint(2, 3))]
        else:
            fact.update(fact_value(rng, sources))
        facts.append(fact)
    return facts


def fact_value(rng: random.Random, sources: list[Source]) -> dict:
    value: dict[str, Any] = {"value": f"more than {rng.randint(1, 900) * 1000:,}",
                             "sources": source_list(rng, sources, rng.choice(sources))}
    if rng.random() < 0.3:
        value["note"] = f"Counts orders, not deliveries {citation(rng, sources)}."
    return value


def make_disputes(rng: random.Random, count: int, sources: list[Source]) -> list[dict]:
    disputes = []
    for number in range(1, count + 1):
        settled = rng.random() < 0.25
        dispute: dict[str, Any] = {
            "id": f"dispute-{number:04d}",
            "question": f"How many units were cleared in round {number}?",
            "why_it_matters": sentence(rng, citation(rng, sources)),
            "status": "settled" if settled else "open",
        }
        if settled:
            dispute["settled_by"] = sentence(rng, citation(rng, sources))
        dispute["would_settle"] = "Licence figures from the ministry, or shipment data."
        dispute["positions"] = [position(rng, sources) for _ in range(rng.randint(2, 4))]
        disputes.append(dispute)
    return disputes


def position(rng: random.Random, sources: list[Source]) -> dict:
    claim = sentence(rng, citation(rng, sources) if rng.random() < 0.5 else "")
    return {"claim": claim, "held_by": rng.choice(HOLDERS),
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


def write_pages(content: Path, rng: random.Random, sources: list[Source]) -> None:
    for name, (title, description) in PAGES.items():
        text = "There is no page at this address.\n" if name == "404" else paragraphs(
            rng, sources, 1)
        write(content / "pages" / f"{name}.md",
              markdown_file({"title": title, "description": description}, text))


def write_brief(content: Path, rng: random.Random, sources: list[Source], count: int) -> None:
    for number in range(1, count + 1):
        front = {"title": f"Section {number}: {rng.choice(OBJECTS)}", "order": number}
        write(content / "brief" / f"{number:04d}.md",
              markdown_file(front, paragraphs(rng, sources, rng.randint(1, 3))))


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
    sources, source_records = make_sources(rng, max(5, n // 10))
    events = make_events(rng, n, sources)
    facts = make_facts(rng, max(2, n // 20), sources)
    disputes = make_disputes(rng, max(1, n // 20), sources)
    content = out / "content"
    clear(out)
    write(out / "site.yml", SITE_YML.format(n=n))
    write_pages(content, rng, sources)
    write_brief(content, rng, sources, max(1, n // 50))
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
