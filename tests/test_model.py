"""The model stage: timeline grouping, independent outlets, back-links."""

from __future__ import annotations

from briefing.check import check_project
from briefing.citations import Citation
from briefing.load import load_project
from briefing.model import build_model, independent_outlets


def model(site):
    return build_model(check_project(load_project(site)), base_url=None)


def test_timeline_groups_by_month_with_undated_events_just_before_their_anchor(make_site):
    groups = model(make_site()).timeline
    assert [(g.heading, [e.id for e in g.events]) for g in groups] == [
        ("December 2025", ["month-event"]),
        ("January 2026", ["undated-event", "day-event", "range-event"]),
    ]


def test_undated_events_without_an_anchor_go_last(make_site):
    site = make_site({"content/data/late.yml": (
        "events:\n  - id: floating\n    date: undated\n    title: F\n"
        "    status: reported\n    sources: [wire-a]\n")})
    assert model(site).timeline[-1].heading == "Undated"


def cite(source, via=None):
    return Citation(source, via, source, "p.html", "cite-1", "ctx")


def test_relays_of_the_same_outlet_count_once():
    labels = {"a": "Paper A", "b": "Paper B", "c": "Blog C"}
    citations = [cite("a", "Reuters"), cite("b", "Reuters"), cite("c")]
    assert independent_outlets(citations, labels) == ["Blog C", "Reuters"]


def test_a_document_citing_an_outlet_counts_as_that_outlet_only():
    labels = {"a": "Aggregator"}
    assert independent_outlets([cite("a"), cite("a", "Reuters")], labels) == ["Reuters"]


def test_a_relay_cited_beside_what_it_relays_counts_once():
    labels = {"wire": "Wire", "site": "AI site", "blog": "Blog"}
    relays = {"site": ["wire"]}
    assert independent_outlets([cite("wire"), cite("site")], labels, relays) == ["Wire"]
    assert independent_outlets([cite("site"), cite("blog")], labels, relays) == [
        "AI site", "Blog"], "cited alone, a relay stands for itself"
    assert independent_outlets([cite("wire", "Reuters"), cite("site")], labels, relays) == [
        "Reuters"]


RELAYED = """disputes:
  - id: relayed
    question: Is it relayed?
    why_it_matters: It sets the count.
    status: open
    would_settle: An official count.
    positions:
      - claim: Yes [@paper-b].
        held_by: Wire A, and Paper B repeating it
        sources: [wire-a]
      - claim: No.
        held_by: Wire A
        sources: [wire-a]
"""


def test_a_position_citing_a_source_and_its_relay_counts_one_outlet(make_site):
    plain = make_site({"content/data/relayed.yml": RELAYED}, name="plain")
    sources = (plain / "content/data/sources.yml").read_text()
    relaying = make_site({"content/data/relayed.yml": RELAYED,
                          "content/data/sources.yml": sources.replace(
                              "  - id: paper-b\n", "  - id: paper-b\n    relays: [wire-a]\n", 1)},
                         name="relaying")

    def first_position(site):
        return next(d for d in model(site).disputes if d.id == "relayed").positions[0]

    assert first_position(plain).independent == ["Paper B", "Wire A"]
    assert first_position(relaying).independent == ["Wire A"]
    (source,) = [s for s in model(relaying).sources if s.id == "paper-b"]
    assert source.relays == ["Wire A"]


def test_positions_carry_their_independent_outlets(make_site):
    (dispute,) = model(make_site()).disputes
    assert [p.independent for p in dispute.positions] == [["Wire A"], ["Wire", "Wire A"]]


def test_every_citation_gets_a_back_link_on_its_source(make_site):
    site = model(make_site())
    links = {s.id: [(c.backlink, c.context) for c in s.backlinks] for s in site.sources}
    assert ("timeline.html#cite-3", "Timeline: A day event") in links["wire-a"]  # reading order
    assert ("index.html#cite-4", "Brief: What happened") in links["wire-a"]  # after figures
    total = sum(len(v) for v in links.values())
    assert total == 14  # brief 2 + events 5 + facts 3 + disputes 4: every [@id] and sources entry


def test_facts_keep_every_value_with_its_sources(make_site):
    size, price = model(make_site()).facts
    assert size.contested and [v.value for v in size.values] == ["about 10", "more than 12"]
    assert [c.label for c in size.values[1].citations] == ["Paper B, citing Wire"]
    assert not price.contested


def test_base_url_override_beats_site_yml(make_site):
    site = make_site()
    assert build_model(check_project(load_project(site)), "https://a.example").base_url == "https://a.example/"
    assert build_model(check_project(load_project(site)), None).base_url == ""
