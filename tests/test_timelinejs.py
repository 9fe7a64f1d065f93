"""TimelineJS in and out: `import timelinejs` makes a briefing of a TimelineJS3 JSON file
or of its sheet's CSV (both templates), and the build's timeline.json gives back the same
events, dates, groups, media and text, with absolute links under a base URL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.pipeline import Options, render_project
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "timelinejs"
BASE = "https://bridge.example/"


def imported(tmp_path: Path, name: str) -> tuple[Path, str]:
    folder = tmp_path / "imported"
    result = CliRunner().invoke(cli, ["import", "timelinejs", str(FIXTURES / name),
                                      "--into", str(folder), "--updated", "2026-11-30"])
    assert result.exit_code == 0, result.output
    return folder, result.output


def exported(project: Path) -> dict:
    files = render_project(project, Options(BASE)).files
    return json.loads(files["timeline.json"])


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def as_strings(date: dict | None) -> dict | None:
    return None if date is None else {k: str(v) for k, v in date.items()
                                      if k in ("year", "month", "day") and str(v)}


@pytest.mark.parametrize("name", ["bridge.json", "bridge.csv"])
def test_an_imported_timeline_comes_back_the_same(tmp_path, name):
    original = json.loads((FIXTURES / "bridge.json").read_text())
    project, _ = imported(tmp_path, name)
    # The sheet has no ids: slides are matched by headline, which both keep.
    slides = {slide["text"]["headline"]: slide for slide in exported(project)["events"]}
    for given in original["events"]:
        if given["unique_id"] in ("storm", "plaque"):
            continue  # their time of day cannot be held; see the report test
        back = slides[given["text"]["headline"]]
        assert as_strings(back["start_date"]) == as_strings(given["start_date"])
        assert as_strings(back.get("end_date")) == as_strings(given.get("end_date"))
        assert back.get("group") == given.get("group")
        assert back["text"]["headline"] == given["text"]["headline"]
        assert words(back["text"]["text"]) == words(given["text"]["text"])
        assert links(back["text"]["text"]) == links(given["text"]["text"])
        if "media" in given:
            assert back["media"]["url"] == given["media"]["url"]
            assert words(back["media"]["caption"]) == words(given["media"]["caption"])
            assert back["media"]["credit"] == words(given["media"]["credit"])
    assert back["text"]["headline"] == "Restored"
    assert slides["A busy decade"]["display_date"] == "1950s"


def test_the_import_lists_what_the_format_cannot_hold(tmp_path):
    _, output = imported(tmp_path, "bridge.json")
    for dropped in ("time of day was dropped", "thumbnail was dropped",
                    "background was dropped", "1 era(s) dropped",
                    "social.example.com is neither an image", "media title was dropped",
                    "media link was dropped", "media link_target was dropped",
                    "autolink: false", "display date 'Early February 2020' was replaced"):
        assert dropped in output
    assert "imported 7 events" in output


def test_the_imported_briefing_keeps_provenance_and_its_images_hosts(tmp_path):
    project, _ = imported(tmp_path, "bridge.json")
    site = (project / "site.yml").read_text()
    assert "media_hosts:\n- upload.example.org" in site and "statuses: {}" in site
    files = render_project(project, Options(BASE)).files
    sources = files["sources.html"].decode()
    assert "https://archive.example.org/plans/1815" in sources  # a link became a source
    assert "City Museum" in sources  # the credit's link too, which the figure links to
    timeline = files["timeline.html"].decode()
    assert 'href="sources.html#src-museum-example-org-12">City Museum</a>' in timeline
    assert "<iframe" not in timeline and "youtube.com/watch?v=abc123" in timeline
    policy = files["index.html"].decode()
    assert "img-src 'self' data: https://upload.example.org;" in policy


def test_the_old_sheet_with_start_and_end_date_columns(tmp_path):
    project, _ = imported(tmp_path, "old-sheet.csv")
    slides = {s["text"]["headline"]: s for s in exported(project)["events"]}
    assert slides["A year"]["start_date"] == {"year": "1998"}
    assert slides["A few days"]["end_date"] == {"year": "2001", "month": "9", "day": "6"}
    assert slides["A US-style day"]["start_date"] == {"year": "2004", "month": "3",
                                                      "day": "15"}
    assert slides["A year"]["group"] == "Early"


def test_import_refuses_a_folder_that_is_not_empty_and_a_file_that_is_not_timelinejs(
        tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "timelinejs", str(FIXTURES / "bridge.json"),
                                 "--into", str(busy)])
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert (busy / "notes.txt").read_text() == "mine" and len(list(busy.iterdir())) == 1
    broken = tmp_path / "broken.json"
    broken.write_text('{"events": [}')
    result = runner.invoke(cli, ["import", "timelinejs", str(broken), "--into",
                                 str(tmp_path / "new")])
    assert result.exit_code == 1 and "broken.json:1:" in result.stderr
    assert "Traceback" not in result.output


def test_a_briefing_built_by_hand_exports_its_groups_and_no_status_line(bare_site):
    site = bare_site({
        "site.yml": "title: T\ndescription: D\nlanguage: en\nupdated: 2026-01-01\n",
        "content/data/sheet.yml": (
            "sources:\n  - id: s\n    outlet: S\n    headline: H\n    published: 2026-01-01\n"
            "events:\n  - id: e\n    date: 1950s\n    title: E\n    group: G\n"
            "    status: reported\n    body: Text [@s].\n    sources: [s]\n")})
    (slide,) = exported(site)["events"]
    assert slide["group"] == "G" and slide["start_date"] == {"year": "1950"}
    assert "Status" not in slide["text"]["text"]
    assert slide["briefing"]["status"] == "Reported"
    assert f'href="{BASE}sources.html#src-s"' in slide["text"]["text"]  # absolute
