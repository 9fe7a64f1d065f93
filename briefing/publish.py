"""`build.py publish`: to a folder, or to a git branch, deleting only what we published before.

Both targets keep the manifest the build writes (.briefing-manifest): the next
publish removes only the files the previous one listed, so anything else in the
folder or on the branch (a CNAME added by hand, a README) stays. A folder gets the
site as a build's output does (write.py): staged beside it, swapped in whole under the
folder's lock, its other entries carried over, so a publish killed at any moment leaves
the old set or the new one.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import write
from .problems import ContentError, Position, Problem
from .target import (
    MANIFEST,
    OutputError,
    entries,
    locked,
    lstat_kind,
    read_manifest,
    read_regular,
)
from .write import manifest_bytes


@dataclass
class Plan:
    """What a publish adds, changes and removes, by path."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # what could not be cleared

    def lines(self) -> list[str]:
        return ([f"add     {p}" for p in self.added] + [f"change  {p}" for p in self.changed]
                + [f"remove  {p}" for p in self.removed])

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.removed)} removed")


def with_manifest(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files to publish, with the manifest naming each of them."""
    published = {name: data for name, data in files.items() if name != MANIFEST}
    return {**published, MANIFEST: manifest_bytes(published)}


def plan(new: dict[str, bytes], old: dict[str, bytes | None], previous: list[str]) -> Plan:
    """Compare new files with what is there (old: path -> bytes, None if unreadable)."""
    result = Plan()
    for name in sorted(new):
        if name not in old:
            result.added.append(name)
        elif old[name] != new[name]:
            result.changed.append(name)
    result.removed = sorted(name for name in previous if name not in new and name in old)
    return result


def refuse(where: str, message: str, hint: str) -> ContentError:
    return ContentError([Problem(Position(where), message, hint)])


# -- to a folder -------------------------------------------------------------------------


def to_folder(files: dict[str, bytes], folder: Path, project: Path, dry_run: bool,
              notify: Callable[[str], None] | None = None) -> Plan:
    """Put the site into folder whole or not at all, as `build --force` does: staged beside
    it and swapped in, every entry not written by a publish kept (carried over); only
    files the previous publish listed are removed."""
    folder = write.target_path(folder)
    write.refuse_unsafe(folder, project)
    if dry_run:  # reads only: no lock file, no folder made
        return folder_plan(files, folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write.cannot_write(folder, error) from None
    with locked(folder, notify):
        result = folder_plan(files, folder)
        published = {name: data for name, data in files.items() if name != MANIFEST}
        result.warnings = write.replace_locked(published, folder, force=True)
    return result


def folder_plan(files: dict[str, bytes], folder: Path) -> Plan:
    """What publishing to folder adds, changes and removes; refuse overwriting what a
    publish did not write. Nothing is read through a link."""
    new = with_manifest(files)
    if lstat_kind(folder) != "dir":
        return plan(new, {}, [])
    previous = read_manifest(folder) or []
    found = entries(folder)
    foreign = sorted(name for name in new if name in found and name not in previous
                     and name != MANIFEST)
    if foreign:
        raise OutputError([Problem(Position(str(folder / name)), "this file was not written by "
                                   "a publish, and publishing would overwrite it",
                                   "move it away; nothing was changed") for name in foreign])
    old: dict[str, bytes | None] = {
        name: read_regular(folder / name, "the file") if name in new else None
        for name in {*new, *previous} if found.get(name) == "file"}
    return plan(new, old, previous)


# -- to a git branch ---------------------------------------------------------------------


def git(repo: Path, *args: str, stdin: bytes | None = None, env: dict | None = None) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                            env={**os.environ, **(env or {})}, check=False)
    if result.returncode != 0:
        raise refuse(str(repo), f"git {args[0]} failed: "
                     f"{result.stderr.decode(errors='replace').strip()}",
                     "check that --repo is a git repository you can write to")
    return result.stdout.decode()


def _branch_files(repo: Path, branch: str) -> tuple[str | None, dict[str, str]]:
    """The branch's commit (None if it does not exist) and its files as path -> blob id."""
    exists = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet",
                             f"refs/heads/{branch}"], capture_output=True, check=False)
    if exists.returncode != 0:
        return None, {}
    commit = exists.stdout.decode().strip()
    listing = git(repo, "ls-tree", "-r", "-z", commit)
    blobs = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        blobs[path] = meta.split()[2]
    return commit, blobs


def _identity() -> dict[str, str]:
    """A committer identity when git has none configured (as in CI)."""
    configured = subprocess.run(["git", "config", "user.email"], capture_output=True,
                                check=False).returncode == 0
    if configured:
        return {}
    name, email = "briefing publish", "publish@briefing.invalid"
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}


def to_git(files: dict[str, bytes], repo: Path, branch: str, cname: str | None,
           remote: str | None, dry_run: bool) -> Plan:
    """Commit the site to branch (adding .nojekyll, and CNAME if asked); push if asked."""
    extra = {".nojekyll": b""} | ({"CNAME": f"{cname}\n".encode()} if cname else {})
    new = with_manifest({**files, **extra})
    parent, blobs = _branch_files(repo, branch)
    previous = []
    if parent and MANIFEST in blobs:
        previous = git(repo, "cat-file", "blob", blobs[MANIFEST]).splitlines()
    new_ids = {name: git(repo, "hash-object", "--stdin", *([] if dry_run else ["-w"]),
                         stdin=data).strip() for name, data in new.items()}
    result = Plan(added=sorted(n for n in new if n not in blobs),
                  changed=sorted(n for n in new if n in blobs and blobs[n] != new_ids[n]),
                  removed=sorted(n for n in previous if n not in new and n in blobs))
    if dry_run or (parent and not result.lines()):
        return result  # nothing to do: no empty commit
    with tempfile.TemporaryDirectory() as temp:
        index = {"GIT_INDEX_FILE": str(Path(temp) / "index")}
        if parent:
            git(repo, "read-tree", parent, env=index)
        # --index-info needs no work tree, so bare repositories work too.
        entries = [f"0 {'0' * 40}\t{name}" for name in result.removed]
        entries += [f"100644 {blob}\t{name}" for name, blob in sorted(new_ids.items())]
        git(repo, "update-index", "--index-info", stdin="\n".join(entries).encode() + b"\n",
            env=index)
        tree = git(repo, "write-tree", env=index).strip()
    message = f"Publish the briefing: {result.summary()}"
    commit = git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message,
                 env=_identity()).strip()
    git(repo, "update-ref", f"refs/heads/{branch}", commit, *([parent] if parent else []))
    if remote:
        git(repo, "push", remote, f"refs/heads/{branch}:refs/heads/{branch}")
    return result
