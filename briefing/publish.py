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
import re
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
    cap,
    conflicts,
    entries,
    line_problems,
    locked,
    lstat_kind,
    manifest_lines,
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
    try:
        if dry_run:  # reads only: no lock file, no folder made
            return folder_plan(files, folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        with locked(folder, notify):
            result = folder_plan(files, folder)
            published = {name: data for name, data in files.items() if name != MANIFEST}
            result.warnings = write.replace_locked(published, folder, force=True)
        return result
    except OSError as error:  # reading the folder, or making its parent: nothing changed
        raise write.cannot_write(folder, error) from None


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

HOSTNAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*")


def cname_problem(cname: str) -> str | None:
    """Why cname is not a domain name GitHub Pages can serve, or None."""
    if "://" in cname:
        return "give the domain alone, without http:// or https://"
    if "/" in cname:
        return "give the domain alone, without a path"
    if any(char.isspace() for char in cname):
        return "a domain name holds no spaces"
    if len(cname) > 253:
        return "a domain name is at most 253 characters"
    if not HOSTNAME.fullmatch(cname):
        return ("a domain name is labels of letters, digits and inner hyphens (at most 63 "
                "characters each) joined by dots, such as briefing.example.org")
    return None


def branch_problem(branch: str) -> str | None:
    """Why branch cannot be published to, as git itself checks a branch name, or None."""
    if branch.startswith("-") or branch == "HEAD":
        return f"'{branch}' is not a valid branch name"
    checked = subprocess.run(["git", "check-ref-format", "--branch", branch],
                             capture_output=True, check=False, cwd=tempfile.gettempdir())
    if checked.returncode != 0 or checked.stdout.decode(errors="replace").strip() != branch:
        return f"'{branch}' is not a valid branch name (see git check-ref-format)"
    return None


def remote_problem(remote: str) -> str | None:
    """Why remote cannot be a remote to push to, or None (git checks the rest)."""
    if not remote or remote.startswith("-"):
        return "give the name or address of a remote, such as origin"
    return None


def one_line(stderr: bytes) -> str:
    """git's message on one line, as every problem is printed."""
    return " ".join(line.strip() for line in stderr.decode(errors="replace").splitlines()
                    if line.strip())


def git(repo: Path, *args: str, stdin: bytes | None = None, env: dict | None = None) -> str:
    """git's output; a failure is refused with git's message, on one line."""
    result = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                            env={**os.environ, **(env or {})}, check=False)
    if result.returncode != 0:
        raise refuse(str(repo), f"git {args[0]} failed: {one_line(result.stderr)}",
                     "check that --repo is a git repository you can write to")
    # Paths on a branch need not be UTF-8: keep their bytes, for git to have them back.
    return result.stdout.decode(errors="surrogateescape")


def checked_out_in(repo: Path, branch: str) -> str | None:
    """The work tree that has branch checked out, or None."""
    worktree = None
    for line in git(repo, "worktree", "list", "--porcelain").splitlines():
        if line.startswith("worktree "):
            worktree = line.removeprefix("worktree ")
        elif line == f"branch refs/heads/{branch}":
            return worktree
    return None


def _branch_files(repo: Path, branch: str) -> tuple[str | None, dict[str, tuple[str, str]]]:
    """The branch's commit (None if it does not exist) and its files as path -> (mode, id)."""
    exists = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet",
                             f"refs/heads/{branch}"], capture_output=True, check=False)
    if exists.returncode != 0:
        return None, {}
    commit = exists.stdout.decode().strip()
    listing = git(repo, "ls-tree", "-r", "-z", commit)
    blobs = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        mode, _, blob = meta.split()
        blobs[path] = (mode, blob)
    return commit, blobs


def branch_manifest(repo: Path, branch: str, blobs: dict[str, tuple[str, str]]) -> list[str]:
    """The previous publish's manifest on the branch, each line checked ([] if none)."""
    if MANIFEST not in blobs:
        return []
    where = f"{branch}:{MANIFEST}"
    hint = "a publish never writes such a line: remove it on the branch; nothing was changed"
    try:
        lines = manifest_lines(git(repo, "cat-file", "blob", blobs[MANIFEST][1])
                               .encode(errors="surrogateescape").decode("utf-8"))
    except UnicodeDecodeError:
        raise refuse(where, "the manifest is not UTF-8 text", hint) from None
    problems = line_problems(lines, where, hint)
    folders = {"/".join(path.split("/")[:depth]) for path in blobs
               for depth in range(1, path.count("/") + 1)}
    problems += [Problem(Position(where, number), f"entry {entry!r} names a folder", hint)
                 for number, entry in enumerate(lines, 1) if entry in folders]
    if problems:
        raise OutputError(cap(problems))
    return lines


def branch_conflicts(blobs: dict[str, tuple[str, str]], previous: list[str],
                     new_ids: dict[str, str], branch: str) -> list[Problem]:
    """Files on the branch a publish did not write that the new site would overwrite or
    collide with; on a branch with no manifest, every file the site would not write as is."""
    kinds = {"100644": "file", "100755": "file", "120000": "link"}
    foreign = {path: kinds.get(mode, "other") for path, (mode, blob) in blobs.items()
               if path not in previous and path != MANIFEST
               and (mode, blob) != ("100644", new_ids.get(path))}
    if foreign and MANIFEST not in blobs:
        return cap([Problem(Position(f"{branch}:{path}"), "this file was not published by "
                            f"the generator, and the branch has no {MANIFEST}",
                            "publish to a new --branch, or move the branch's files away; "
                            "nothing was changed") for path in sorted(foreign)])
    return conflicts(foreign, new_ids, lambda path: f"{branch}:{path}")


def _identity(repo: Path) -> dict[str, str]:
    """A committer identity when git has none configured (as in CI)."""
    configured = subprocess.run(["git", "-C", str(repo), "config", "user.email"],
                                capture_output=True, check=False).returncode == 0
    if configured:
        return {}
    name, email = "briefing publish", "publish@briefing.invalid"
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}


def refuse_branch(repo: Path, branch: str, cname: str | None, remote: str | None) -> None:
    """Refuse a bad name, domain or remote, and a branch checked out in a work tree."""
    problem = (branch_problem(branch) or (cname_problem(cname) if cname is not None else None)
               or (remote_problem(remote) if remote is not None else None))
    if problem:
        raise refuse(str(repo), problem, "check --branch, --cname and --push")
    worktree = checked_out_in(repo, branch)
    if worktree is not None:
        raise refuse(str(repo), f"branch '{branch}' is checked out in {worktree}, and "
                     "publishing would commit the site onto it",
                     "publish to a branch of its own, such as gh-pages; nothing was changed")


def to_git(files: dict[str, bytes], repo: Path, branch: str, cname: str | None,
           remote: str | None, dry_run: bool) -> Plan:
    """Commit the site to branch (adding .nojekyll, and CNAME if asked); push if asked."""
    refuse_branch(repo, branch, cname, remote)
    extra = {".nojekyll": b""} | ({"CNAME": f"{cname}\n".encode()} if cname else {})
    new = with_manifest({**files, **extra})
    parent, blobs = _branch_files(repo, branch)
    previous = branch_manifest(repo, branch, blobs)
    new_ids = {name: git(repo, "hash-object", "--stdin", *([] if dry_run else ["-w"]),
                         stdin=data).strip() for name, data in new.items()}
    problems = branch_conflicts(blobs, previous, new_ids, branch)
    if problems:
        raise OutputError(problems)
    result = Plan(added=sorted(n for n in new if n not in blobs),
                  changed=sorted(n for n in new if n in blobs
                                 and blobs[n] != ("100644", new_ids[n])),
                  removed=sorted(n for n in previous if n not in new and n in blobs))
    if dry_run:
        return result
    if not parent or result.lines():  # else nothing to do: no empty commit
        commit_site(repo, branch, parent, result, new_ids)
    if remote:  # even when nothing changed: an earlier push may have failed
        push(repo, branch, remote)
    return result


def commit_site(repo: Path, branch: str, parent: str | None, result: Plan,
                new_ids: dict[str, str]) -> None:
    """Commit the new files onto branch through a temporary index; no work tree is used."""
    with tempfile.TemporaryDirectory() as temp:
        index = {"GIT_INDEX_FILE": str(Path(temp) / "index")}
        if parent:
            git(repo, "read-tree", parent, env=index)
        # --index-info needs no work tree, so bare repositories work too.
        lines = [f"0 {'0' * 40}\t{name}" for name in result.removed]
        lines += [f"100644 {blob}\t{name}" for name, blob in sorted(new_ids.items())]
        git(repo, "update-index", "--index-info",
            stdin="\n".join(lines).encode(errors="surrogateescape") + b"\n", env=index)
        tree = git(repo, "write-tree", env=index).strip()
    message = f"Publish the briefing: {result.summary()}"
    commit = git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message,
                 env=_identity(repo)).strip()
    # The old value makes the update fail, not overwrite, if the branch moved meanwhile.
    git(repo, "update-ref", f"refs/heads/{branch}", commit, parent or "0" * 40)


def push(repo: Path, branch: str, remote: str) -> None:
    """Push branch to remote; a failure is reported as a failed push, with git's words."""
    pushed = subprocess.run(["git", "-C", str(repo), "push", "--", remote,
                             f"refs/heads/{branch}:refs/heads/{branch}"],
                            capture_output=True, check=False)
    if pushed.returncode != 0:
        raise refuse(str(repo), f"git push to remote '{remote}' failed: "
                     f"{one_line(pushed.stderr)}",
                     f"the site is committed to branch {branch} here; check the remote and "
                     f"your access to it, then run: git push {remote} {branch}")
