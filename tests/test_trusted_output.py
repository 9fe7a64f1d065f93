"""Trusted with real folders and real mistakes: build, clean and publish against a tampered
manifest, links and odd entries in the target, runs at once, runs killed, and git branches
that are not ours. Every case ends in exit 0 with the right output, or in exit 1 (2 for a
malformed option) with a clear message; never a traceback or a hang; nothing outside the
target touched, and the target whole."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import briefing.target
import briefing.write
from briefing.cli import cli
from briefing.target import MANIFEST
from tests.conftest import ROOT, STARTER

ABOUT = "---\ntitle: About\ndescription: About the tiny site.\n---\nAbout it.\n"
TIMEOUT = 60  # a guard against a hang only: every run here takes a second or two


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def state(folder: Path) -> dict[str, object]:
    """Everything under folder, not following links: file bytes, link targets, FIFOs, and
    folders (empty or not)."""
    found: dict[str, object] = {}
    if not os.path.lexists(folder):
        return found
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_dir():
            found[name] = "dir"
        elif path.is_fifo():
            found[name] = "fifo"
        else:
            found[name] = path.read_bytes()
    return found


def outside(root: Path, target: Path) -> dict[str, object]:
    """Everything under root but the target, the lock beside it and template caches."""
    lock = f".{target.name}.lock"
    return {name: value for name, value in state(root).items()
            if not (name == target.relative_to(root).as_posix()
                    or name.startswith(target.relative_to(root).as_posix() + "/")
                    or name.rsplit("/", 1)[-1] == lock or "/.cache" in f"/{name}")}


def staging_left(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir()
                  if p.name.startswith(f".{target.name}.new-"))


def refused(result: Result, *words: str) -> None:
    """Exit 1, every word in the message, one problem a line, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def site(make_site, tmp_path: Path) -> Path:
    """The tiny site with an extra page, built once into output/; a sentinel beside it."""
    project = make_site({"content/pages/about.md": ABOUT})
    (tmp_path / "sentinel.txt").write_text("precious\n")
    assert run("build", "--project", str(project)).exit_code == 0
    return project


def command_line(command: str, project: Path, target: Path) -> list[str]:
    if command == "publish":
        return ["publish", "--project", str(project), "--to", str(target)]
    return [command, "--project", str(project), "--out", str(target)]


# -- 1. a tampered manifest ----------------------------------------------------------------

TAMPERED = {
    "parent": ("../site.yml", "climbs out of the folder through '..'"),
    "sibling": ("../../sentinel.txt", "climbs out of the folder"),
    "absolute": ("ABSOLUTE", "is an absolute path"),
    "dot": ("./index.html", "has an empty or '.' part"),
    "empty part": ("sub//x.html", "has an empty or '.' part"),
    "empty line": ("", "is an empty line"),
    "NUL": ("index\0.html", "holds a NUL character"),
    "duplicate": ("index.html", "is listed twice (first on line"),
    "itself": (MANIFEST, "names the manifest itself"),
}


@pytest.mark.parametrize("command", ["build", "clean", "publish"])
@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_tampered_manifest_is_refused_naming_the_line(site, tmp_path, command, case):
    out = site / "output"
    line, words = TAMPERED[case]
    line = line.replace("ABSOLUTE", str(tmp_path / "sentinel.txt"))
    manifest = out / MANIFEST
    lines = manifest.read_bytes().count(b"\n")
    manifest.write_bytes(manifest.read_bytes() + line.encode() + b"\n")
    before, around = state(out), outside(tmp_path, out)
    result = run(*command_line(command, site, out))
    refused(result, f"{manifest}:{lines + 1}:1: entry", words, "nothing was changed")
    assert state(out) == before and outside(tmp_path, out) == around
    assert staging_left(out) == []


def test_an_entry_through_a_linked_folder_is_refused(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("keep me")
    os.symlink(elsewhere, site / "output" / "linked")
    with (site / "output" / MANIFEST).open("a") as manifest:
        manifest.write("linked/secret.txt\n")
    for command in ("build", "clean", "publish"):
        result = run(*command_line(command, site, site / "output"))
        refused(result, "entry 'linked/secret.txt' has a symbolic link on the way ('linked')")
    assert (elsewhere / "secret.txt").read_text() == "keep me"


@pytest.mark.parametrize("what", ["folder", "link", "fifo"])
def test_an_entry_that_is_not_a_file_is_refused(site, tmp_path, what):
    out = site / "output"
    (out / "index.html").unlink()
    if what == "folder":
        (out / "index.html").mkdir()
        (out / "index.html" / "mine.txt").write_text("mine")
    elif what == "link":
        os.symlink(tmp_path / "sentinel.txt", out / "index.html")
    else:
        os.mkfifo(out / "index.html")
    before, around = state(out), outside(tmp_path, out)
    noun = {"folder": "a folder", "link": "a symbolic link", "fifo": "a special file"}[what]
    for command in ("build", "clean"):
        refused(run(*command_line(command, site, out)),
                f"entry 'index.html' is {noun}, not a file the generator wrote",
                "changed by hand")
    assert state(out) == before and outside(tmp_path, out) == around


@pytest.mark.parametrize("what", ["folder", "link", "fifo", "not UTF-8"])
def test_a_manifest_that_is_not_a_text_file_is_refused_without_a_hang(site, tmp_path, what):
    out = site / "output"
    manifest = out / MANIFEST
    manifest.unlink()
    if what == "folder":
        manifest.mkdir()
    elif what == "link":
        os.symlink(tmp_path / "sentinel.txt", manifest)
    elif what == "fifo":
        os.mkfifo(manifest)  # reading it would wait for a writer for ever
    else:
        manifest.write_bytes(b"index.html\n\xff\xfe.html\n")
    before, around = state(out), outside(tmp_path, out)
    words = "is not UTF-8 text" if what == "not UTF-8" else "not a file"
    for command in ("build", "clean", "publish"):
        refused(run(*command_line(command, site, out)), str(manifest), words)
    assert state(out) == before and outside(tmp_path, out) == around


def test_a_huge_manifest_of_absent_files_builds_and_one_bad_line_in_it_is_found(site):
    out = site / "output"
    manifest = out / MANIFEST
    original = manifest.read_text()
    manifest.write_text(original + "".join(f"gone/page-{n}.html\n" for n in range(100_000)))
    assert run("build", "--project", str(site)).exit_code == 0
    assert manifest.read_text() == original, "the new manifest names only what was written"
    manifest.write_text(original + "x.html\n" * 1 + "".join(f"../p{n}\n" for n in range(500)))
    result = run("build", "--project", str(site))
    refused(result, "and 480 more lines like these")
    assert len(result.stderr.splitlines()) == 22, "20 lines, the count, and the summary"


# -- 2. links and odd entries in and around the target -------------------------------------


@pytest.mark.parametrize("command", ["build", "clean", "publish"])
@pytest.mark.parametrize("dangling", [False, True])
def test_an_output_folder_that_is_a_link_is_refused(site, tmp_path, command, dangling):
    webroot = tmp_path / "webroot"
    if not dangling:
        webroot.mkdir()
        (webroot / "index.html").write_text("the live site")
        (webroot / MANIFEST).write_text("index.html\n")
    shutil.rmtree(site / "output")
    os.symlink(webroot, site / "output")
    around = outside(tmp_path, site / "output")
    result = run(*command_line(command, site, site / "output"))
    refused(result, "is a symbolic link (to", "nothing was changed")
    assert outside(tmp_path, site / "output") == around
    assert os.readlink(site / "output") == str(webroot)


FOREIGN_LINKS = {
    "to a file": "SENTINEL",
    "to a folder": "ELSEWHERE",
    "dangling": "/nonexistent/briefing-test",
    "relative": "index.html",
}


@pytest.mark.parametrize("command", ["build", "publish"])
@pytest.mark.parametrize("case", sorted(FOREIGN_LINKS))
def test_a_foreign_link_is_kept_as_a_link_and_never_followed(site, tmp_path, command, case):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not the site")
    pointing = FOREIGN_LINKS[case].replace("SENTINEL", str(tmp_path / "sentinel.txt"))
    pointing = pointing.replace("ELSEWHERE", str(elsewhere))
    out = site / "output"
    os.symlink(pointing, out / "mine")
    around = outside(tmp_path, out)
    for _ in range(2):
        result = run(*command_line(command, site, out))
        assert result.exit_code == 0, result.output
        assert os.readlink(out / "mine") == pointing
    assert outside(tmp_path, out) == around
    assert staging_left(out) == []
    assert (out / "about.html").is_file()


def test_a_fifo_and_an_empty_folder_in_the_output_are_kept(site, tmp_path):
    out = site / "output"
    os.mkfifo(out / "pipe")
    (out / "empty").mkdir()
    for _ in range(2):
        assert run("build", "--project", str(site)).exit_code == 0
    assert (out / "pipe").is_fifo() and (out / "empty").is_dir()
    assert run("clean", "--project", str(site)).exit_code == 0
    assert state(out) == {"empty": "dir", "pipe": "fifo"}


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """The starter of `new`, whose site has a folder (media/), built once."""
    project = tmp_path / "starter"
    shutil.copytree(STARTER, project, ignore=shutil.ignore_patterns(".cache", "__pycache__"))
    (tmp_path / "sentinel.txt").write_text("precious\n")
    assert run("build", "--project", str(project)).exit_code == 0
    assert (project / "output" / "media").is_dir()
    return project


@pytest.mark.parametrize("blocker", ["file", "link", "dangling link"])
def test_an_entry_where_the_site_needs_a_folder_is_refused(starter, tmp_path, blocker):
    out = starter / "output"
    shutil.rmtree(out / "media")
    (tmp_path / "elsewhere").mkdir()
    if blocker == "file":
        (out / "media").write_text("a file of mine")
    else:  # the folder replaced by a link, and its line taken out of the manifest (else the
        # manifest's "a symbolic link on the way" is the refusal, as tested above)
        os.symlink(tmp_path / ("elsewhere" if blocker == "link" else "nowhere"), out / "media")
        lines = (out / MANIFEST).read_text().splitlines(keepends=True)
        (out / MANIFEST).write_text("".join(n for n in lines if not n.startswith("media/")))
    before, around = state(out), outside(tmp_path, out)
    for command in ("build", "publish"):
        refused(run(*command_line(command, starter, out)),
                f"{out / 'media'}: this ", "the new site needs a folder here")
    assert state(out) == before and outside(tmp_path, out) == around
    assert staging_left(out) == [] and state(tmp_path / "elsewhere") == {}


@pytest.mark.parametrize("inside", ["a file", "nothing"])
def test_a_folder_where_the_site_needs_a_file_is_refused(starter, tmp_path, inside):
    out = starter / "output"
    (out / "about.html").unlink()
    (out / MANIFEST).write_text((out / MANIFEST).read_text().replace("about.html\n", ""))
    (out / "about.html").mkdir()
    if inside == "a file":
        (out / "about.html" / "notes.txt").write_text("mine")
    before = state(out)
    refused(run("build", "--project", str(starter)), f"{out / 'about.html'}: this folder",
            "the new site needs a file here")
    assert state(out) == before


def unremovable(name: str):
    """A remove_entry that fails as on an immutable file for `name` in staging folders."""
    real = briefing.write.remove_entry

    def remove_entry(folder: Path, entry: str) -> bool:
        if entry == name and folder.name.startswith(".output.new-"):
            raise PermissionError(1, "Operation not permitted")
        return real(folder, entry)

    return remove_entry


@pytest.mark.parametrize("name", ["index.html", "CNAME"])
def test_a_file_that_cannot_be_removed_is_a_warning_and_the_next_build_clears_it(
        site, monkeypatch, name):
    out = site / "output"
    (out / "CNAME").write_text("briefing.example\n")
    (site / "content/pages/about.md").unlink()
    # A foreign file hard-linked into the new build is removed from the old by its twin;
    # a copy of it (an immutable file cannot be linked) must go the same way.
    monkeypatch.setattr(briefing.write, "remove_entry", unremovable(name))
    result = run("build", "--project", str(site))
    assert result.exit_code == 0, result.output
    assert "warning: could not remove" in result.stderr and name in result.stderr
    assert not (out / "about.html").exists() and (out / "CNAME").is_file(), "the new site"
    assert len(staging_left(out)) == 1
    monkeypatch.undo()
    again = run("build", "--project", str(site))
    assert again.exit_code == 0 and "warning" not in again.stderr, again.output
    assert staging_left(out) == [] and (out / "CNAME").read_text() == "briefing.example\n"


def chattr(flag: str, *paths: Path) -> bool:
    found = shutil.which("chattr")
    return bool(found) and subprocess.run([found, flag, *map(str, paths)],
                                          capture_output=True, check=False).returncode == 0


@pytest.mark.parametrize("whose", ["generated", "foreign"])
def test_an_immutable_file_does_not_wedge_later_builds(site, tmp_path, whose):
    """chattr +i where the file system and the capabilities allow it (skipped elsewhere:
    the simulated case above covers the same paths in every environment)."""
    out = site / "output"
    target = out / ("index.html" if whose == "generated" else "keep.txt")
    if whose == "foreign":
        target.write_text("mine")
    if not chattr("+i", target):
        pytest.skip("chattr +i is not available here (needs CAP_LINUX_IMMUTABLE)")
    try:
        first = run("build", "--project", str(site), "--base-url", "https://b.example/")
        assert first.exit_code == 0 and "warning: could not remove" in first.stderr
        second = run("build", "--project", str(site))
        assert second.exit_code == 0 and (out / "index.html").is_file()
    finally:
        chattr("-i", target, *(p / target.name for p in site.glob(".output.new-*")))
    third = run("build", "--project", str(site))
    assert third.exit_code == 0 and "warning" not in third.stderr
    assert staging_left(out) == []
    assert whose == "generated" or (out / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("lock", ["link", "fifo", "folder"])
def test_a_lock_file_that_is_not_a_plain_file_is_refused_without_a_hang(site, tmp_path, lock):
    path = site / ".output.lock"
    path.unlink()
    if lock == "link":
        os.symlink(tmp_path / "sentinel.txt", path)
    elif lock == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    before, around = state(site / "output"), outside(tmp_path, site / "output")
    refused(run("build", "--project", str(site)), str(path), "nothing was changed")
    assert state(site / "output") == before and outside(tmp_path, site / "output") == around


def test_staging_left_beside_the_output_is_never_followed_nor_trusted(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / MANIFEST).write_text("data.txt\n")
    (elsewhere / "data.txt").write_text("not the generator's")
    os.symlink(elsewhere, site / ".output.new-linked")
    forged = site / ".output.new-forged"
    forged.mkdir()
    (forged / MANIFEST).write_text("../sentinel-too.txt\n")
    (site / "sentinel-too.txt").write_text("keep")
    result = run("build", "--project", str(site))
    assert result.exit_code == 0, result.output
    assert "warning: entry '../sentinel-too.txt' climbs out" in result.stderr
    assert (site / "sentinel-too.txt").read_text() == "keep"
    assert state(elsewhere) == {MANIFEST: b"data.txt\n", "data.txt": b"not the generator's"}


def test_a_build_killed_between_the_fallback_renames_is_put_back(site, tmp_path):
    """Where the kernel has no RENAME_EXCHANGE, a kill between the renames leaves the old
    output parked beside it: the next run puts it back, foreign files and all."""
    out = site / "output"
    (out / "CNAME").write_text("mine\n")
    old = state(out)
    os.rename(out, site / ".output.new-abc123-parked")
    (site / ".output.new-abc123").mkdir()
    (site / ".output.new-abc123" / MANIFEST).write_text("index.html\n")
    (site / ".output.new-abc123" / "index.html").write_text("half")
    result = run("build", "--project", str(site))
    assert result.exit_code == 0, result.output
    assert state(out) == old and staging_left(out) == []


# -- 3. runs at once -----------------------------------------------------------------------


def many_pages(make_site, tmp_path: Path) -> Path:
    """A site with 60 extra pages, for builds long enough to overlap."""
    pages = {f"content/pages/p{n:02}.md": f"---\ntitle: Page {n}\ndescription: d\n---\n"
             + "Some text. " * 100 + "\n" for n in range(60)}
    project = make_site(pages, name="many")
    (tmp_path / "sentinel.txt").write_text("precious\n")
    return project


def cli_process(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "build.py", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """Its exit code and standard error, once it ends (the timeout only guards a hang)."""
    _, stderr = process.communicate(timeout=TIMEOUT)
    return process.returncode, stderr.decode()


@pytest.mark.parametrize("count", [2, 4])
def test_builds_at_once_into_one_folder_give_one_whole_site(make_site, tmp_path, count):
    project = many_pages(make_site, tmp_path)
    assert run("build", "--project", str(project), "--out", str(tmp_path / "clean")).exit_code == 0
    expected = state(tmp_path / "clean")
    around = outside(tmp_path, project / "output")
    for _ in range(3):
        processes = [cli_process("build", "--project", str(project)) for _ in range(count)]
        for process in processes:
            code, stderr = finish(process)
            assert code == 0 and "Traceback" not in stderr, stderr
        assert state(project / "output") == expected
        assert staging_left(project / "output") == []
    assert outside(tmp_path, project / "output") == around


def test_a_build_a_publish_and_a_clean_at_once_leave_a_whole_site_or_none(make_site, tmp_path):
    project = many_pages(make_site, tmp_path)
    out = project / "output"
    assert run("build", "--project", str(project), "--out", str(tmp_path / "clean")).exit_code == 0
    expected = state(tmp_path / "clean")
    for _ in range(3):
        processes = [cli_process("build", "--project", str(project)),
                     cli_process("publish", "--project", str(project), "--to", str(out)),
                     cli_process("clean", "--project", str(project)),
                     cli_process("build", "--project", str(project))]
        for process in processes:
            code, stderr = finish(process)
            assert code == 0 and "Traceback" not in stderr, stderr
        assert state(out) in (expected, {}), "one whole site, or none after a clean"
        assert staging_left(out) == []


def hold_lock(target: Path) -> int:
    handle = os.open(target.parent / f".{target.name}.lock", os.O_RDONLY | os.O_CREAT, 0o644)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


@pytest.mark.parametrize("command", ["build", "clean", "publish"])
def test_a_run_gives_up_after_a_bounded_wait_with_a_clear_message(site, monkeypatch, command):
    out = site / "output"
    before = state(out)
    monkeypatch.setattr(briefing.target, "LOCK_WAIT", 0.3)
    handle = hold_lock(out)
    try:
        result = run(*command_line(command, site, out))
    finally:
        os.close(handle)
    refused(result, "another build, clean or publish is still writing here after 0.3 s",
            ".output.lock", "nothing was changed")
    assert "waiting for another build" in result.stderr
    assert state(out) == before


def test_a_run_waits_for_the_one_holding_the_lock_then_builds(site):
    out = site / "output"
    (site / "content/pages/about.md").unlink()
    handle = hold_lock(out)
    try:
        process = cli_process("build", "--project", str(site))
        # Its first line says it waits: read without a clock, whatever the machine's load.
        assert "waiting for another build, clean or publish" in process.stderr.readline().decode()
        assert (out / "about.html").is_file(), "nothing written while it waits"
    finally:
        os.close(handle)
    assert finish(process)[0] == 0
    assert not (out / "about.html").exists() and staging_left(out) == []


# -- 4. runs killed at chosen moments ------------------------------------------------------

KILLER = textwrap.dedent("""
    import os, pathlib, signal, sys
    import briefing.write as write
    from briefing.cli import cli

    module, name, when, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    owner = pathlib.Path if module == "Path" else write
    real, calls = getattr(owner, name), [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if when == "before" and calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        if when == "half":  # exchange()'s fallback, killed between its renames
            a, b = args
            os.rename(b, a.with_name(a.name + "-parked"))
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if when == "after" and calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, name, wrapper)
    cli(sys.argv[5:])
""")

KILL_POINTS = {  # where, and whether the old (True) or the new site is there after
    "before staging": (("write", "write_tree", "before", 1), True),
    "mid staging": (("Path", "write_bytes", "before", 6), True),
    "staged, foreign files carried": (("write", "carry", "after", 1), True),
    "just before the swap": (("write", "exchange", "before", 1), True),
    "just after the swap": (("write", "exchange", "after", 1), False),
    "clearing the old build": (("write", "remove_entry", "before", 4), False),
}


@pytest.mark.parametrize("command", ["build", "publish"])
@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_a_run_killed_at_a_chosen_moment_leaves_the_old_or_the_new_site(site, tmp_path,
                                                                      command, point):
    out = site / "output"
    (out / "CNAME").write_text("mine\n")
    old = state(out)
    (site / "content/pages/about.md").unlink()
    assert run("build", "--project", str(site), "--out", str(tmp_path / "new")).exit_code == 0
    new = {**state(tmp_path / "new"), "CNAME": b"mine\n"}
    around = outside(tmp_path, out)
    (module, name, when, nth), keeps_old = KILL_POINTS[point]
    killed = subprocess.run([sys.executable, "-c", KILLER, module, name, when, str(nth),
                             *command_line(command, site, out)],
                            cwd=ROOT, capture_output=True, timeout=TIMEOUT, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert state(out) == (old if keeps_old else new)
    result = run(*command_line(command, site, out))
    assert result.exit_code == 0, result.output
    assert state(out) == new and staging_left(out) == []
    assert outside(tmp_path, out) == around


def test_a_publish_killed_between_the_fallback_renames_is_put_back(site, tmp_path):
    out = site / "output"
    (out / "CNAME").write_text("mine\n")
    old = state(out)
    killed = subprocess.run([sys.executable, "-c", KILLER, "write", "exchange", "half", "1",
                             *command_line("publish", site, out)],
                            cwd=ROOT, capture_output=True, timeout=TIMEOUT, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert not out.exists() and state(site / staging_left(out)[0]) != {}
    assert state(site / next(n for n in staging_left(out) if n.endswith("-parked"))) == old
    assert run(*command_line("publish", site, out)).exit_code == 0
    assert state(out) == old and staging_left(out) == []


def retitle(project: Path, title: str) -> None:
    text = (project / "site.yml").read_text()
    (project / "site.yml").write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text,
                                             count=1))


def test_publishes_killed_at_random_moments_leave_one_set_and_the_next_completes(make_site,
                                                                               tmp_path):
    """Kills at moments spread over a publish: the assertion holds whenever they land."""
    import random

    project = many_pages(make_site, tmp_path)
    www = tmp_path / "www"
    www.mkdir()
    (www / "host.txt").write_text("the host's own file")
    sets = []
    for version in ("A", "B"):
        retitle(project, version)
        assert run("publish", "--project", str(project), "--to", str(www)).exit_code == 0
        sets.append(state(www))
    rng = random.Random(15)
    for round_ in range(8):
        version = "AB"[round_ % 2]
        retitle(project, version)
        before = state(www)
        process = cli_process("publish", "--project", str(project), "--to", str(www))
        try:
            process.wait(timeout=rng.uniform(0.05, 1.5))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        finish(process)
        assert state(www) in (before, sets["AB".index(version)])
        assert run("publish", "--project", str(project), "--to", str(www)).exit_code == 0
        assert state(www) == sets["AB".index(version)] and staging_left(www) == []


# -- 5. publishing to git ------------------------------------------------------------------


def git(repo: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                           *args], capture_output=True, text=True, check=check).stdout


@pytest.fixture
def repo(make_site) -> Path:
    """The tiny site as a git repository of its own sources, on main."""
    project = make_site({".gitignore": ".cache/\n"})  # the template cache a publish makes
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "sources")
    return project


def refs(repo: Path) -> str:
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname)")


def test_publish_refuses_the_checked_out_branch(repo):
    before, work = refs(repo), state(repo / "content")
    refused(run("publish", "--project", str(repo), "--branch", "main"),
            "branch 'main' is checked out in", "nothing was changed")
    assert refs(repo) == before and state(repo / "content") == work
    assert git(repo, "status", "--porcelain") == ""


def test_publish_refuses_a_branch_checked_out_in_another_worktree(repo, tmp_path):
    git(repo, "worktree", "add", "-q", str(tmp_path / "other"), "-b", "other")
    before = refs(repo)
    refused(run("publish", "--project", str(repo), "--branch", "other"),
            f"branch 'other' is checked out in {tmp_path / 'other'}")
    assert refs(repo) == before


@pytest.mark.parametrize("name", ["HEAD", "-x", "--force", "a..b", "@{-1}", "x y", "ends/",
                                  "ends.lock", ""])
def test_publish_refuses_a_malformed_branch_name(repo, name):
    git(repo, "checkout", "-q", "-b", "previous")
    git(repo, "checkout", "-q", "main")  # so that @{-1} means something here
    before = refs(repo)
    result = run("publish", "--project", str(repo), f"--branch={name}")
    assert result.exit_code == 2 and "Invalid value for '--branch'" in result.stderr
    assert "not a valid branch name" in result.stderr
    assert refs(repo) == before


@pytest.mark.parametrize("files", [{"index.html": "<p>my own home page</p>\n"},
                                   {"README.md": "# my notes\n"}])
def test_publish_refuses_a_branch_of_files_it_did_not_write_and_no_manifest(repo, files):
    git(repo, "checkout", "-q", "--orphan", "pages")
    git(repo, "rm", "-rqf", ".")
    for name, text in files.items():
        (repo / name).write_text(text)
    git(repo, "add", *files)
    git(repo, "commit", "-qm", "by hand")
    git(repo, "checkout", "-q", "main")
    before = refs(repo)
    name = next(iter(files))
    refused(run("publish", "--project", str(repo), "--branch", "pages"),
            f"pages:{name}: this file was not published by the generator, and the branch "
            f"has no {MANIFEST}")
    assert refs(repo) == before


def published_then_changed(repo: Path, tmp_path: Path, name: str, text: str) -> Path:
    """A bare repository published to once, then given a file by hand on gh-pages."""
    bare = tmp_path / "site.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    assert run("publish", "--project", str(repo), "--repo", str(bare)).exit_code == 0
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-b", "gh-pages", str(bare), str(clone)], check=True)
    (clone / name).parent.mkdir(parents=True, exist_ok=True)
    (clone / name).write_text(text)
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "by hand")
    git(clone, "push", "-q", "origin", "gh-pages")
    return bare


def test_publish_refuses_to_overwrite_a_file_the_manifest_does_not_name(repo, tmp_path):
    bare = published_then_changed(repo, tmp_path, "about.html", "<p>mine</p>\n")
    (repo / "content/pages/about.md").write_text(ABOUT)  # the site now writes about.html
    before = refs(bare)
    refused(run("publish", "--project", str(repo), "--repo", str(bare)),
            "gh-pages:about.html: this file was not written by the generator, and the new "
            "site would overwrite it")
    assert refs(bare) == before


@pytest.mark.parametrize("line", ["../outside.txt", "/etc/hostname", "", "sub"])
def test_publish_refuses_a_tampered_manifest_on_the_branch(repo, tmp_path, line):
    bare = published_then_changed(repo, tmp_path, "sub/page.html", "mine\n")
    clone = tmp_path / "clone"
    (clone / MANIFEST).write_text((clone / MANIFEST).read_text() + line + "\n")
    git(clone, "commit", "-qam", "tamper")
    git(clone, "push", "-q", "origin", "gh-pages")
    before = refs(bare)
    refused(run("publish", "--project", str(repo), "--repo", str(bare)),
            f"gh-pages:{MANIFEST}:", "nothing was changed")
    assert refs(bare) == before


def test_a_failed_push_is_reported_as_a_push_and_a_later_publish_pushes(repo, tmp_path):
    result = run("publish", "--project", str(repo), "--push", "nowhere")
    refused(result, "git push to remote 'nowhere' failed: fatal: 'nowhere' does not appear",
            "the site is committed to branch gh-pages here")
    assert "--repo" not in result.stderr
    assert len(result.stderr.splitlines()) == 2, "git's message on one line"
    committed = git(repo, "rev-parse", "gh-pages").strip()
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    again = run("publish", "--project", str(repo), "--push", "origin")
    assert again.exit_code == 0 and "0 added, 0 changed, 0 removed" in again.stdout
    assert git(remote, "rev-parse", "gh-pages").strip() == committed


def test_push_refuses_an_option_for_a_remote(repo):
    result = run("publish", "--project", str(repo), "--push=--receive-pack=touch pwned")
    assert result.exit_code == 2 and "Invalid value for '--push'" in result.stderr
    assert not (repo / "pwned").exists() and "gh-pages" not in refs(repo)


@pytest.mark.parametrize("cname", ["briefing.example.org", "a-b.example", "localhost",
                                   "xn--bcher-kva.example", "a" * 63 + ".example"])
def test_a_domain_name_is_accepted_as_cname(repo, cname):
    result = run("publish", "--project", str(repo), "--cname", cname)
    assert result.exit_code == 0, result.output
    assert git(repo, "show", "gh-pages:CNAME") == f"{cname}\n"


@pytest.mark.parametrize(("cname", "words"), [
    ("https://briefing.example", "without http:// or https://"),
    ("briefing.example/path", "without a path"),
    ("briefing example", "holds no spaces"),
    ("-briefing.example", "inner hyphens"),
    ("briefing-.example", "inner hyphens"),
    ("briefing..example", "joined by dots"),
    ("briefing.example.", "joined by dots"),
    ("brief_ing.example", "letters, digits"),
    ("a" * 64 + ".example", "at most 63"),
    (("a" * 60 + ".") * 5 + "example", "at most 253 characters"),
    ("", "labels of letters"),
])
def test_a_malformed_cname_is_refused(repo, cname, words):
    result = run("publish", "--project", str(repo), "--cname", cname)
    assert result.exit_code == 2 and "Invalid value for '--cname'" in result.stderr
    assert words in result.stderr
    assert "gh-pages" not in refs(repo)


@pytest.mark.parametrize("option", [["--cname", "x.example"], ["--branch", "pages"],
                                    ["--push", "origin"]])
def test_git_options_with_a_folder_are_a_usage_error(site, tmp_path, option):
    result = run("publish", "--project", str(site), "--to", str(tmp_path / "www"), *option)
    assert result.exit_code == 2 and "only for publishing to a git branch" in result.stderr
    assert not (tmp_path / "www").exists()


def test_a_publish_keeps_the_folder_mode_and_a_dry_run_makes_nothing(site, tmp_path):
    www = tmp_path / "www"
    dry = run("publish", "--project", str(site), "--to", str(www), "--dry-run")
    assert dry.exit_code == 0 and "add     index.html" in dry.stdout
    assert not www.exists() and not (tmp_path / ".www.lock").exists()
    www.mkdir()
    www.chmod(0o711)  # a web root the server may enter but not list
    for _ in range(2):  # the swap replaces the folder: its mode must come along
        assert run("publish", "--project", str(site), "--to", str(www)).exit_code == 0
        assert www.stat().st_mode & 0o777 == 0o711
