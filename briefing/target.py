"""What an output folder holds, read without ever following a link; its lock; safe removal.

A symbolic link inside a target is an entry of its own here: listed, kept or carried over,
never followed and never written or deleted through. The manifest is checked line by line
before anything is deleted on its word, so a line such as `../site.yml` is refused, not
obeyed. One lock per target (`.NAME.lock` beside it) lets one build, clean or publish at a
time write there.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import ContentError, Position, Problem

MANIFEST = ".briefing-manifest"
LOCK_WAIT = 120.0
"""Seconds a run waits for another run holding the same target's lock, then refuses."""
SHOWN = 20
"""The most bad manifest lines reported one by one; the rest are counted."""


class OutputError(ContentError):
    """The output folder cannot be written or replaced safely."""


def refuse(where: Path | str, message: str, hint: str, line: int = 0) -> OutputError:
    """One problem at where (and line), as an error to raise."""
    return OutputError([Problem(Position(str(where), line), message, hint)])


def kind_of(mode: int) -> str:
    """'file', 'dir', 'link' or 'other' (a FIFO, socket or device) for an lstat mode."""
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


NOUN = {"file": "file", "dir": "folder", "link": "symbolic link", "other": "special file"}


# -- the manifest --------------------------------------------------------------------------


def entry_problem(entry: str) -> str | None:
    """What makes a manifest line something the generator never writes, or None."""
    parts = entry.split("/")
    if entry == "":
        return "is an empty line"
    if "\0" in entry:
        return "holds a NUL character"
    if entry.startswith("/"):
        return "is an absolute path"
    if ".." in parts:
        return "climbs out of the folder through '..'"
    if "" in parts or "." in parts:
        return "has an empty or '.' part"
    if entry == MANIFEST:
        return "names the manifest itself"
    return None


def manifest_lines(text: str) -> list[str]:
    """The manifest's lines; only '\\n' ends one, as the generator writes it."""
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def line_problems(lines: list[str], where: str, hint: str) -> list[Problem]:
    """A problem for each line the generator could not have written, and each repeat."""
    seen: dict[str, int] = {}
    problems = []
    for number, entry in enumerate(lines, 1):
        message = entry_problem(entry)
        if message is None and entry in seen:
            message = f"is listed twice (first on line {seen[entry]})"
        seen.setdefault(entry, number)
        if message is not None:
            problems.append(Problem(Position(where, number), f"entry {entry[:200]!r} {message}",
                                    hint))
    return problems


def disk_problem(folder: Path, entry: str, checked: dict[str, str | None]) -> str | None:
    """What makes the entry unsafe to delete on disk: a link on the way, a folder, not a file.

    checked: kinds of the folders on the way already looked at, shared between entries.
    """
    parts = entry.split("/")
    try:
        for depth in range(1, len(parts)):
            prefix = "/".join(parts[:depth])
            if prefix not in checked:
                checked[prefix] = lstat_kind(folder / prefix)
            if checked[prefix] == "link":
                return f"has a symbolic link on the way ({prefix!r})"
            if checked[prefix] != "dir":
                return None  # nothing is there to delete
        kind = lstat_kind(folder / entry)
    except OSError as error:
        return f"cannot be checked: {error.strerror or error}"
    if kind in (None, "file"):
        return None
    return f"is a {NOUN[kind]}, not a file the generator wrote"


def lstat_kind(path: Path) -> str | None:
    """The kind of what is at path, not following a link; None if nothing is there."""
    try:
        return kind_of(os.lstat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return None


def read_manifest(folder: Path) -> list[str] | None:
    """The files the generator wrote into folder, each line checked; None if it has none.

    Raise OutputError naming every line that is not a plain relative path of a file (or
    of nothing) inside folder, reached without a link: such a manifest was not written
    by the generator, and nothing may be deleted on its word.
    """
    path = folder / MANIFEST
    hint = ("the generator never writes such a line: remove it, or empty the folder; "
            "nothing was changed")
    text = read_regular(path, "the manifest")
    if text is None:
        return None
    try:
        lines = manifest_lines(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise refuse(path, "the manifest is not UTF-8 text", hint) from None
    problems = line_problems(lines, str(path), hint)
    if not problems:
        checked: dict[str, str | None] = {}
        changed = ("the folder was changed by hand: move this entry's path out of it, or "
                   "remove the line; nothing was changed")
        for number, entry in enumerate(lines, 1):
            message = disk_problem(folder, entry, checked)
            if message is not None:
                problems.append(Problem(Position(str(path), number),
                                        f"entry {entry[:200]!r} {message}", changed))
    if problems:
        raise OutputError(cap(problems))
    return lines


def cap(problems: list[Problem]) -> list[Problem]:
    """The first SHOWN problems, and one line counting the rest."""
    if len(problems) <= SHOWN:
        return problems
    last = problems[SHOWN]
    return [*problems[:SHOWN], Problem(last.where, f"and {len(problems) - SHOWN} more lines "
                                                   "like these", last.hint)]


def read_regular(path: Path, what: str) -> bytes | None:
    """A regular file's bytes, never through a link nor blocking on a FIFO; None if absent."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        kind = lstat_kind(path)
        if kind is not None and kind != "file":
            raise refuse(path, f"{what} is a {NOUN[kind]}, not a file",
                         "remove it; nothing was changed") from None
        raise refuse(path, f"cannot read {what}: {error.strerror}",
                     "check its permissions; nothing was changed") from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):  # checked before fdopen, which refuses a folder's handle
        os.close(handle)
        raise refuse(path, f"{what} is a {NOUN[kind_of(mode)]}, not a file",
                     "remove it; nothing was changed")
    with os.fdopen(handle, "rb") as stream:
        return stream.read()


# -- the folder's entries ------------------------------------------------------------------


def entries(folder: Path) -> dict[str, str]:
    """Every entry under folder, relative path -> kind, not following links.

    A folder is listed only when it is empty: the others are the sum of what they hold.
    """
    found: dict[str, str] = {}
    pending = [""]
    while pending:
        prefix = pending.pop()
        with os.scandir(folder / prefix if prefix else folder) as listing:
            children = list(listing)
        if not children and prefix:
            found[prefix] = "dir"
        for child in children:
            name = f"{prefix}/{child.name}" if prefix else child.name
            kind = kind_of(child.stat(follow_symlinks=False).st_mode)
            if kind == "dir":
                pending.append(name)
            else:
                found[name] = kind
    return found


def conflicts(foreign: dict[str, str], new: Iterable[str],
              place: Callable[[str], str]) -> list[Problem]:
    """Where the new site and entries it did not write cannot both be: the same name, a
    file where the site needs a folder, or a folder where it needs a file.

    place: how to name a path in a message (in a folder, or on a git branch).
    """
    new = set(new)
    needed = {"/".join(name.split("/")[:depth]) for name in new
              for depth in range(1, name.count("/") + 1)}
    problems = []
    hint = "move it out of the folder; nothing was changed"
    for name, kind in sorted(foreign.items()):
        ancestors = ["/".join(name.split("/")[:depth]) for depth in range(1, name.count("/") + 1)]
        if name in new:
            message = (f"this {NOUN[kind]} was not written by the generator, and the new "
                       "site would overwrite it" if kind != "dir" else
                       "this folder was not made by the generator, and the new site needs "
                       "a file here")
        elif name in needed and kind != "dir":
            message = f"this {NOUN[kind]} was not written by the generator, and the new site " \
                      "needs a folder here"
        elif clash := next((a for a in ancestors if a in new), None):
            problems.append(Problem(Position(place(clash)), "this folder holds files the "
                                    "generator did not write, and the new site needs a file "
                                    "here", hint))
            continue
        else:
            continue
        problems.append(Problem(Position(place(name)), message, hint))
    return sorted(set(problems))


# -- removal -------------------------------------------------------------------------------


def remove_entry(folder: Path, name: str) -> bool:
    """Delete folder/name, opening each folder on the way without following a link.

    Returns whether something was deleted. A link on the way raises OSError (ELOOP or
    ENOTDIR), so a folder swapped for a link after the manifest was checked is no way out.
    """
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    *parents, leaf = name.split("/")
    handle = os.open(folder, flags)
    try:
        for part in parents:
            try:
                inner = os.open(part, flags, dir_fd=handle)
            except FileNotFoundError:
                return False
            os.close(handle)
            handle = inner
        try:
            os.unlink(leaf, dir_fd=handle)
        except FileNotFoundError:
            return False
        return True
    finally:
        os.close(handle)


def prune(folder: Path, removed: Iterable[str]) -> None:
    """Remove the folders that removing `removed` left empty, deepest first, and folder
    itself if it is empty then; an empty folder someone else made elsewhere stays."""
    emptied = {"/".join(name.split("/")[:depth]) for name in removed
               for depth in range(1, name.count("/") + 1)}
    for name in sorted(emptied, key=lambda name: name.count("/"), reverse=True):
        try:
            os.rmdir(folder / name)  # never follows a link: rmdir of one fails (ENOTDIR)
        except OSError as error:
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT,
                                   errno.ENOTDIR):
                raise
    if not any(folder.iterdir()):
        folder.rmdir()


# -- the lock ------------------------------------------------------------------------------


def lock_path(out: Path) -> Path:
    """The target's lock file: .NAME.lock beside it, so that it outlives every swap."""
    return out.parent / f".{out.name}.lock"


@contextmanager
def locked(out: Path, notify: Callable[[str], None] | None = None,
           wait: float | None = None) -> Iterator[None]:
    """Hold the target's lock (waiting up to LOCK_WAIT seconds for another run).

    The lock file is made once and left: removing it would let a waiting run lock a file
    that no longer has a name, beside a newer one another run locks.
    """
    path = lock_path(out)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                         | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise refuse(path, f"cannot open the lock file: {error.strerror}",
                     "the folder beside the target must be writable, and this name free "
                     "for a plain file; nothing was changed") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise refuse(path, "the lock file is not a plain file",
                         "remove it; nothing was changed")
        wait_for(handle, path, out, notify, LOCK_WAIT if wait is None else wait)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def wait_for(handle: int, path: Path, out: Path, notify: Callable[[str], None] | None,
             wait: float) -> None:
    """Take the lock, polling until `wait` seconds have passed; then refuse."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise refuse(out, f"another build, clean or publish is still writing here "
                                  f"after {wait:g} s (it holds {path})",
                             "wait for it to finish, then try again; nothing was "
                             "changed") from None
            if notify is not None and not told:
                notify(f"{out}: waiting for another build, clean or publish to finish")
                told = True
            time.sleep(0.05)
