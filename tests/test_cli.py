"""The command line, driven through click's CliRunner: success and every error path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.cli import cli
from briefing.write import MANIFEST
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


def test_every_problem_is_reported_at_once(make_site):
    text = (TINY / EVENTS).read_text()
    text = text.replace("date: 2026-01-10", "date: 2026-02-30").replace(
        "status: reported", "status: rumoured")
    site = make_site({EVENTS: text, "site.yml": "title: x\ntitle: y\n"})
    lines = build_fails(site)
    assert any("2026-02-30" in line for line in lines)
    assert any("'status' cannot be 'rumoured'" in line for line in lines)
    assert any(line.startswith("site.yml:2:1: duplicate key") for line in lines)
    assert any(line.startswith("site.yml:1:1: the site.yml has no 'description'")
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


def test_failed_build_leaves_the_previous_output_untouched(make_site):
    site = make_site()
    assert run(site).exit_code == 0
    before = {p.name: p.read_bytes() for p in (site / "output").iterdir()}
    (site / SOURCES).write_text("sources: [\n")
    result = run(site)
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in (site / "output").iterdir()} == before
