"""`build.py publish`: to a folder, or to a git branch, deleting only what we published before.

Both targets keep the manifest the build writes (.briefing-manifest): the next
publish removes only the files the previous one listed, so anything else in the
folder or on the branch (a CNAME added by hand, a README) stays.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .problems import ContentError, Position, Problem
from .write import MANIFEST, manifest_bytes, refuse_project_folder


@dataclass
class Plan:
    """What a publish adds, changes and removes, by path."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

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


def to_folder(files: dict[str, bytes], folder: Path, project: Path, dry_run: bool) -> Plan:
    """Copy the site into folder; remove only files the previous publish there wrote."""
    refuse_project_folder(folder, project)
    new = with_manifest(files)
    previous = _folder_manifest(folder)
    old = {name: (folder / name).read_bytes() for name in new if (folder / name).is_file()}
    old.update({name: None for name in previous if (folder / name).is_file() and name not in old})
    foreign = sorted(name for name in new if name in old and name not in previous
                     and name != MANIFEST)
    if foreign:
        raise refuse(str(folder / foreign[0]), "this file was not written by a publish, and "
                     "publishing would overwrite it", "move it away; nothing was changed")
    result = plan(new, old, previous)
    if dry_run:
        return result
    for name in result.added + result.changed:
        _write_atomically(folder / name, new[name])
    for name in result.removed:
        (folder / name).unlink()
        _remove_empty_parents(folder / name, folder)
    return result


def _folder_manifest(folder: Path) -> list[str]:
    try:
        return (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _remove_empty_parents(path: Path, top: Path) -> None:
    parent = path.parent
    while parent != top and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


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
