"""Stage 5, write: replace the output folder whole, or not at all.

The new site is written to a staging folder beside the output, then the two
are swapped in one step (renameat2 RENAME_EXCHANGE where the kernel has it,
three renames otherwise). Every folder the generator writes starts with a
manifest naming each file it is about to write; only files a manifest names
are ever deleted. A file someone else put into the output folder is
hard-linked into the new build, so it survives every swap and every crash.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .problems import ContentError, Position, Problem

MANIFEST = ".briefing-manifest"


class OutputError(ContentError):
    """The output folder cannot be written or replaced safely."""


def refuse(out: Path, message: str, hint: str) -> OutputError:
    return OutputError([Problem(Position(str(out)), message, hint)])


def read_manifest(folder: Path) -> list[str] | None:
    """The files the generator wrote into folder, or None if it has no manifest."""
    try:
        return (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, NotADirectoryError):
        return None


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def refuse_project_folder(out: Path, project: Path) -> None:
    """Refuse a target that is the project, a folder above it, the home folder or /."""
    resolved, root = out.resolve(), project.resolve()
    if resolved == root or resolved in root.parents:
        raise refuse(out, "the output folder would contain the project itself",
                     "choose a folder such as output/ inside the project, or one elsewhere")
    if resolved == Path.home().resolve() or resolved == Path(resolved.anchor):
        raise refuse(out, "refusing to write the site into the home folder or /",
                     "choose a folder of its own, such as ./output")


def check_target(out: Path, project: Path, force: bool = False) -> list[str]:
    """Refuse unsafe outputs; return the previous build's manifest ([] for a new output).

    force: accept a non-empty folder the generator did not create; its files are
    kept (carried into the new build), and any the build would overwrite refused.
    """
    refuse_project_folder(out, project)
    if not out.exists():
        return []
    if not out.is_dir():
        raise refuse(out, "the output path is a file, not a folder", "choose another --out")
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


def foreign_files(out: Path, ours: list[str], files: dict[str, bytes]) -> list[str]:
    """Files in out/ the generator did not write; refuse if the new build would overwrite one."""
    foreign = [name for name in files_under(out) if name not in ours and name != MANIFEST]
    for name in foreign:
        if name in files:
            raise refuse(out / name, "this file was not written by the generator, and the new "
                                     "build would overwrite it", "move it out of the folder")
    return foreign


def link_into(names: list[str], source: Path, target: Path) -> None:
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source / name, target / name)
        except OSError:
            shutil.copy2(source / name, target / name)


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
    parked = a.with_name(a.name + "-parked")
    os.rename(b, parked)
    os.rename(a, b)
    os.rename(parked, a)


def remove_written(folder: Path, kept_elsewhere: Path | None = None) -> None:
    """Delete what folder's manifest names, and the folders left empty; nothing else.

    kept_elsewhere: a folder where each foreign file of this one is linked; a foreign
    file whose twin there is the same file is removed too, since nothing is lost.
    """
    for name in read_manifest(folder) or []:
        (folder / name).unlink(missing_ok=True)
    if kept_elsewhere is not None:
        for name in files_under(folder):
            twin = kept_elsewhere / name
            if name != MANIFEST and twin.exists() and os.path.samefile(folder / name, twin):
                (folder / name).unlink()
    (folder / MANIFEST).unlink(missing_ok=True)
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()


def remove_stale_staging(out: Path) -> None:
    """Clear what interrupted builds left beside out/ (only files their manifests name)."""
    for stale in sorted(out.parent.glob(f".{out.name}.new-*")):
        if stale.is_dir():
            remove_written(stale, kept_elsewhere=out)


def replace_output(files: dict[str, bytes], out: Path, project: Path,
                   force: bool = False) -> None:
    """Make `out` hold exactly `files`, plus any file the generator never wrote."""
    out = out.absolute()
    previous = check_target(out, project, force)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(out)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        try:
            write_tree(staging, files)
            if out.exists():
                link_into(foreign_files(out, previous, files), out, staging)
                exchange(staging, out)
            else:
                os.rename(staging, out)
        finally:
            if staging.exists():  # the old build after a swap, or an unfinished new one
                remove_written(staging, kept_elsewhere=out)
    except OSError as error:
        raise refuse(out, f"cannot write the output: {error.strerror or error}",
                     "check the folder's permissions and free space; the old output is "
                     "unchanged") from None


def clean(out: Path) -> tuple[int, int]:
    """Remove what the generator wrote to out (and stale staging beside it).

    Returns (files removed, files kept because the generator did not write them).
    """
    remove_stale_staging(out)
    written = read_manifest(out)
    if written is None:
        return 0, len(files_under(out)) if out.is_dir() else 0
    removed = sum((out / name).is_file() for name in written)
    remove_written(out)
    return removed, len(files_under(out)) if out.is_dir() else 0
