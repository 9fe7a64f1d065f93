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


def test_the_template_reference_names_every_field_of_the_model():
    """Theme authors read the README, not model.py: a field added there must be named."""
    from briefing import model, records
    from briefing.citations import Citation
    from briefing.dates import When
    from briefing.timeline import TimelineGroup

    section = README.split("## Template reference", 1)[1].split("\n## ", 1)[0]
    types = [model.Site, model.NavLink, model.Page, model.BriefSection, TimelineGroup,
             model.Event, records.Status, model.Fact, model.FactValue, model.Dispute,
             model.Position, model.Source, model.Media, Citation]
    missing = [f"{kind.__name__}.{name}" for kind in types for name in kind._fields
               if f"`{name}`" not in section]
    missing += [f"When.{name}" for name in When.__dataclass_fields__
                if f"`{name}`" not in section]
    assert missing == []
    for template in sorted((ROOT / "templates").glob("*.html")):
        assert f"`{template.name}`" in section, template.name
