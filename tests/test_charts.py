"""Pictures through the built output: fact charts read each value no more precisely than
its words, the attribution graph is drawn up to its limit, and past a size the sources
page splits into an index and one page per source, every citation still landing."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.pipeline import Options, render_project

ARROW_TIP_RIGHT, ARROW_TIP_LEFT = "356,", "4,"
"""Where open ends run: to the chart's edges, beyond the axis (360 wide, 4 in)."""


def fact(*values: str, extra: str = "") -> str:
    """A fact sheet with one fact of the given values, each cited to wire-a."""
    lines = ["facts:", "  - id: chart-me", "    label: Chips", "    unit: chips", "    values:"]
    for value in values:
        lines += [f"      - value: {value!r}", "        sources: [wire-a]"]
    return "\n".join(lines) + "\n" + extra


def chart_of(make_site, *values: str) -> str:
    """The home page's figure for a fact of these values."""
    site = make_site({"content/data/chart.yml": fact(*values)})
    index = render_project(site).files["index.html"].decode()
    start = index.index('<dd class="fact-chart">', index.index('id="fact-chart-me"'))
    return index[start:index.index("</dd>", start)]


@pytest.mark.parametrize(("text", "drawn"), [
    ("141", "as a point at 141"),
    ("4.8", "as a point at 4.8"),
    ("10 billion", "as a point at 10 billion"),
    ("2 million", "as a point at 2 million"),
    ("200,000 each", "as a point at 200,000"),
    ("about 10 billion", "as a hollow point at 10 billion, marked as approximate"),
    ("roughly 400", "as a hollow point at 400, marked as approximate"),
    ("around 3", "as a hollow point at 3, marked as approximate"),
    ("more than 400,000", "from 400,000, open to the right (more than that)"),
    ("over 5", "from 5, open to the right (more than that)"),
    ("at least 5", "from 5, open to the right"),
    ("up to 2.3", "from 2.3, open to the left"),
    ("fewer than 50", "from 50, open to the left (less than that)"),
    ("less than 50", "from 50, open to the left (less than that)"),
    ("several hundred thousand", "as the band the words allow, 200,000 to 900,000"),
    ("a few thousand", "as the band the words allow, 2,000 to 5,000"),
    ("hundreds of thousands", "as the band the words allow, 200,000 to 900,000"),
    ("tens of thousands", "as the band the words allow, 20,000 to 90,000"),
    ("2-3 million", "as the range the source gives, 2 million to 3 million"),
    ("between 10 and 20", "as the range the source gives, 10 to 20"),
])
def test_each_phrase_is_drawn_as_its_words_allow(make_site, text, drawn):
    figure = chart_of(make_site, text, "7")
    assert f"<li>{text} (Wire A): drawn {drawn}</li>" in figure
    assert f"{text}" in figure.split("<desc")[1].split("</desc>")[0]


def test_vague_words_are_a_band_labelled_as_such(make_site):
    figure = chart_of(make_site, "more than 400,000", "several hundred thousand units")
    svg = figure.split("</svg>")[0]
    assert "several hundred thousand units: band the words allow" in svg
    assert svg.count("<rect") == 1 and 'stroke-dasharray="4 3"' in svg


def test_open_ended_values_are_never_drawn_closed(make_site):
    svg = chart_of(make_site, "more than 400,000", "up to 100,000").split("</svg>")[0]
    assert "<rect" not in svg, "no closed bar"
    arrows = re.findall(r'<polygon points="([^"]+)"', svg)
    assert len(arrows) == 2
    assert arrows[0].startswith(ARROW_TIP_RIGHT) and arrows[1].startswith(ARROW_TIP_LEFT)
    assert svg.count('class="chart-hollow"') == 1, "'more than' leaves the number out"


def test_text_it_cannot_read_is_listed_not_drawn(make_site):
    figure = chart_of(make_site, "many", "5", "7")
    svg = figure.split("</svg>")[0]
    assert svg.count("<circle") == 2 and "many" not in svg.split("</desc>")[1]
    assert "Not drawn: many (Wire A): no number the chart can read." in figure


def test_values_in_another_unit_are_not_drawn_on_the_same_axis(make_site):
    figure = chart_of(make_site, "25%", "400")
    assert "Not drawn: 400 (Wire A): in another unit, so not on this axis." in figure
    assert figure.split("</svg>")[0].count("<circle") == 1


def test_nothing_readable_draws_no_svg_but_says_so(make_site):
    figure = chart_of(make_site, "many", "a lot")
    assert "<svg" not in figure and figure.count("Not drawn:") == 2


def test_a_single_value_has_no_chart(make_site):
    site = make_site()
    index = render_project(site).files["index.html"].decode()
    price = index[index.index('id="fact-price"'):]
    assert "fact-chart" not in price.split("</div>")[0]


def test_bounds_in_the_data_override_the_reading(make_site):
    sheet = fact("several hundred thousand", "7").replace(
        "sources: [wire-a]\n", "sources: [wire-a]\n        low: 300000\n        high: 500000\n",
        1)
    site = make_site({"content/data/chart.yml": sheet})
    index = render_project(site).files["index.html"].decode()
    assert "drawn as a band from 300,000 to 500,000, the bounds the data gives" in index
    one = fact("lots of them", "7").replace("sources: [wire-a]\n",
                                            "sources: [wire-a]\n        low: 12\n", 1)
    index = render_project(make_site({"content/data/chart.yml": one}, name="one")).files[
        "index.html"].decode()
    assert "lots of them (Wire A): drawn from 12, open to the right</li>" in index


@pytest.mark.parametrize(("bounds", "message"), [
    ("low: 9\n        high: 2", "content/data/chart.yml:8:14: 'low' (9) is above 'high' (2) "
     "(give the smaller number as low, or leave one out)"),
    ("low: lots", "content/data/chart.yml:8:14: 'low' must be a number, but YAML reads "
     "'lots' as text"),
    ("high: .nan", "content/data/chart.yml:8:15: 'high' must be a finite number"),
])
def test_bad_bounds_are_errors_at_their_place(make_site, bounds, message):
    sheet = fact("5", "7").replace("sources: [wire-a]\n",
                                   f"sources: [wire-a]\n        {bounds}\n", 1)
    site = make_site({"content/data/chart.yml": sheet})
    result = CliRunner().invoke(cli, ["check", "--project", str(site)])
    assert result.exit_code == 1
    assert message in result.stderr


def test_the_chart_is_accessible_markup(make_site):
    svg = chart_of(make_site, "about 10", "more than 12").split("</svg>")[0]
    assert '<svg class="chart-svg" role="img" aria-labelledby="chart-chart-me-title ' \
        'chart-chart-me-desc"' in svg
    assert 'viewBox="0 0 360 ' in svg and 'width="100%"' in svg
    assert '<title id="chart-chart-me-title">' in svg and '<desc id="chart-chart-me-desc">' in svg
    assert re.search(r">0</text>.*>5</text>.*>10</text>.*>15</text>", svg, re.DOTALL)


def many_sources(count: int) -> str:
    """A fact sheet of `count` sources, each crediting a wire and cited by an event, a
    fact and a dispute position."""
    lines = ["sources:"]
    for n in range(count):
        lines += [f"  - id: doc-{n}", f"    outlet: Outlet {n}", f"    headline: Story {n}",
                  "    published: 2026-01-10", f"    credits: [Wire {n % 3}]",
                  f"    notes: Relays doc {n + 1} [@doc-{n + 1}]." if n + 1 < count else ""]
    lines += ["events:"]
    lines += [f"  - id: ev-{n}\n    date: 2026-01-{n % 28 + 1:02d}\n    title: Event {n}\n"
              f"    body: Said so [@doc-{n} via Wire {n % 3}].\n    sources: [doc-{n}]"
              for n in range(count)]
    return "\n".join(lines) + "\n"


def links_resolve(files: dict[str, bytes]) -> list[str]:
    """Every relative link of every page that misses its file or its id."""
    pages = {name: data.decode() for name, data in files.items() if name.endswith(".html")}
    missing = []
    for name, html in pages.items():
        for href in re.findall(r'href="([^"]+)"', html):
            if re.match(r"^[a-z]+:|^data:|^#$", href) or not href.split("#")[0].endswith(".html"):
                continue
            target, _, anchor = href.partition("#")
            if target not in pages or (anchor and f'id="{anchor}"' not in pages[target]):
                missing.append(f"{name}: {href}")
    return missing


def test_small_briefings_keep_one_sources_page_with_the_graph(make_site):
    files = render_project(make_site()).files
    sources = files["sources.html"].decode()
    assert 'class="graph-svg"' in sources and 'role="img"' in sources
    assert '<article class="source" id="src-wire-a">' in sources
    assert not [name for name in files if name.startswith("source-")]
    assert 'href="sources.html#src-wire-a"' in files["timeline.html"].decode()
    assert links_resolve(files) == []


def test_the_graph_shows_what_rests_on_a_shared_wire(make_site):
    sources = render_project(make_site()).files["sources.html"].decode()
    svg = sources.split('<svg class="graph-svg"')[1].split("</svg>")[0]
    assert ">Wire</text>" in svg and ">Paper B</text>" in svg and ">Wire A</text>" in svg
    assert "How big is it?: Paper B, relaying Wire" in svg
    assert "Wire: credited by 1 document, behind 2 claims." in svg


def test_forty_sources_still_draw_the_graph(make_site):
    files = render_project(make_site({"content/data/many.yml": many_sources(38)})).files
    assert 'class="graph-svg"' in files["sources.html"].decode()
    assert not [name for name in files if name.startswith("source-")]


def test_past_forty_sources_each_gets_its_own_page(make_site):
    files = render_project(make_site({"content/data/many.yml": many_sources(41)})).files
    own = sorted(name for name in files if name.startswith("source-"))
    assert len(own) == 43 and "source-doc-40.html" in own and "source-wire-a.html" in own
    index = files["sources.html"].decode()
    assert "graph-svg" not in index
    assert "With more than 40 documents a drawing of every link would be unreadable" in index
    assert '<tr><th scope="row">Wire 0</th><td>14</td>' in index
    assert '<li id="src-doc-7"><a href="source-doc-7.html">Story 7</a>' in index
    page = files["source-doc-7.html"].decode()
    assert '<article class="source" id="src-doc-7">' in page
    assert 'href="timeline.html#cite-' in page, "back-links to the claims"
    assert 'href="source-doc-7.html">Outlet 7, citing Wire 1</a>' in files[
        "timeline.html"].decode()
    assert 'href="source-doc-8.html">Outlet 8</a>' in page, "its notes cite on its own page"
    assert links_resolve(files) == []


def test_the_link_checker_of_this_test_finds_a_broken_link(make_site):
    files = render_project(make_site({"content/data/many.yml": many_sources(41)})).files
    files["timeline.html"] += b'<a href="source-nope.html">x</a><a href="sources.html#src-no">y</a>'
    assert links_resolve(files) == ["timeline.html: source-nope.html",
                                    "timeline.html: sources.html#src-no"]


def test_split_sites_pass_the_check_of_every_link(make_site):
    site = make_site({"content/data/many.yml": many_sources(41)})
    result = CliRunner().invoke(cli, ["check", "--project", str(site)])
    assert result.exit_code == 0, result.stderr
    assert "checked 48 pages: every internal link and fragment resolves" in result.stdout


def test_source_pages_are_in_the_sitemap(make_site):
    site = make_site({"content/data/many.yml": many_sources(41)})
    files = render_project(site).files
    assert b"source-doc-3.html" not in files.get("sitemap.xml", b"")  # no base URL, no map
    files = render_project(site, Options(base_url="https://x.example/")).files
    assert b"<loc>https://x.example/source-doc-3.html</loc>" in files["sitemap.xml"]
