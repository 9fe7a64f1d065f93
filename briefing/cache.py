"""What a long-running `serve` remembers between rebuilds: results of pure functions.

The stages never see it. The pipeline hands a stage a function (parse a file, render
Markdown texts); under serve that function is wrapped here, so a result is looked up by
the arguments that made it instead of being made again. Every key is content (a
file's path and text, a Markdown text), so a build with the cache writes the same
bytes as one without. What a build did not ask for is forgotten after it, so a
session of many edits does not grow.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

R = TypeVar("R")


class Cache:
    """Results by (function name, arguments), kept from one build to the next."""

    def __init__(self) -> None:
        self.kept: dict[Hashable, Any] = {}  # from the builds before
        self.used: dict[Hashable, Any] = {}  # asked for in this build

    def lookup(self, key: Hashable, make: Callable[[], R]) -> R:
        """The value kept for key, or make()'s, kept for the builds after this one."""
        if key in self.used:
            return self.used[key]
        value = self.kept.pop(key) if key in self.kept else make()
        self.used[key] = value
        return value

    def remembering(self, name: str, function: Callable[..., R]) -> Callable[..., R]:
        """function, its results kept by its (hashable) arguments."""
        def remembered(*args: Hashable) -> R:
            return self.lookup((name, args), lambda: function(*args))
        return remembered

    def remembering_each(self, name: str, function: Callable[[list[Any]], list[R]],
                         ) -> Callable[[list[Any]], list[R]]:
        """A function of a list that gives one result per item, the items it has seen
        before taken from the cache and only the others passed on, in one call."""
        def remembered(items: list[Any]) -> list[R]:
            new = [item for item in dict.fromkeys(items)
                   if (name, item) not in self.used and (name, item) not in self.kept]
            made = dict(zip(new, function(new), strict=True)) if new else {}
            return [self.lookup((name, item), lambda item=item: made[item]) for item in items]
        return remembered

    def end_build(self, complete: bool = True) -> None:
        """Forget what the build just done did not ask for; after a build that stopped
        early (a content error), forget nothing: the next one will ask again."""
        if complete:
            self.kept, self.used = self.used, {}
        else:
            self.kept.update(self.used)
            self.used = {}
