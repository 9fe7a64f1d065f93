"""The machine-readable files: robots.txt, sitemap, Atom feed, briefing.json, TimelineJS, CSV."""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from lxml import etree

from briefing.check import check_project
from briefing.exports import to_json
from briefing.load import load_project
from briefing.model import Site, build_model
from briefing.render import render_site
from tests.conftest import ROOT, STARTER
from tests.tools import SITEMAP_XSD, require

BASE = "https://briefing.example/h200/"
FLOATING = ("events:\n  - id: floating\n    date: undated\n    title: Floats\n"
            "    status: reported\n    sources: [wire-a]\n")
AFTER = ("events:\n  - id: later\n    date: undated\n    after: day-event\n    title: Later\n"
         "    status: reported\n    sources: [wire-a]\n")


def site_at(project: Path, base_url: str | None = BASE) -> Site:
    return build_model(check_project(load_project(project)), base_url)


def export_files(site: Site) -> dict[str, bytes]:
    """The machine-readable files the render stage makes: all but pages and static files."""
    static = {p.name for p in (ROOT / "templates" / "static").iterdir()}
    pages = {page.filename for page in site.pages.values()}
    return {name: data for name, data in render_site(site, ROOT / "templates").items()
            if name not in pages | static | set(site.media_files)}


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A copy of the example briefing `new` writes: every kind of entry, pictures too."""
    return Path(shutil.copytree(STARTER, tmp_path / "starter"))


@pytest.fixture(params=["tiny", "starter"])
def project(request: pytest.FixtureRequest, make_site: Callable[..., Path],
            starter: Path) -> Path:
    """The tiny fixture site, then the example briefing (the generator's own fixtures: the
    shipped briefing's content is tested in tests/shipped/)."""
    return make_site() if request.param == "tiny" else starter


@pytest.fixture
def site(project: Path) -> Site:
    return site_at(project)


@pytest.fixture
def files(site: Site) -> dict[str, bytes]:
    return export_files(site)


def events_of(site: Site) -> list[Any]:
    return [event for group in site.timeline for event in group.events]


def as_json(files: dict[str, bytes], name: str) -> Any:
    return json.loads(files[name].decode("utf-8"))


# robots.txt and sitemap.xml


def test_robots_allows_everything_and_names_the_sitemap(files: dict[str, bytes]) -> None:
    lines = files["robots.txt"].decode("ascii").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Disallow: /" not in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines


def test_without_a_base_url_there_is_no_sitemap_and_no_feed(project: Path) -> None:
    files = export_files(site_at(project, None))
    assert "sitemap.xml" not in files and "feed.xml" not in files
    assert "Sitemap" not in files["robots.txt"].decode("ascii")
    expected = {"robots.txt", "briefing.json", "briefing.schema.json", "timeline.json",
                "sources.csv"}
    assert set(files) == expected


def sitemap_schema() -> etree.XMLSchema:
    require(SITEMAP_XSD, "the sitemap XSD")
    return etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))


def test_sitemap_is_valid_and_lists_every_page_but_404(site: Site,
                                                       files: dict[str, bytes]) -> None:
    schema = sitemap_schema()
    document = etree.fromstring(files["sitemap.xml"])
    assert schema.validate(document), schema.error_log
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = document.xpath("//s:url/s:loc/text()", namespaces=ns)
    expected = [BASE + ("" if name == "index" else f"{name}.html")
                for name in site.pages if name != "404"]
    assert sorted(locs) == sorted(expected) and f"{BASE}contested.html" in locs
    assert set(document.xpath("//s:lastmod/text()", namespaces=ns)) == {site.updated.iso}
    assert len(site.updated.iso) == len("2026-01-01")


@pytest.mark.parametrize("plant", [
    ("<lastmod>", "<priority>urgent</priority><lastmod>"),  # not a number
    ("<lastmod>", "<bogus>x</bogus><lastmod>"),  # not in the schema
    ("<lastmod>2026", "<lastmod>yesterday 2026"),  # not a date
])
def test_the_sitemap_validator_rejects_a_planted_fault(make_site: Callable[..., Path],
                                                       plant: tuple[str, str]) -> None:
    schema = sitemap_schema()
    good = export_files(site_at(make_site()))["sitemap.xml"].decode("utf-8")
    assert schema.validate(etree.fromstring(good.encode("utf-8")))
    bad = good.replace(*plant, 1)
    assert bad != good
    assert not schema.validate(etree.fromstring(bad.encode("utf-8")))


# feed.xml


def test_the_feed_parses_cleanly_with_one_entry_per_event(site: Site,
                                                          files: dict[str, bytes]) -> None:
    feed = feedparser.parse(files["feed.xml"])
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == f"{BASE}timeline.html"
    assert feed.feed.title == site.title
    assert feed.feed.updated == site.updated.iso + "T00:00:00Z"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": f"{BASE}timeline.html", "self": f"{BASE}feed.xml"}
    events = events_of(site)
    assert len(feed.entries) == len(events) == site.event_count
    for entry, event in zip(feed.entries, events, strict=True):
        assert entry.id == entry.link == f"{BASE}timeline.html#{event.id}"
        assert entry.title == event.title
        assert entry.updated == feed.feed.updated
        (content,) = entry.content
        assert content.type == "text/html"
        assert event.when.text in content.value
        for citation in event.citations:
            assert f"{BASE}{citation.href}" in content.value


def test_feed_ids_are_permalinks_that_survive_a_rebuild_and_a_new_event(
        make_site: Callable[..., Path]) -> None:
    def ids(project: Path) -> list[str]:
        feed = feedparser.parse(export_files(site_at(project))["feed.xml"])
        assert feed.bozo == 0
        return [entry.id for entry in feed.entries]

    first = ids(make_site(name="one"))
    assert first == ids(make_site(name="one"))
    grown = ids(make_site({"content/data/more.yml": FLOATING}, name="two"))
    assert set(first) < set(grown)
    assert f"{BASE}timeline.html#floating" in grown


def test_feed_content_is_escaped_not_injected(make_site: Callable[..., Path]) -> None:
    project = make_site({"content/data/more.yml": FLOATING.replace(
        "title: Floats", "title: 'Fish & <chips>'")})
    feed = feedparser.parse(export_files(site_at(project))["feed.xml"])
    assert feed.bozo == 0
    assert "Fish & <chips>" in [entry.title for entry in feed.entries]


# briefing.json and its schema


def validator(project: Path) -> Draft202012Validator:
    schema = as_json(export_files(site_at(project)), "briefing.schema.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_briefing_json_matches_its_schema_and_the_model(site: Site, project: Path,
                                                        files: dict[str, bytes]) -> None:
    data = as_json(files, "briefing.json")
    errors = list(validator(project).iter_errors(data))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    assert data["site"]["base_url"] == BASE
    assert data["site"]["updated"]["iso"] == site.updated.iso
    assert [p["name"] for p in data["pages"]] == list(site.pages)
    events = [e for group in data["timeline"] for e in group["events"]]
    assert [e["id"] for e in events] == [e.id for e in events_of(site)]
    assert len(data["sources"]) == len(site.sources)
    backlinks = sum(len(s["backlinks"]) for s in data["sources"])
    assert backlinks == sum(len(s.backlinks) for s in site.sources) > 0


def test_briefing_json_keeps_dates_citations_and_facts(make_site: Callable[..., Path]) -> None:
    data = as_json(export_files(site_at(make_site())), "briefing.json")
    events = {e["id"]: e for group in data["timeline"] for e in group["events"]}
    assert events["month-event"]["when"] == {
        "precision": "month", "text": "c. December 2025", "iso": "2025-12",
        "start": "2025-12-01", "end": "2025-12-31", "start_precision": None,
        "end_precision": None, "approximate": True}
    assert events["undated-event"]["when"] == {
        "precision": "undated", "text": "Undated", "iso": None, "start": None, "end": None,
        "start_precision": None, "end_precision": None, "approximate": False}
    assert events["range-event"]["when"]["end"] == "2026-01-13"
    assert events["range-event"]["when"]["start_precision"] == "day"
    size = next(f for f in data["facts"] if f["id"] == "size")
    assert size["contested"] is True
    assert [v["value"] for v in size["values"]] == ["about 10", "more than 12"]
    assert size["values"][1]["citations"] == [{
        "source": "paper-b", "via": "Wire", "label": "Paper B, citing Wire",
        "href": "sources.html#src-paper-b", "anchor": "cite-2", "page": "index.html"}]
    (dispute,) = data["disputes"]
    assert [p["independent"] for p in dispute["positions"]] == [["Wire A"], ["Wire", "Wire A"]]
    wire = next(s for s in data["sources"] if s["id"] == "wire-a")
    assert {"href": "timeline.html#cite-3", "page": "timeline.html", "anchor": "cite-3",
            "via": None, "context": "Timeline: A day event"} in wire["backlinks"]


def plant_extra_key(data: dict) -> None:
    data["sources"][0]["backlinks"][0]["extra"] = 1


def plant_missing_key(data: dict) -> None:
    del data["timeline"][0]["events"][0]["when"]["approximate"]


def plant_wrong_type(data: dict) -> None:
    data["facts"][0]["contested"] = "yes"


def plant_undated_with_a_day(data: dict) -> None:
    undated = next(s for s in data["sources"] if s["published"]["precision"] == "undated")
    undated["published"]["start"] = "2026-01-01"


def plant_unknown_status(data: dict) -> None:
    data["timeline"][0]["events"][0]["status"] = "rumoured"


def plant_citation_as_text(data: dict) -> None:
    data["timeline"][0]["events"][0]["citations"] = ["wire-a"]


def plant_bad_date(data: dict) -> None:
    data["site"]["updated"]["start"] = "22 November 2026"


@pytest.mark.parametrize("plant", [
    plant_extra_key, plant_missing_key, plant_wrong_type, plant_undated_with_a_day,
    plant_unknown_status, plant_citation_as_text, plant_bad_date,
])
def test_the_schema_rejects_a_planted_wrong_shape(plant: Callable[[dict], None],
                                                  starter: Path) -> None:
    check = validator(starter)
    good = as_json(export_files(site_at(starter)), "briefing.json")
    assert check.is_valid(good)
    bad = copy.deepcopy(good)
    plant(bad)
    assert bad != good
    assert not check.is_valid(bad)


# timeline.json (TimelineJS3)


def test_timeline_json_has_the_timelinejs_shape(site: Site, files: dict[str, bytes]) -> None:
    data = as_json(files, "timeline.json")
    assert set(data) == {"title", "events"}
    assert data["title"]["text"]["headline"]
    dated = {e.id: e for e in events_of(site)}
    for slide in data["events"]:
        event = dated[slide["unique_id"]]
        assert slide["start_date"]["year"].isdigit()
        assert all(isinstance(v, str) for v in slide["start_date"].values())
        assert slide["text"]["headline"]
        assert slide.get("group") == (event.group or None)
        assert event.when.dated, "an undated event has no place on TimelineJS's axis"
        assert slide["display_date"] == event.when.text
        if event.when.precision in ("month", "year", "part"):
            assert "day" not in slide["start_date"]
        if event.when.precision in ("year", "part"):
            assert set(slide["start_date"]) == {"year"}
        assert ("end_date" in slide) == (event.when.precision == "range")
        assert "Status:" not in slide["text"]["text"], "the event's own text, nothing added"
        assert [s["label"] for s in slide["briefing"]["sources"]] == [
            c.label for c in event.citations]


def test_timeline_json_dates_are_only_as_precise_as_the_content(
        make_site: Callable[..., Path]) -> None:
    data = as_json(export_files(site_at(make_site())), "timeline.json")
    slides = {s["unique_id"]: s for s in data["events"]}
    assert list(slides) == ["month-event", "day-event", "range-event"]
    assert slides["month-event"]["start_date"] == {"year": "2025", "month": "12"}
    assert slides["month-event"]["display_date"] == "c. December 2025"
    assert slides["day-event"]["start_date"] == {"year": "2026", "month": "1", "day": "10"}
    assert slides["range-event"]["end_date"] == {"year": "2026", "month": "1", "day": "13"}
    # placed before day-event, but not dated: it takes no date of day-event's
    assert "1 undated event is listed on the site's timeline only" in (
        data["title"]["text"]["text"])


def test_timeline_json_leaves_out_every_undated_event(make_site: Callable[..., Path]) -> None:
    """Placed before or after a dated event, or not at all: an undated event gets no date."""
    project = make_site({"content/data/more.yml": FLOATING + AFTER.removeprefix("events:\n")})
    data = as_json(export_files(site_at(project)), "timeline.json")
    slides = {s["unique_id"] for s in data["events"]}
    assert not slides & {"floating", "later", "undated-event"}
    assert "3 undated events are listed on the site's timeline only" in (
        data["title"]["text"]["text"])


def test_no_export_gives_an_undated_event_a_date(project: Path) -> None:
    """briefing.json, timeline.json and the feed state no date for an undated event."""
    site = site_at(project)
    files = export_files(site)
    undated = {event.id for event in events_of(site) if not event.when.dated}
    briefing = as_json(files, "briefing.json")
    for group in briefing["timeline"]:
        for event in group["events"]:
            if event["id"] in undated:
                when = event["when"]
                assert (when["start"], when["end"], when["iso"]) == (None, None, None)
    timeline = as_json(files, "timeline.json")
    assert not {slide["unique_id"] for slide in timeline["events"]} & undated
    for entry in feedparser.parse(files["feed.xml"]).entries:
        if entry.id.rsplit("#", 1)[1] in undated:
            assert entry.content[0].value.startswith("<p>Undated")


def test_timeline_json_holds_every_dated_event_and_counts_the_rest(
        site: Site, files: dict[str, bytes]) -> None:
    data = as_json(files, "timeline.json")
    undated = [e.id for e in events_of(site) if not e.when.dated]
    assert len(data["events"]) == site.event_count - len(undated)
    if undated:
        verb = "event is" if len(undated) == 1 else "events are"
        assert f"{len(undated)} undated {verb}" in data["title"]["text"]["text"]


# sources.csv


def test_sources_csv_round_trips_one_row_per_source(site: Site, files: dict[str, bytes]) -> None:
    text = files["sources.csv"].decode("utf-8")
    assert "\r" not in text and text.endswith("\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["id", "outlet", "headline", "kind", "author", "published",
                             "date_note", "credits", "relays", "perspective", "url",
                             "citations"]
    assert len(rows) == len(site.sources)
    for row, source in zip(rows, site.sources, strict=True):
        assert row["id"] == source.id and row["headline"] == source.headline
        assert row["credits"] == "; ".join(source.credits)
        assert row["relays"] == "; ".join(source.relays)
        assert row["citations"] == str(len(source.backlinks))
        assert row["published"] == (source.published.text if source.published.dated
                                    else "undated")


def test_sources_csv_of_the_tiny_site(make_site: Callable[..., Path]) -> None:
    text = export_files(site_at(make_site()))["sources.csv"].decode("utf-8")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["wire-a"]["published"] == "10 January 2026"
    assert rows["wire-a"]["url"] == "https://wire.example/a"
    assert rows["paper-b"]["published"] == "undated"
    assert rows["paper-b"]["date_note"] == "the page shows no date"
    assert rows["paper-b"]["author"] == "Jo Writer"


# determinism


def test_two_exports_of_the_same_site_are_byte_identical(project: Path) -> None:
    assert export_files(site_at(project)) == export_files(site_at(project))


DIGEST = """\
import hashlib, sys
from pathlib import Path
from briefing.check import check_project
from briefing.load import load_project
from briefing.model import build_model
from briefing.render import render_site
site = build_model(check_project(load_project(Path(sys.argv[1]))), sys.argv[2])
files = render_site(site, Path(sys.argv[1]) / "templates")
for name in sorted(files):
    print(name, hashlib.sha256(files[name]).hexdigest())
"""


def test_exports_do_not_depend_on_hash_seed_or_time_zone(starter: Path) -> None:
    def digest(seed: str, zone: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        return subprocess.run([sys.executable, "-c", DIGEST, str(starter), BASE], cwd=ROOT,
                              env=env, capture_output=True, text=True, check=True).stdout

    first = digest("1", "UTC")
    assert first == digest("2", "Pacific/Kiritimati")
    here = render_site(site_at(starter), starter / "templates")
    assert first == "".join(f"{name} {hashlib.sha256(here[name]).hexdigest()}\n"
                            for name in sorted(here))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1)
    | st.text(st.characters(exclude_categories=("Cs",))),  # no lone surrogates: not UTF-8
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",))), inner, max_size=4),
    max_leaves=20)
"""What the exports hold: text, whole numbers, true/false/null, lists and mappings (the
model has no floats, and exports write none)."""


@settings(max_examples=500, deadline=None)
@given(JSON_VALUES)
def test_to_json_writes_the_bytes_the_standard_library_writes(value: Any) -> None:
    """orjson stands in for json.dumps: the same bytes, control characters, quotes,
    U+2028 and astral characters included."""
    expected = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert to_json(value) == (expected + "\n").encode("utf-8")
