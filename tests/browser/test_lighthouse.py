"""Lighthouse (performance, accessibility, best practices, SEO) on every page, served over HTTP.

Scores go to test-artifacts/reports/lighthouse-scores.json and are printed with -s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile

import pytest

from tests.browser.conftest import PAGES
from tests.tools import CHROMIUM, CHROMIUM_FLAGS, LIGHTHOUSE, artifacts, require

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MINIMUM = 0.95


def lighthouse(url: str, report) -> dict[str, float]:
    require(shutil.which("node"), "Node.js")
    require(LIGHTHOUSE, "Lighthouse")
    require(CHROMIUM, "Chromium")
    with tempfile.TemporaryDirectory() as profile:
        flags = " ".join(["--headless=new", *CHROMIUM_FLAGS, f"--user-data-dir={profile}"])
        subprocess.run(
            [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
            check=True, timeout=180, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text())
    assert not data.get("runtimeError"), data.get("runtimeError")
    return {name: data["categories"][name]["score"] for name in CATEGORIES}


@pytest.fixture(scope="module")
def scores(server) -> dict[str, dict[str, float]]:
    reports = artifacts("reports", "lighthouse")
    found = {name: lighthouse(server + name, reports / f"{name}.json") for name in PAGES}
    (artifacts("reports") / "lighthouse-scores.json").write_text(
        json.dumps(found, indent=2, sort_keys=True) + "\n")
    return found


@pytest.mark.parametrize("name", PAGES)
def test_every_lighthouse_category_scores_at_least_095(scores, name):
    print(name, scores[name])
    low = {category: score for category, score in scores[name].items() if score < MINIMUM}
    assert low == {}, f"{name}: below {MINIMUM}"
