"""The corpus of broken inputs (tests/corpus/cases.py): each gives exactly its messages,
exit code 1, no traceback, and leaves the previous output byte for byte as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from tests.conftest import tree
from tests.corpus.cases import CASES

POSITION = re.compile(r"^[^:\s]+:\d+:\d+: ")
NO_LINES = ("is missing", "the file is empty", "holds no data", "a content file may be")
"""Messages about a file with no lines to point at: missing, empty, or too big to read."""


def apply(site: Path, edits: list[tuple]) -> None:
    for edit in edits:
        if edit[0] == "edit":
            _, path, old, new = edit
            text = (site / path).read_text(encoding="utf-8")
            assert old in text, f"the case no longer applies: {old!r} is not in {path}"
            (site / path).write_text(text.replace(old, new, 1), encoding="utf-8")
        elif edit[0] == "put":
            data = edit[2] if isinstance(edit[2], bytes) else edit[2].encode("utf-8")
            (site / edit[1]).parent.mkdir(parents=True, exist_ok=True)
            (site / edit[1]).write_bytes(data)
        else:
            (site / edit[1]).unlink()


def test_the_corpus_is_large_and_its_names_unique():
    names = [name for name, _, _ in CASES]
    assert len(names) >= 60 and len(set(names)) == len(names)


@pytest.mark.parametrize(("name", "edits", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_input(make_site, name, edits, expected):
    site = make_site()
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--project", str(site)]).exit_code == 0
    before = tree(site / "output")

    apply(site, edits)
    result = runner.invoke(cli, ["build", "--project", str(site)])

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), "no uncaught exception"
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == expected
    for message in expected[:-1]:
        assert POSITION.match(message) or any(reason in message for reason in NO_LINES)
    assert tree(site / "output") == before, "the previous output is untouched"
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".output")) == [
        ".output.lock"], "no staging left: only the lock file, made once and left"
