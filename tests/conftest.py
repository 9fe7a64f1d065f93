"""Shared fixtures: a tiny site written under tmp_path from a dict of path -> text."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny"


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


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site({"content/data/x.yml": "..."}) -> the project folder."""

    def make(files: dict[str, str | None] | None = None, name: str = "site") -> Path:
        return write_site(tmp_path / name, files)

    return make
