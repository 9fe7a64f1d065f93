"""The home page, the contested page, long briefings split into pages, and what makes the
site discoverable (feed link, data files, share links): through the built output."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.cli import cli

INDEX = "content/pages/index.md"
EVENTS = "content/data/timeline.yml"
STORY = """---
title: Tiny index
description: The index page of the tiny site.
in_brief:
  - Something happened, says the wire [@wire-a].
  - The paper relays it [@paper-b via Wire].
  - Both agree on the size [@wire-a; @paper-b].
---
Intro of the index page.
"""


def build(site: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--project", str(site), "--out",
                                    str(site / "output"), *args])


def built(site: Path, *args: str) -> Path:
    result = build(site, *args)
    assert result.exit_code == 0, result.output
    return site / "output"


def failures(site: Path) -> list[str]:
    result = build(site)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    return result.stderr.splitlines()[:-1]


def page(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


# -- the home page -------------------------------------------------------------------------


def test_the_story_in_30_seconds_comes_first_each_item_cited(make_site):
    html = page(built(make_site({INDEX: STORY})), "index.html")
    story = html.split('<section class="in-brief"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", story, re.S)
    assert len(items) == 3 and all('class="cite"' in item for item in items)
    assert "Something happened, says the wire" in items[0]
    # the story, then the key figures, then the intro, then the brief
    order = [html.index(marker) for marker in ('id="in-brief"', 'id="key-figures"',
                                               "Intro of the index page.", 'id="brief-')]
    assert order == sorted(order)


def test_an_uncited_story_item_is_an_error_at_its_line(make_site):
    text = STORY.replace("The paper relays it [@paper-b via Wire].", "The paper relays it.")
    assert failures(make_site({INDEX: text})) == [
        f"{INDEX}:6:5: this item of the story in 30 seconds names no source "
        "(add a citation such as [@source-id])"]


def test_a_story_of_two_items_is_a_warning_and_still_builds(make_site):
    text = STORY.replace("  - Both agree on the size [@wire-a; @paper-b].\n", "")
    result = build(make_site({INDEX: text}))
    assert result.exit_code == 0
    assert f"{INDEX}:5:3: warning: the story in 30 seconds has 2 items (give it 3 to 5)" \
        in result.stderr


def test_the_story_belongs_to_the_home_page_only(make_site):
    text = STORY.replace("Tiny index", "Tiny timeline")
    assert failures(make_site({"content/pages/timeline.md": text})) == [
        "content/pages/timeline.md:4:1: 'in_brief' is the home page's "
        "(move it to content/pages/index.md)"]


def test_the_brief_states_its_words_and_reading_time(make_site):
    words = " ".join(["word"] * 439)
    brief = f"---\ntitle: What happened\norder: 1\n---\n{words} [@wire-a].\n"
    html = page(built(make_site({"content/brief/what-happened.md": brief})), "index.html")
    assert "The brief: 439 words, about 2 minutes to read." in html  # 439 / 220, up


def test_without_a_story_the_home_page_has_none(make_site):
    html = page(built(make_site()), "index.html")
    assert "in-brief" not in html and 'id="key-figures"' in html


# -- the contested page --------------------------------------------------------------------


def labelled(site_text: str) -> str:
    return (site_text.replace("      - claim: About ten.", "      - label: Ten\n"
                              "        claim: About ten.")
            .replace("      - claim: More than twelve", "      - label: More than 12\n"
                     "        claim: More than twelve"))


def test_positions_are_headed_by_their_label_with_permalinks(make_site):
    events = (Path(__file__).parent / "fixtures/tiny" / EVENTS).read_text(encoding="utf-8")
    html = page(built(make_site({EVENTS: labelled(events)})), "contested.html")
    assert '<h4><a href="#how-big-1">Ten</a></h4>' in html
    assert '<h4><a href="#how-big-2">More than 12</a></h4>' in html
    assert '<h2 id="how-big-q"><a href="#how-big">How big is it?</a></h2>' in html
    jump = html.split('<nav class="toc questions"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="#how-big">How big is it?</a>' in jump
    assert 'id="how-big-1"' in html and 'id="how-big-2"' in html


def test_a_position_without_a_label_says_its_number_and_check_warns(make_site):
    site = make_site()
    assert "<h4><a href=\"#how-big-1\">Position 1</a></h4>" in page(built(site),
                                                                    "contested.html")
    result = CliRunner().invoke(cli, ["check", "--project", str(site)])
    assert f"{EVENTS}:48:9: warning: this position has no 'label'" in result.output


# -- long briefings --------------------------------------------------------------------------


def long_briefing(sections: int, facts: int, disputes: int) -> dict[str, str]:
    files: dict[str, str] = {"content/brief/what-happened.md": None}  # type: ignore[dict-item]
    for n in range(1, sections + 1):
        files[f"content/brief/s{n:02d}.md"] = (
            f"---\ntitle: Section {n}\norder: {n}\n---\nSection {n} says what the wire "
            f"reported [@wire-a].\n\nA second paragraph.\n")
    sheet = ["facts:"]
    for n in range(1, facts + 1):
        sheet += [f"  - id: fact-{n}", f"    label: Figure {n}", f"    value: \"{n}\"",
                  "    sources: [wire-a]"]
    sheet.append("disputes:")
    for n in range(1, disputes + 1):
        sheet += [f"  - id: question-{n}", f"    question: Question {n}?",
                  "    why_it_matters: It matters [@paper-b].", "    status: open",
                  "    would_settle: A count.", "    positions:",
                  "      - label: Yes", "        claim: Yes [@wire-a].",
                  "        held_by: Wire A", "        sources: [wire-a]",
                  "      - label: No", "        claim: No.", "        held_by: Paper B",
                  "        sources: [paper-b]"]
    events = (Path(__file__).parent / "fixtures/tiny" / EVENTS).read_text(encoding="utf-8")
    files[EVENTS] = events.split("facts:", 1)[0]
    files["content/data/more.yml"] = "\n".join(sheet) + "\n"
    return files


def test_a_long_briefing_splits_into_flat_pages_whose_links_all_resolve(make_site):
    site = make_site(long_briefing(sections=13, facts=205, disputes=26))
    out = built(site)
    names = {p.name for p in out.iterdir()}
    assert {f"brief-s{n:02d}.html" for n in range(1, 14)} <= names
    assert {"figures.html", "figures-2.html", "figures-3.html"} <= names
    assert {f"contested-question-{n}.html" for n in range(1, 27)} <= names
    assert not [p for p in out.iterdir() if p.is_dir()]
    home = page(out, "index.html")
    assert "The brief, in 13 chapters:" in home
    assert '<a href="brief-s01.html">Section 1</a><br>' in home
    assert "Section 1 says what the wire reported [Wire A]." in home  # its first lines
    assert home.count('<div class="fact" id=') == 6
    assert '<a href="figures.html">All 205 key figures</a>' in home
    assert page(out, "figures-3.html").count('<div class="fact" id=') == 5
    chapter = page(out, "brief-s02.html")
    assert 'rel="prev" href="brief-s01.html"' in chapter
    assert 'rel="next" href="brief-s03.html"' in chapter
    contested = page(out, "contested.html")
    assert '<a href="contested-question-7.html#question-7">Question 7?</a>' in contested
    assert 'class="dispute"' not in contested
    question = page(out, "contested-question-7.html")
    assert '<a href="#question-7-1">Yes</a>' in question
    assert 'rel="next" href="contested-question-8.html"' in question
    sources = page(out, "sources.html")  # back-links lead to the split pages
    assert 'href="brief-s01.html#cite-1"' in sources
    assert 'href="contested-question-1.html#cite-' in sources
    assert 'href="figures-3.html#cite-' in sources
    checked = CliRunner().invoke(cli, ["check", "--project", str(site)])
    assert checked.exit_code == 0, checked.output
    assert "every internal link and fragment resolves" in checked.output


def test_every_link_between_split_pages_names_a_built_page(make_site):
    out = built(make_site(long_briefing(sections=13, facts=205, disputes=26)))
    for path in out.glob("*.html"):
        for href in links(path.read_text(encoding="utf-8")):
            target = href.split("#", 1)[0]
            if target and "://" not in target and not target.startswith("mailto:"):
                assert (out / target).is_file(), f"{path.name} links to {href}"


def test_below_the_thresholds_nothing_is_split(make_site):
    out = built(make_site(long_briefing(sections=12, facts=12, disputes=25)))
    assert not [p.name for p in out.glob("*.html")
                if re.match(r"(brief-|figures|contested-)", p.name)]
    assert page(out, "index.html").count('<div class="fact" id=') == 12
    assert page(out, "contested.html").count('class="dispute"') == 25


@pytest.mark.parametrize("name", ["figures", "timeline-2026", "source-reuters", "brief-x"])
def test_a_page_may_not_take_a_split_page_name(make_site, name):
    problems = failures(make_site({f"content/pages/{name}.md":
                                   "---\ntitle: F\ndescription: F.\n---\nText.\n"}))
    assert problems == [f"content/pages/{name}.md: the page name '{name}' is one the "
                        "generator gives a part of a long briefing (rename the file)"]


def test_split_pages_stay_small(make_site):
    out = built(make_site(long_briefing(sections=13, facts=205, disputes=26)))
    for path in out.glob("*.html"):
        assert len(gzip.compress(path.read_bytes())) < 100 * 1024, path.name


# -- discoverable ------------------------------------------------------------------------------


def test_feed_link_and_subscribe_link_only_when_a_feed_is_built(make_site):
    site = make_site()
    without = built(site)
    assert not (without / "feed.xml").exists()
    assert not [p.name for p in without.glob("*.html") if "feed.xml" in p.read_text()]
    with_feed = built(site, "--base-url", "https://b.example/x/")
    assert (with_feed / "feed.xml").is_file()
    for path in with_feed.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
                         r'href="(https://b\.example/x/)?feed\.xml">', html), path.name
        assert 'class="subscribe"' in html, path.name


def test_share_links_only_with_a_base_url(make_site):
    site = make_site()
    assert "Share this page" not in page(built(site), "timeline.html")
    html = page(built(site, "--base-url", "https://b.example/x/"), "timeline.html")
    share = html.split('<p class="share">', 1)[1].split("</p>", 1)[0]
    address = "https%3A//b.example/x/timeline.html"
    assert f'href="mailto:?subject=Tiny%20timeline&amp;body={address}"' in share
    assert f'href="https://www.linkedin.com/sharing/share-offsite/?url={address}"' in share
    assert "<script" not in share
    assert "Share this page" not in page(built(site, "--base-url", "https://b.example/x/"),
                                         "404.html")


def test_the_about_page_links_every_data_file_the_build_writes(make_site):
    about = "---\ntitle: About\ndescription: About it.\n---\nWho made it.\n"
    for args in ((), ("--base-url", "https://b.example/")):
        out = built(make_site({"content/pages/about.md": about}), *args)
        html = page(out, "about.html")
        listed = links(html.split('id="data-files"', 1)[1].split("</section>", 1)[0])
        expected = {"briefing.json", "briefing.schema.json", "timeline.json", "sources.csv"}
        assert set(listed) == expected | ({"feed.xml"} if args else set())
        assert all((out / name).is_file() for name in listed)
