"""Stage 5, write: replace the output folder whole, or not at all.

The new site is written to a staging folder beside the output, then the two
are swapped in one step (renameat2 RENAME_EXCHANGE where the kernel has it,
three renames otherwise). Every folder the generator writes starts with a
manifest naming each file it is about to write; only files a manifest names
are ever deleted, and only after every line of it is checked (target.py). An
entry someone else put into the output folder (a file, a symbolic link, a FIFO,
an empty folder) is hard-linked into the new build, so it survives every swap
and every crash; a link is carried as a link, never followed. One run at a time
holds the target's lock, and it clears what killed runs left beside it.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from .problems import Position, Problem
from .target import (
    MANIFEST,
    NOUN,
    OutputError,
    conflicts,
    entries,
    locked,
    lstat_kind,
    prune,
    read_manifest,
    refuse,
    remove_entry,
)

__all__ = ["MANIFEST", "OutputError", "clean", "exchange", "read_manifest", "replace_output"]

Notify = Callable[[str], None] | None


def refuse_project_folder(out: Path, project: Path) -> None:
    """Refuse a target that is the project, a folder above it, the home folder or /."""
    resolved, root = out.resolve(), project.resolve()
    if resolved == root or resolved in root.parents:
        raise refuse(out, "the output folder would contain the project itself",
                     "choose a folder such as output/ inside the project, or one elsewhere")
    if resolved == Path.home().resolve() or resolved == Path(resolved.anchor):
        raise refuse(out, "refusing to write the site into the home folder or /",
                     "choose a folder of its own, such as ./output")


def target_path(out: Path) -> Path:
    """out made absolute; a last part '..' is resolved, since a folder's '..' cannot be
    swapped or locked beside itself."""
    out = out.absolute()
    return out.resolve() if out.name == ".." else out


def refuse_unsafe(out: Path, project: Path) -> None:
    """Refuse, touching nothing, a target that is dangerous or cannot be swapped whole."""
    refuse_project_folder(out, project)
    refuse_odd_target(out)


def refuse_odd_target(out: Path) -> None:
    """Refuse a target that is a link, not a folder, or a mount point (run again under the
    lock, since the target may have changed while this run waited for it)."""
    kind = lstat_kind(out)
    if kind == "link":
        raise refuse(out, f"the output folder is a symbolic link (to {os.readlink(out)}); "
                          "the generator neither follows it nor replaces it",
                     "give the folder it points to, or remove the link; nothing was changed")
    if kind not in (None, "dir"):
        raise refuse(out, f"the output path is a {NOUN[kind]}, not a folder",
                     "choose another folder; nothing was changed")
    if kind == "dir" and os.path.ismount(out):
        raise refuse(out, "the output folder is a mount point, which cannot be swapped for "
                          "the new site in one step", "give a folder inside it; nothing "
                                                      "was changed")


def check_target(out: Path, force: bool = False) -> list[str]:
    """The previous build's manifest ([] for a new output); refuse a folder it did not make.

    force: accept a non-empty folder the generator did not create; its entries are kept
    (carried into the new build), and any the build would overwrite refused.
    """
    if not out.exists():
        return []
    manifest = read_manifest(out)
    if manifest is None:
        if any(out.iterdir()) and not force:
            raise refuse(out, "the folder holds files this generator did not write "
                              f"(no {MANIFEST})",
                         "choose an empty or new folder, or pass --force to build beside "
                         "them (they are kept); nothing was changed")
        return []
    return manifest


def manifest_bytes(files: dict[str, bytes]) -> bytes:
    """The manifest naming each file, one path a line, sorted."""
    return "".join(f"{name}\n" for name in sorted(files)).encode("utf-8")


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Write the manifest first, then the files it names."""
    (folder / MANIFEST).write_bytes(manifest_bytes(files))
    for name, data in sorted(files.items()):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def foreign_entries(out: Path, ours: list[str], files: dict[str, bytes]) -> dict[str, str]:
    """Entries in out/ the generator did not write; refuse any the new site collides with."""
    if not out.exists():
        return {}
    written = set(ours) | {MANIFEST}
    foreign = {name: kind for name, kind in entries(out).items() if name not in written}
    problems = conflicts(foreign, files, lambda name: str(out / name))
    if problems:
        raise OutputError(problems)
    return foreign


def carry(foreign: dict[str, str], source: Path, target: Path) -> None:
    """Give target each foreign entry of source: hard-linked (a link as the link itself,
    never what it points to), copied where a hard link is refused, or made anew."""
    for name, kind in sorted(foreign.items()):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if kind == "dir":
            (target / name).mkdir()
            continue
        try:
            os.link(source / name, target / name, follow_symlinks=False)
        except OSError:
            if kind == "link":
                os.symlink(os.readlink(source / name), target / name)
            elif kind == "file":  # an immutable file, or another user's (protected_hardlinks)
                shutil.copy2(source / name, target / name, follow_symlinks=False)
            else:
                raise


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step where the kernel allows it, else by renames."""
    import ctypes  # here: a first build into a new folder swaps nothing (2.3 ms to import)

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
    # Killed between these renames, b is missing and a-parked holds it: restore_parked()
    # puts it back before the next run looks at b.
    parked = a.with_name(a.name + "-parked")
    os.rename(b, parked)
    try:
        os.rename(a, b)
    except OSError:
        os.rename(parked, b)
        raise
    with suppress(OSError):  # the new site is in; the next run clears the parked old one
        os.rename(parked, a)


def same_entry(a: Path, b: Path) -> bool:
    """Whether b keeps what a holds: the same inode, a link to the same place, equal bytes."""
    try:
        first, second = os.lstat(a), os.lstat(b)
        if (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino):
            return True
        if stat.S_ISLNK(first.st_mode) and stat.S_ISLNK(second.st_mode):
            return os.readlink(a) == os.readlink(b)
        if stat.S_ISREG(first.st_mode) and stat.S_ISREG(second.st_mode):
            return first.st_size == second.st_size and a.read_bytes() == b.read_bytes()
        if stat.S_ISDIR(first.st_mode) and stat.S_ISDIR(second.st_mode):
            return True  # an empty folder: its twin is the same nothing
    except OSError:
        return False
    return False


def remove_written(folder: Path, kept_elsewhere: Path | None = None) -> list[Problem]:
    """Delete what folder's manifest names, and the folders left empty; nothing else.

    kept_elsewhere: a folder where each foreign entry of this one is kept; an entry whose
    twin there is the same is removed too, since nothing is lost. Returns, as warnings,
    what could not be removed (an immutable file, say): the new site is in by then, and a
    file that will not go must not fail this run nor the next.
    """
    left: list[Problem] = []
    try:
        ours = read_manifest(folder) or []
    except OutputError as error:
        hint = "the folder is left as it is; remove it by hand"
        return [Problem(p.where, p.message, hint, warning=True) for p in error.problems]
    doomed = list(ours)
    if kept_elsewhere is not None:
        try:
            found = entries(folder)
        except OSError as error:
            return [Problem(Position(str(folder)), f"could not read this leftover of an "
                            f"earlier run: {error.strerror or error}", "remove it by hand",
                            warning=True)]
        doomed += [name for name, kind in found.items() if name not in ours
                   and name != MANIFEST and same_entry(folder / name, kept_elsewhere / name)]
    for name in doomed:
        try:
            if lstat_kind(folder / name) == "dir":  # an empty folder, carried over
                os.rmdir(folder / name)
            else:
                remove_entry(folder, name)
        except OSError as error:
            what = ("this file of an earlier build" if name in ours else
                    f"this earlier copy of {kept_elsewhere / name}")
            left.append(Problem(Position(str(folder / name)), f"could not remove {what}: "
                                f"{error.strerror or error}",
                                "it is left where it is, and the next run tries again; "
                                "remove it by hand if it stays", warning=True))
    if not left:  # else the manifest stays, so that the next run knows the file is ours
        with suppress(OSError):
            remove_entry(folder, MANIFEST)
    with suppress(OSError):  # a folder still holding what could not be removed, reported
        prune(folder, doomed)
    return left


def staging_folders(out: Path) -> list[Path]:
    """The staging folders of runs killed before they cleared them (never through links)."""
    prefix = f".{out.name}.new-"
    return [out.parent / name for name in sorted(os.listdir(out.parent))
            if name.startswith(prefix) and lstat_kind(out.parent / name) == "dir"]


def restore_parked(out: Path) -> None:
    """Put back the old output a run killed inside exchange()'s three renames left parked."""
    if lstat_kind(out) is None:
        parked = [path for path in staging_folders(out) if path.name.endswith("-parked")]
        if parked:
            os.rename(parked[-1], out)


def remove_stale_staging(out: Path) -> list[Problem]:
    """Clear what interrupted runs left beside out/ (only files their manifests name)."""
    left = []
    for stale in staging_folders(out):
        left += remove_written(stale, kept_elsewhere=out)
    return left


def replace_output(files: dict[str, bytes], out: Path, project: Path, force: bool = False,
                   notify: Notify = None) -> list[Problem]:
    """Make `out` hold exactly `files`, plus any entry the generator never wrote.

    Returns warnings about leftovers of earlier builds that could not be removed. notify:
    told when another run holds the target and this one waits for it.
    """
    out = target_path(out)
    refuse_unsafe(out, project)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(out, error) from None
    with locked(out, notify):
        return replace_locked(files, out, force)


def cannot_write(out: Path, error: OSError) -> OutputError:
    """An OS error before the swap: the message says the old output is unchanged."""
    return refuse(out, f"cannot write the output: {error.strerror or error}",
                  "check the folder's permissions and free space; the old output is unchanged")


def replace_locked(files: dict[str, bytes], out: Path, force: bool) -> list[Problem]:
    """replace_output's work, for a caller that holds the target's lock."""
    try:
        restore_parked(out)
        refuse_odd_target(out)
        previous = check_target(out, force)
        foreign = foreign_entries(out, previous, files)
        left = remove_stale_staging(out)
        return left + swap_in(files, out, foreign)
    except OSError as error:  # before the swap: only staging was touched, and is cleared
        raise cannot_write(out, error) from None


def swap_in(files: dict[str, bytes], out: Path, foreign: dict[str, str]) -> list[Problem]:
    """Stage files and out's foreign entries beside out, swap them in, clear the old build.

    Returns what of the old build could not be removed, as warnings.
    """
    swapped = False
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        # mkdtemp makes it private; a web server must read the site, so keep out's mode.
        staging.chmod(stat.S_IMODE(out.stat().st_mode) if out.exists() else 0o755)
        write_tree(staging, files)
        carry(foreign, out, staging)
        if out.exists():
            exchange(staging, out)
        else:
            os.rename(staging, out)
        swapped = True
    finally:
        # The old build after a swap, or this run's unfinished one: a failed run reports
        # its failure alone.
        cleared = remove_written(staging, kept_elsewhere=out) if staging.exists() else []
    return cleared if swapped else []


def clean(out: Path, notify: Notify = None) -> tuple[int, int, list[Problem]]:
    """Remove what the generator wrote to out (and stale staging beside it).

    Returns (files removed, entries kept because the generator did not write them, and
    warnings about files that could not be removed).
    """
    out = target_path(out)
    kind = lstat_kind(out)
    if kind == "link":
        raise refuse(out, f"the output folder is a symbolic link (to {os.readlink(out)})",
                     "give the folder it points to; nothing was changed")
    if not out.parent.is_dir():
        return 0, 0, []
    with locked(out, notify):
        try:
            restore_parked(out)
            written = read_manifest(out) if lstat_kind(out) == "dir" else None
            left = remove_stale_staging(out)
            removed = sum(lstat_kind(out / name) == "file" for name in written or [])
            failed = remove_written(out) if written is not None else []
            kept = len(entries(out)) if lstat_kind(out) == "dir" else 0
        except OSError as error:
            raise refuse(out, f"cannot clean the output: {error.strerror or error}",
                         "check the folder's permissions") from None
        return removed - len(failed), kept, left + failed
