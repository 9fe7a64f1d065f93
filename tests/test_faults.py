"""Faults: a build killed at random moments, write errors, and dangerous --out targets."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefing.write
from briefing.cli import cli
from briefing.pipeline import build
from tests.conftest import ROOT, tree

EXTRA_PAGES = 200  # a longer write phase, so that kills land in it too


def site_with_many_pages(make_site, title: str) -> Path:
    pages = {f"content/pages/p{n:03}.md": f"---\ntitle: Page {n}\ndescription: d\n---\n"
             + "Some text. " * 200 + "\n" for n in range(EXTRA_PAGES)}
    site = make_site(pages)
    text = (site / "site.yml").read_text().replace("title: Tiny briefing", f"title: {title}")
    (site / "site.yml").write_text(text)
    return site


def run_build(site: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "build.py", "build", "--project", str(site)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_site_whole(make_site,
                                                                           tmp_path):
    site = site_with_many_pages(make_site, "Version A")
    versions = {}
    for title in ("Version A", "Version B"):
        (site / "site.yml").write_text((site / "site.yml").read_text()
                                       .replace("Version A", title).replace("Version B", title))
        build(site, tmp_path / title)
        versions[title] = tree(tmp_path / title)
    durations = []
    for _ in range(3):  # the slowest of three: a build that runs long must still be reached
        started = time.monotonic()
        assert run_build(site).wait(timeout=60) == 0
        durations.append(time.monotonic() - started)
    duration = max(durations)

    rng = random.Random(20261122)
    outcomes = {"old": 0, "new": 0, "killed while writing": 0}
    current = "Version B"
    for _ in range(50):
        target = "Version A" if current == "Version B" else "Version B"
        text = (site / "site.yml").read_text().replace(current, target)
        (site / "site.yml").write_text(text)
        process = run_build(site)
        # Half the kills anywhere in the run; half late, where the writing and the swap are
        # (up to well past the usual end, so that some land after the swap even when the
        # machine is busy: 50 kills all before the swap made this test fail now and then).
        late = rng.random() < 0.5
        time.sleep(rng.uniform(duration * 0.6, duration * 2.0) if late
                   else rng.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = tree(site / "output")
        assert after in (versions[current], versions[target]), "a mix of two builds"
        outcomes["old" if after == versions[current] else "new"] += 1
        outcomes["killed while writing"] += any(site.glob(".output.new-*"))
        assert run_build(site).wait(timeout=60) == 0, "the next build succeeds"
        assert tree(site / "output") == versions[target]
        assert not any(site.glob(".output.new-*")), "what the killed build left is cleared"
        current = target
    print(f"SIGKILL: 50 runs, {outcomes}, partial outputs 0")
    assert outcomes["old"] and outcomes["new"], "kills landed both before and after the swap"


def fail_after(count: int, code: int):
    """A write_bytes that fails with `code` after `count` successful writes."""
    real = Path.write_bytes
    calls = {"n": 0}

    def write_bytes(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] > count:
            raise OSError(code, os.strerror(code), str(self))
        return real(self, data)

    return write_bytes


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "No space left on device"),
                                             (errno.EROFS, "Read-only file system")])
def test_a_write_error_is_a_clear_message_and_the_old_output_stays(make_site, monkeypatch,
                                                                   code, words):
    """Disk full and a read-only disk, simulated: the OS error raised in the middle of a
    build (root ignores file permissions, so a real read-only folder cannot be made here)."""
    site = make_site()
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--project", str(site)]).exit_code == 0
    before = tree(site / "output")
    monkeypatch.setattr(Path, "write_bytes", fail_after(3, code))
    result = runner.invoke(cli, ["build", "--project", str(site)])
    monkeypatch.undo()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"cannot write the output: {words}" in result.stderr
    assert tree(site / "output") == before
    assert not any(site.glob(".output.new-*"))


@pytest.mark.parametrize("where", [".", "..", "HOME", "/"])
def test_dangerous_outputs_are_refused(make_site, monkeypatch, where):
    site = make_site()
    monkeypatch.setenv("HOME", str(site.parent))
    out = {"HOME": "~", ".": str(site), "..": str(site / "..")}.get(where, where)
    out = os.path.expanduser(out)
    before = sorted(p.name for p in site.parent.iterdir())
    result = CliRunner().invoke(cli, ["build", "--project", str(site), "--out", out, "--force"])
    assert result.exit_code == 1
    assert "refusing" in result.stderr or "would contain the project" in result.stderr
    assert sorted(p.name for p in site.parent.iterdir()) == before


def test_a_folder_the_generator_did_not_make_is_refused_then_kept_with_force(make_site,
                                                                            tmp_path):
    site, out = make_site(), tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "sub").mkdir()
    (out / "sub" / "deep.txt").write_text("also mine")
    refused = CliRunner().invoke(cli, ["build", "--project", str(site), "--out", str(out)])
    assert refused.exit_code == 1 and "pass --force" in refused.stderr
    assert tree(out) == {"notes.txt": b"mine", "sub/deep.txt": b"also mine"}
    forced = CliRunner().invoke(cli, ["build", "--project", str(site), "--out", str(out),
                                      "--force"])
    assert forced.exit_code == 0, forced.output
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "sub" / "deep.txt").read_text() == "also mine"
    again = CliRunner().invoke(cli, ["build", "--project", str(site), "--out", str(out)])
    assert again.exit_code == 0 and (out / "notes.txt").read_text() == "mine"
    assert briefing.write.read_manifest(out) is not None
