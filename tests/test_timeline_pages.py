"""A large timeline is split into one page per period, listed on timeline.html: each
event's page depends only on its own date, so adding events never moves one already
published; pages link to their neighbours; the feed and sitemap point at the pages."""

from __future__ import annotations

import itertools
import random
import re
from datetime import date, timedelta

import pytest

from briefing.pipeline import Options, build

SOURCE = ("sources:\n  - id: enc\n    outlet: An Encyclopedia\n    headline: An entry\n"
          "    kind: news report\n    published: 2026-01-01\n")
SITE = "title: T\ndescription: D\nlanguage: en\nupdated: 2026-11-01\n"
ID = re.compile(r'<li class="event">\s*<article>\s*<h3 id="([^"]+)"')


def event_yaml(events: list[tuple[str, str, str]]) -> str:
    """(id, date, before-or-after anchor) -> the events sheet."""
    lines = ["events:"]
    for event_id, when, anchor in events:
        lines += [f"  - id: {event_id}", f"    date: '{when}'", f"    title: Event {event_id}",
                  "    sources: [enc]", f"    body: What happened in {event_id}."]
        if anchor:
            word, target = anchor.split()
            lines += [f"    {word}: {target}", "    date_note: the source gives no date"]
    return "\n".join(lines) + "\n"


def random_events(count: int, seed: int, first: date, days: int, prefix: str = "e",
                  ) -> list[tuple[str, str, str]]:
    """count events at mixed precision between first and first + days."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        day = first + timedelta(days=rng.randrange(days))
        form = rng.random()
        when = (day.isoformat() if form < .6 else day.isoformat()[:7] if form < .8 else
                f"{rng.choice(['early', 'mid', 'late'])} {day.year}" if form < .9 else
                str(day.year) if form < .95 else "undated")
        anchor = f"before {made[0][0]}" if when == "undated" and made and \
            made[0][1] != "undated" and rng.random() < .7 else ""
        made.append((f"{prefix}{n}", when, anchor))
    return made


def built(bare_site, events: list[tuple[str, str, str]], settings: str = "",
          name: str = "site", base_url: str | None = None) -> dict[str, str]:
    site = bare_site({"site.yml": SITE + settings,
                      "content/data/sources.yml": SOURCE,
                      "content/data/events.yml": event_yaml(events)}, name=name)
    out = site / "output"
    build(site, out, Options(base_url=base_url))
    return {path.name: path.read_text() for path in out.glob("*") if path.is_file()}


def page_of_each_event(files: dict[str, str]) -> dict[str, str]:
    return {event_id: name for name, html in files.items() if name.endswith(".html")
            for event_id in ID.findall(html)}


def test_a_small_timeline_is_one_page(bare_site):
    files = built(bare_site, random_events(300, 1, date(2024, 1, 1), 700))
    assert [n for n in files if n.startswith("timeline") and n.endswith(".html")] == \
        ["timeline.html"]
    assert len(page_of_each_event(files)) == 300


def test_past_300_events_each_year_has_its_page_listed_with_its_count(bare_site):
    files = built(bare_site, random_events(301, 2, date(2023, 3, 1), 900))
    pages = sorted(n for n in files if n.startswith("timeline-") and n.endswith(".html"))
    assert pages[:3] == ["timeline-2023.html", "timeline-2024.html", "timeline-2025.html"]
    where = page_of_each_event(files)
    assert len(where) == 301 and "timeline.html" not in where.values()
    overview = files["timeline.html"]
    for page in pages:
        count = sum(1 for p in where.values() if p == page)
        assert re.search(rf'<a href="{page}">[^<]+</a> <span class="count">{count} events?</span>',
                         overview), page


def test_periods_link_to_their_neighbours(bare_site):
    files = built(bare_site, random_events(40, 3, date(2020, 1, 1), 1000),
                  "timeline_pages: year\n")
    pages = sorted(n for n in files if re.fullmatch(r"timeline-\d{4}\.html", n))
    for before, after in itertools.pairwise(pages):
        assert f'<a href="{after}" rel="next">' in files[before]
        assert f'<a href="{before}" rel="prev">' in files[after]
    assert 'rel="prev"' not in files[pages[0]]


def test_adding_later_events_never_moves_an_earlier_one(bare_site):
    """Past the size where auto splits, and with every unit: each event published in the
    first build is on the same page, under the same id, after events are added later."""
    first = random_events(320, 4, date(2021, 1, 1), 1500)
    later = random_events(400, 5, date(2025, 2, 1), 600, prefix="late")
    for setting in ("", "timeline_pages: month\n", "timeline_pages: year\n",
                    "timeline_pages: decade\n"):
        before = page_of_each_event(built(bare_site, first, setting, name="a"))
        after = page_of_each_event(built(bare_site, first + later, setting, name="b"))
        assert {e: after[e] for e in before} == before, setting
        assert len(after) == 720


def test_an_events_page_follows_the_earliest_day_its_date_allows(bare_site):
    events = [("day", "2025-12-05", ""), ("late", "late 2025", ""), ("year", "2026", ""),
              ("placed", "undated", "before day"), ("loose", "undated", "")]
    where = page_of_each_event(built(bare_site, events, "timeline_pages: month\n"))
    assert where == {"day": "timeline-2025-12.html", "late": "timeline-2025-09.html",
                     "year": "timeline-2026-01.html", "placed": "timeline-2025-12.html",
                     "loose": "timeline-undated.html"}


def test_an_undated_event_links_to_its_anchor_on_its_page(bare_site):
    files = built(bare_site, [("day", "2025-12-05", ""), ("placed", "undated", "before day")],
                  "timeline_pages: month\n")
    assert re.search(r'Undated, before <a href="#day"[^>]*>5 December 2025</a>',
                     files["timeline-2025-12.html"])


def test_the_feed_and_sitemap_point_at_each_events_page(bare_site):
    events = random_events(30, 6, date(2022, 5, 1), 800)
    files = built(bare_site, events, "timeline_pages: year\n",
                  base_url="https://news.example/story/")
    where = page_of_each_event(files)
    for event_id, page in where.items():
        assert f"<id>https://news.example/story/{page}#{event_id}</id>" in files["feed.xml"]
    for page in set(where.values()):
        assert f"<loc>https://news.example/story/{page}</loc>" in files["sitemap.xml"]


@pytest.mark.parametrize(("setting", "page", "finer"), [("year", "timeline-2024", "month"),
                                                       ("single", "timeline", "auto")])
def test_a_crowded_page_is_a_warning_naming_the_finer_unit(bare_site, setting, page, finer):
    from click.testing import CliRunner

    from briefing.cli import cli

    site = bare_site({"site.yml": SITE + f"timeline_pages: {setting}\n",
                      "content/data/sources.yml": SOURCE,
                      "content/data/events.yml": event_yaml(
                          random_events(650, 7, date(2024, 1, 1), 360))})
    result = CliRunner().invoke(cli, ["build", "--project", str(site)])
    assert result.exit_code == 0, result.output
    assert re.search(rf"site\.yml:5:\d+: warning: the timeline page {page}\.html "
                     rf"holds 6\d\d events.*\(set timeline_pages: {finer} in site\.yml\)",
                     result.output), result.output


def test_the_strip_draws_each_date_with_its_uncertainty(bare_site):
    events = [("day", "2025-12-05", ""), ("month", "2025-11", ""), ("approx", "c. 2025-10", ""),
              ("placed", "undated", "before day"), ("loose", "undated", "")]
    html = built(bare_site, events)["timeline.html"]
    svg = html[html.index("<svg"):html.index("</svg>")]
    rows = re.findall(r'<g class="strip-row">(.*?)</g>', svg, re.S)
    shapes = [re.findall(r"<(circle|rect|line)", row) for row in rows]
    assert shapes == [["rect"], ["rect"], ["line"], ["circle"]]  # loose has no row
    assert "strip-approx" in rows[0] and "strip-approx" not in rows[1]
    assert 'marker-end="url(#strip-arrow)"' in rows[2]
    assert '<desc id="strip-desc">4 of 5 events drawn' in svg
    assert "1 undated event placed nowhere is not drawn" in svg
    # The arrow ends where the anchor's dot is.
    arrow_end = float(re.search(r'x2="([\d.]+)"', rows[2])[1])
    dot = float(re.search(r'cx="([\d.]+)"', rows[3])[1])
    assert arrow_end == dot


def test_template_reference_for_overrides(bare_site, tmp_path):
    """A project's own timeline_period.html replaces the default theme's."""
    site = bare_site({"site.yml": SITE + "timeline_pages: year\n",
                      "content/data/sources.yml": SOURCE,
                      "content/data/events.yml": event_yaml([("a", "2024-01-02", "")]),
                      "templates/timeline_period.html": "OWN {{ period.heading }}"})
    build(site, tmp_path / "out")
    assert (tmp_path / "out" / "timeline-2024.html").read_text() == "OWN 2024"


def test_a_link_in_the_content_to_an_event_follows_it_to_its_page(bare_site, tmp_path):
    events = [("early", "2024-02-01", ""), ("late", "2025-06-01", "")]
    sheet = event_yaml(events).replace(
        "What happened in late.", "It followed [the first step](timeline.html#early).")
    site = bare_site({"site.yml": SITE + "timeline_pages: year\n",
                      "content/data/sources.yml": SOURCE, "content/data/events.yml": sheet})
    build(site, tmp_path / "out")
    html = (tmp_path / "out" / "timeline-2025.html").read_text()
    assert '<a href="timeline-2024.html#early">the first step</a>' in html
    from click.testing import CliRunner

    from briefing.cli import cli

    checked = CliRunner().invoke(cli, ["check", "--project", str(site)])
    assert checked.exit_code == 0, checked.output
    assert "every internal link and fragment resolves" in checked.output
