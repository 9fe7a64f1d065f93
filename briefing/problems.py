"""Problems found in the content: where they are, what is wrong, how to fix it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class Position(NamedTuple):
    """A place in a content file; line and column count from 1 (0 when unknown).

    A named tuple, not a dataclass: the loader makes one for every key and item."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path


class Problem(NamedTuple):
    where: Position
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        level = "warning: " if self.warning else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.where}: {level}{self.message}{hint}"


class ContentError(Exception):
    """Raised with every problem at once when the content cannot be built."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def relative_path(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the project when it lies inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint naming the closest choice, or listing the choices."""
    import difflib  # here: a build with no mistake never needs it (1.5 ms to import)

    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(options) if options else ""


def shown(text: str) -> str:
    """Text quoted for a message, with anything invisible or outside ASCII written as its
    code point, so that two names that look alike do not read alike."""
    return "'" + "".join(c if " " <= c <= "~" else f"\\u{ord(c):04x}" for c in text) + "'"


def described(character: str) -> str:
    """A character by its code point and name: 'U+202E (RIGHT-TO-LEFT OVERRIDE)'."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")
