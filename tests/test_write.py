"""The write stage: the output is replaced whole or not at all, and only our files are deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.problems import ContentError
from briefing.write import MANIFEST, exchange, replace_output
from tests.conftest import tree

FILES = {"index.html": b"<p>one</p>", "sub/page.html": b"<p>two</p>"}



@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    return tmp_path / "project"


def test_first_build_writes_the_files_and_a_manifest(project):
    replace_output(FILES, project / "output", project)
    assert tree(project / "output") == {**FILES, MANIFEST: b"index.html\nsub/page.html\n"}
    assert (project / "output").stat().st_mode & 0o777 == 0o755


def test_a_rebuild_removes_files_it_no_longer_writes(project):
    out = project / "output"
    replace_output(FILES, out, project)
    replace_output({"index.html": b"new"}, out, project)
    assert tree(out) == {"index.html": b"new", MANIFEST: b"index.html\n"}
    assert sorted(p.name for p in project.iterdir()) == [".output.lock", "output"], \
        "no staging left behind: only the lock file, made once and left"


def test_files_the_generator_did_not_write_survive_every_rebuild(project):
    out = project / "output"
    replace_output(FILES, out, project)
    (out / "CNAME").write_text("briefing.example\n")
    (out / "sub" / "keep.txt").write_text("mine")
    replace_output({"index.html": b"new"}, out, project)
    replace_output({"index.html": b"newer"}, out, project)
    assert (out / "CNAME").read_text() == "briefing.example\n"
    assert (out / "sub" / "keep.txt").read_text() == "mine"
    assert not (out / "sub" / "page.html").exists()
    assert sorted(p.name for p in project.iterdir()) == [".output.lock", "output"]


def test_refuses_to_overwrite_a_file_it_did_not_write(project):
    out = project / "output"
    replace_output({"index.html": b"x"}, out, project)
    (out / "about.html").write_text("hand-written")
    before = tree(out)
    with pytest.raises(ContentError, match="not written by the generator"):
        replace_output({"index.html": b"y", "about.html": b"generated"}, out, project)
    assert tree(out) == before


def test_refuses_a_non_empty_folder_without_a_manifest(project):
    out = project / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("precious")
    with pytest.raises(ContentError, match="holds files this generator did not write"):
        replace_output(FILES, out, project)
    assert tree(out) == {"notes.txt": b"precious"}


def test_an_empty_existing_folder_is_fine(project):
    (project / "output").mkdir()
    replace_output(FILES, project / "output", project)
    assert tree(project / "output")["index.html"] == b"<p>one</p>"


@pytest.mark.parametrize("where", [".", ".."])
def test_refuses_the_project_itself_or_a_folder_above_it(project, where):
    with pytest.raises(ContentError, match="would contain the project itself"):
        replace_output(FILES, project / where, project)


def test_refuses_a_file_as_output(project):
    (project / "output").write_text("a file")
    with pytest.raises(ContentError, match="is a file, not a folder"):
        replace_output(FILES, project / "output", project)


def test_an_os_error_is_a_clear_message_and_leaves_the_old_output(project):
    blocker = project / "blocker"
    blocker.write_text("not a folder")
    with pytest.raises(ContentError, match="cannot write the output") as caught:
        replace_output(FILES, blocker / "output", project)
    assert "old output is unchanged" in str(caught.value)


def test_staging_left_by_an_interrupted_build_is_cleared_but_foreign_files_stay(project):
    out = project / "output"
    stale = project / ".output.new-abc123"
    stale.mkdir()
    (stale / MANIFEST).write_text("index.html\n")
    (stale / "index.html").write_text("half")
    (stale / "stray.txt").write_text("not ours")
    replace_output(FILES, out, project)
    assert not (stale / "index.html").exists()
    assert (stale / "stray.txt").read_text() == "not ours"


def test_exchange_swaps_two_folders(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("from a")
    (b / "y").write_text("from b")
    exchange(a, b)
    assert [p.name for p in a.iterdir()] == ["y"] and [p.name for p in b.iterdir()] == ["x"]
