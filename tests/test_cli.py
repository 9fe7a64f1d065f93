"""The command line, driven through click's CliRunner: success and every error path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.write import MANIFEST
from build import cli
from tests.conftest import TINY

SOURCES = "content/data/sources.yml"
EVENTS = "content/data/timeline.yml"


def run(site: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--project", str(site), *args])


def build_fails(site: Path) -> list[str]:
    """Build, expect a content failure, return the problem lines."""
    result = run(site, "--out", str(site / "output"))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert not (site / "output").exists(), "nothing may be written on failure"
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("build failed:")
    return lines[:-1]


def test_build_writes_every_page_and_exits_0(make_site):
    site = make_site()
    result = run(site)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"built 11 files into {site / 'output'}")
    names = sorted(p.name for p in (site / "output").iterdir())
    assert names == sorted([MANIFEST, "404.html", "contested.html", "index.html",
                            "sources.html", "style.css", "timeline.html", "robots.txt",
                            "briefing.json", "briefing.schema.json", "timeline.json",
                            "sources.csv"])


def test_out_and_base_url_override_the_defaults(make_site, tmp_path):
    site = make_site()
    result = run(site, "--out", str(tmp_path / "elsewhere"), "--base-url", "https://x.example/b")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "elsewhere" / "timeline.html").read_text()
    assert '<link rel="canonical" href="https://x.example/b/timeline.html">' in page
    assert not (site / "output").exists()


def test_without_base_url_no_absolute_link_is_written(make_site):
    site = make_site()
    assert run(site).exit_code == 0
    for page in (site / "output").glob("*.html"):
        assert "canonical" not in page.read_text()


@pytest.mark.parametrize(
    "args",
    [["--bogus"], ["--base-url", "example.org/x"], ["--base-url", "ftp://x.example/"],
     ["--project", "/no/such/folder"]],
)
def test_misuse_exits_2(make_site, args):
    site = make_site()
    result = CliRunner().invoke(cli, ["build", "--project", str(site), *args]
                                if "--project" not in args else ["build", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_unknown_command_exits_2():
    assert CliRunner().invoke(cli, ["bild"]).exit_code == 2


def test_yaml_syntax_error(make_site):
    site = make_site({SOURCES: "sources:\n  - id: a\n    outlet: [unclosed\n"})
    (line,) = [p for p in build_fails(site) if "syntax" in p]
    assert line.startswith(f"{SOURCES}:4:1: YAML syntax error")


def test_duplicate_key(make_site):
    text = (TINY / EVENTS).read_text()
    text = text.replace("    title: A day event\n",
                        "    title: A day event\n    title: Again\n", 1)
    site = make_site({EVENTS: text})
    assert f"{EVENTS}:5:5: duplicate key 'title' (first given at line 4) " \
           "(keep one of them: YAML would silently drop the first)" in build_fails(site)


def test_unknown_key_suggests_the_closest(edit_site):
    site = edit_site(EVENTS, "    status: confirmed", "    staus: confirmed")
    lines = build_fails(site)
    assert f"{EVENTS}:5:5: unknown key 'staus' in an event (did you mean 'status'?)" in lines
    assert any("has no 'status'" in line for line in lines)


def test_missing_required_field(edit_site):
    site = edit_site(SOURCES, "    headline: A thing happens\n", "")
    assert f"{SOURCES}:2:5: the source has no 'headline' (add 'headline:' " \
           "(its headline (shortened with '…' past seven words)))" in build_fails(site)


def test_impossible_date(edit_site):
    site = edit_site(EVENTS, "date: 2026-01-10", "date: 2026-02-30")
    lines = build_fails(site)
    assert lines == [f"{EVENTS}:3:11: 'date': '2026-02-30' is not a real day: February 2026 "
                     "has 28 days (check the day of the month)"]


def test_date_in_the_wrong_form(edit_site):
    site = edit_site(EVENTS, "date: 2026-01-10", "date: 10/01/2026")
    (line,) = [p for p in build_fails(site) if "'date'" in p]
    assert line.startswith(f"{EVENTS}:3:11: 'date': '10/01/2026' is not a date this format knows")


def test_unknown_source_id_in_yaml_and_in_markdown(make_site):
    text = (TINY / EVENTS).read_text()
    site = make_site({
        EVENTS: text.replace("    sources: [wire-a]\n", "    sources: [wire-aa]\n", 1),
        "content/brief/extra.md": "---\ntitle: Extra\norder: 2\n---\nLine one.\n\n"
                                  "Said so [@paper-bee].\n",
    })
    lines = build_fails(site)
    assert f"{EVENTS}:6:15: unknown source id 'wire-aa' (did you mean 'wire-a'?)" in lines
    assert ("content/brief/extra.md:7:9: unknown source id 'paper-bee' "
            "(did you mean 'paper-b'?)") in lines


def test_via_must_be_an_outlet_the_source_credits(edit_site):
    site = edit_site(EVENTS, "sources: [paper-b via Wire]",
                                           "sources: [paper-b via Wirre]")
    assert any("source 'paper-b' does not credit 'Wirre' (did you mean 'Wire'?)" in line
               for line in build_fails(site))


def test_duplicate_id_across_files(make_site):
    site = make_site({"content/data/more.yml": (
        "sources:\n  - id: wire-a\n    outlet: Copy\n    headline: H\n"
        "    kind: blog\n    published: 2026-01-01\n")})
    # more.yml sorts before sources.yml, so the copy in sources.yml is the duplicate
    assert ("content/data/sources.yml:2:9: duplicate id 'wire-a' among sources (it is first "
            "used at content/data/more.yml:2:9; rename one of them)") in build_fails(site)


def test_claim_with_no_source(make_site):
    text = (TINY / EVENTS).read_text()
    text = text.replace("    status: confirmed\n    sources: [wire-a]\n", "    status: confirmed\n")
    site = make_site({EVENTS: text})
    assert (f"{EVENTS}:2:5: this event makes a claim with no source "
            "(add 'sources: [source-id]')") in build_fails(site)


def test_empty_source_list_is_a_claim_with_no_source(edit_site):
    site = edit_site(EVENTS, "sources: [wire-a]", "sources: []")
    assert any(line.startswith(f"{EVENTS}:6:14: a claim with no source")
               for line in build_fails(site))


def test_every_problem_is_reported_at_once(make_site):
    text = (TINY / EVENTS).read_text()
    text = text.replace("date: 2026-01-10", "date: 2026-02-30").replace(
        "status: reported", "status: rumoured")
    site = make_site({EVENTS: text, "site.yml": "title: x\ntitle: y\n"})
    lines = build_fails(site)
    assert any("2026-02-30" in line for line in lines)
    assert any("'status' cannot be 'rumoured'" in line for line in lines)
    assert any(line.startswith("site.yml:2:1: duplicate key") for line in lines)
    assert any(line.startswith("site.yml:1:1: the site.yml has no 'navigation'")
               for line in lines)


def test_unused_source_is_a_warning_not_an_error(make_site):
    sources = (TINY / SOURCES).read_text()
    site = make_site({SOURCES: sources + (
        "  - id: spare\n    outlet: Spare\n    headline: H\n    kind: blog\n"
        "    published: 2026-01-01\n")})
    result = run(site)
    assert result.exit_code == 0, result.output
    assert (f"{SOURCES}:17:9: warning: source 'spare' is never cited "
            "(cite it or remove it)") in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"content/pages/sources.md": None},
         "content/pages/sources.md: the intro of the 'sources' page is missing"),
        ({"content/pages/404.md": "no front matter\n"},
         "content/pages/404.md:1:1: missing front matter"),
        ({"content/pages/404.md": "---\ntitle: x\n"},
         "content/pages/404.md:1:1: front matter is never closed"),
        ({"content/brief/what-happened.md": "---\ntitle: x\norder: first\n---\nx\n"},
         "content/brief/what-happened.md:3:8: 'order' must be a number, not str"),
        ({"site.yml": None}, "site.yml: site.yml is missing"),
        ({"content/data/empty.yml": ""}, "content/data/empty.yml: the file is empty"),
        ({"content/data/list.yml": "- a\n- b\n"},
         "content/data/list.yml:1:1: a fact sheet must be a mapping of keys to values"),
    ],
)
def test_file_level_problems(make_site, files, expected):
    assert any(line.startswith(expected) for line in build_fails(make_site(files)))


def test_non_utf8_file(make_site):
    site = make_site()
    (site / "content/data/bad.yml").write_bytes(b"sources:\n  - id: caf\xe9\n")
    assert ("content/data/bad.yml:2:12: the file is not valid UTF-8 (byte 0xe9) "
            "(save it as UTF-8)") in build_fails(site)


def test_byte_order_mark_is_reported(make_site):
    site = make_site()
    path = site / "site.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert build_fails(site) == [
        "site.yml:1:1: the file starts with a byte-order mark (save it as UTF-8 without a BOM)"]


def test_template_syntax_error_points_at_the_template_line(make_site):
    site = make_site({"templates/404.html": "{% extends 'base.html' %}\n{% block main %}\n"
                                            "{% if %}\n{% endblock %}\n"})
    lines = build_fails(site)
    assert any(line.startswith("templates/404.html:3:1: template syntax error") for line in lines)


def test_undefined_name_in_a_template_is_an_error(make_site):
    site = make_site({"templates/404.html": "{{ site.no_such_thing }}\n"})
    assert any("'no_such_thing'" in line for line in build_fails(site))


def test_failed_build_leaves_the_previous_output_untouched(make_site):
    site = make_site()
    assert run(site).exit_code == 0
    before = {p.name: p.read_bytes() for p in (site / "output").iterdir()}
    (site / SOURCES).write_text("sources: [\n")
    result = run(site)
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in (site / "output").iterdir()} == before
