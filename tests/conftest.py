"""Shared fixtures: a tiny site written under tmp_path from a dict of path -> text."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny"
STARTER = ROOT / "briefing" / "starter"
"""The example briefing `new` writes, a fixture of the generator's own."""


def write_site(root: Path, files: dict[str, str | None] | None = None) -> Path:
    """Copy the tiny fixture site and the real templates to root, then apply `files`.

    A value of None deletes that file; any other value replaces or adds it.
    """
    shutil.copytree(TINY, root, dirs_exist_ok=True)
    shutil.copytree(ROOT / "templates", root / "templates", dirs_exist_ok=True)
    for name, text in (files or {}).items():
        path = root / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder as relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site({"content/data/x.yml": "..."}) -> the project folder."""

    def make(files: dict[str, str | None] | None = None, name: str = "site") -> Path:
        return write_site(tmp_path / name, files)

    return make


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write each file under root (text as UTF-8), creating folders; return root."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


@pytest.fixture
def bare_site(tmp_path: Path) -> Callable[..., Path]:
    """bare_site({"site.yml": "...", ...}) -> a project of these files and nothing else: no
    templates (the default theme serves), no fixture content."""

    def make(files: dict[str, str | bytes], name: str = "bare") -> Path:
        return write_files(tmp_path / name, files)

    return make


@pytest.fixture
def edit_site(make_site: Callable[..., Path]) -> Callable[[str, str, str], Path]:
    """edit_site(path, old, new): the tiny site with one replacement made in one file."""

    def edit(path: str, old: str, new: str) -> Path:
        text = (TINY / path).read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        return make_site({path: text.replace(old, new, 1)})

    return edit


def pytest_terminal_summary(terminalreporter) -> None:
    """Say where the browser tests left their screenshots and reports."""
    from tests.tools import ARTIFACTS

    if ARTIFACTS.is_dir() and any(ARTIFACTS.iterdir()):
        terminalreporter.write_line(f"test artifacts (screenshots, reports): {ARTIFACTS}")
