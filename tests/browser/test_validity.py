"""The W3C Nu validator (vnu.jar, the validator behind validator.w3.org/nu) over the output."""

from __future__ import annotations

import json
import shutil
import subprocess

from tests.tools import VNU_JAR, artifacts, require


def vnu(folder, report: str) -> list[dict]:
    require(shutil.which("java"), "Java")
    require(VNU_JAR, "the W3C Nu validator (vnu-jar)")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--also-check-css",
         "--also-check-svg", "--format", "json", str(folder)],
        capture_output=True, text=True, check=False, timeout=300)
    (artifacts("reports") / report).write_text(result.stderr)
    return json.loads(result.stderr)["messages"]


def test_every_page_and_stylesheet_is_valid(built_site):
    messages = vnu(built_site, "vnu.json")
    errors = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert errors == []


def test_the_validator_reports_a_planted_error(built_site, tmp_path):
    """The instrument works: an unclosed element and a bad CSS value are caught."""
    broken = tmp_path / "site"
    shutil.copytree(built_site, broken)
    page = broken / "index.html"
    page.write_text(page.read_text().replace("<main id=\"main\">", "<main id=\"main\"><div>", 1))
    css = broken / "style.css"
    css.write_text(css.read_text() + "\np { colour: red; }\n")
    messages = vnu(broken, "vnu-planted.json")
    files = {m.get("url", "").rsplit("/", 1)[-1] for m in messages if m["type"] == "error"}
    assert files == {"index.html", "style.css"}
