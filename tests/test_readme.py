"""The README documents every key of the content format, and the Quick start."""

from __future__ import annotations

import re

from briefing.schema_doc import reference
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_format_reference_is_generated_from_the_schema():
    assert reference() in README, "run `make docs` and commit README.md"


def test_quick_start_is_two_commands_and_ci_runs_the_test_command():
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", section, re.MULTILINE)
    assert commands == ["make site", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
