"""The briefing this repository ships (site.yml, content/): its content against its five
documents and the editorial rules. The generator is tested on fixtures of its own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from briefing.check import check_project, find_problems
from briefing.citations import independent_outlets
from briefing.load import load_project
from briefing.model import build_model
from briefing.pipeline import build
from tests.conftest import ROOT, tree

SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


def need_shared() -> None:
    """The seeds and the verbatim checker live beside the project; CI must have them."""
    if SEEDS and (SHARED / "tools" / "verbatim_check.py").is_file():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{SHARED} is missing: CI must run with ../shared beside the project")
    pytest.skip(f"{SHARED} is not beside this checkout")


@pytest.fixture(scope="module")
def site():
    return build_model(check_project(load_project(ROOT)), base_url=None)


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "output"
    build(ROOT, out)
    return out


def test_content_has_no_errors_and_no_warnings():
    assert [str(p) for p in find_problems(load_project(ROOT))] == []


def test_content_is_in_its_own_words():
    need_shared()
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "verbatim_check.py")],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_url_or_author_is_invented(site):
    need_shared()
    seeds = "\n".join(path.read_text(encoding="utf-8") for path in SEEDS)
    for source in site.sources:
        assert not source.url or source.url in seeds, f"{source.id}: url not in any document"
        assert not source.author or source.author in seeds, f"{source.id}: author not given"
        assert source.published.dated or source.date_note, f"{source.id}: say what is known"


def test_every_claim_has_a_source(site):
    for group in site.timeline:
        for event in group.events:
            assert event.citations, event.id
    for dispute in site.disputes:
        assert len(dispute.positions) >= 2
        for position in dispute.positions:
            assert position.citations and position.independent, dispute.id
    for fact in site.facts:
        for value in fact.values:
            assert value.citations, fact.id
    for source in site.sources:
        assert source.backlinks, f"{source.id} is never cited"


@pytest.mark.parametrize(
    "needle",
    ["25%", "Shanghai", "24 January 2026", "25\u201326 January 2026", "28 January 2026",
     "Alibaba", "ByteDance", "Tencent", "confidential", "400,000", "several hundred thousand",
     "141", "4.8", "H20", "2.3", "Huawei", "critical infrastructure", "Global Times",
     "Firstpost", "Forbes", "CNBC", "Reuters", "Bloomberg", "Financial Times", "Undated"],
)
def test_the_briefing_covers_the_story(output, needle):
    text = " ".join(p.read_text() for p in output.glob("*.html"))
    assert needle in text.replace("&#39;", "'")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"] or "")
        for name in ("href", "src"):
            if attributes.get(name):
                self.hrefs.append(attributes[name] or "")


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_and_fragment_resolves(output):
    pages = {p.name: parse(p) for p in output.glob("*.html")}
    checked = 0
    for name, links in pages.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = parts.path or name
            assert (output / target).is_file(), f"{name}: {href} leads nowhere"
            if parts.fragment:
                assert parts.fragment in pages[target].ids, f"{name}: {href} has no target"
            checked += 1
    assert checked > 200  # citations, back-links, permalinks and navigation


def test_ids_are_unique_on_every_page(output):
    for page in output.glob("*.html"):
        ids = re.findall(r'\sid="([^"]+)"', page.read_text())
        assert len(ids) == len(set(ids)), page.name


def test_pages_show_every_event_dispute_and_source(output, site):
    timeline = (output / "timeline.html").read_text()
    assert site.event_count and site.disputes and site.sources
    assert timeline.count('<li class="event"') == site.event_count
    contested = (output / "contested.html").read_text()
    assert contested.count('class="dispute"') == len(site.disputes)
    assert (output / "sources.html").read_text().count('class="source"') == len(site.sources)


def test_a_relay_never_adds_an_outlet_to_a_claim(site):
    """Where a claim cites a source and a source that relays it, the count is what it
    would be without the relay: one report is not two outlets (issue 17's 200,000 figure)."""
    relays = {source.id: {label_id(site, label) for label in source.relays}
              for source in site.sources if source.relays}
    checked = 0
    for dispute in site.disputes:
        for position in dispute.positions:
            cited = {c.source for c in position.citations}
            if any(cited & relayed for source, relayed in relays.items() if source in cited):
                alone = [c for c in position.citations if not (
                    c.source in relays and not c.via and cited & relays[c.source])]
                labels = {s.id: s.label for s in site.sources}
                assert position.independent == independent_outlets(alone, labels)
                checked += 1
    assert checked, "the shipped briefing has a claim citing a relay beside what it relays"


def label_id(site, label: str) -> str:
    return next(source.id for source in site.sources if source.label == label)


def test_no_undated_event_is_given_a_date_anywhere(output, site):
    """Not on the timeline page, not in any export: 'Undated' stays undated."""
    undated = {e.id for g in site.timeline for e in g.events if not e.when.dated}
    assert undated, "the shipped briefing has undated events"
    timeline = (output / "timeline.html").read_text()
    for ident in undated:
        item = timeline.split(f'id="{ident}"', 1)[1].split("</li>", 1)[0]
        assert "<time" not in item and '<span class="undated">Undated</span>' in item
    slides = json.loads((output / "timeline.json").read_text())["events"]
    assert not {slide["unique_id"] for slide in slides} & undated
    data = json.loads((output / "briefing.json").read_text())
    for event in (e for g in data["timeline"] for e in g["events"] if e["id"] in undated):
        assert event["when"]["start"] is None and event["when"]["iso"] is None


def run_build(out: Path, **env: str) -> None:
    subprocess.run([sys.executable, "build.py", "build", "--out", str(out)], cwd=ROOT,
                   check=True, capture_output=True, env={**os.environ, **env})



def test_two_builds_are_byte_identical(tmp_path):
    run_build(tmp_path / "a", PYTHONHASHSEED="1", LC_ALL="C", SOURCE_DATE_EPOCH="0")
    run_build(tmp_path / "b", PYTHONHASHSEED="2", LC_ALL="C.UTF-8", TZ="Asia/Shanghai")
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert "index.html" in first and first == second
