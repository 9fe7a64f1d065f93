"""What a long-running serve keeps between builds, so a rebuild redoes only what changed.

Every cache here is keyed by content (a text) or by the identity of an object an
earlier cache handed back unchanged, and every value is what a cold build would
compute from that key. So a build with caches writes the same bytes as one without.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_MISSING: Any = object()
"""Stands for a value no memo holds (None is a value a memo may hold)."""


class Memo(MutableMapping[K, V], Generic[K, V]):
    """A dict that forgets what a build did not use: `sweep()` after each build keeps only
    the entries looked up or stored since the previous sweep, so a long serve session
    does not grow with every edit."""

    def __init__(self) -> None:
        self.kept: dict[K, V] = {}  # from the build before
        self.used: dict[K, V] = {}  # looked up or stored in this build
        self.hits = 0  # lookups that found a value, over the memo's life

    def get(self, key: K, default: Any = None) -> Any:
        """The kept value, or `default`; written out because a serve rebuild calls it tens
        of thousands of times and MutableMapping's get is several times slower."""
        value = self.used.get(key, _MISSING)
        if value is _MISSING:
            value = self.kept.pop(key, _MISSING)
            if value is _MISSING:
                return default
            self.used[key] = value
        self.hits += 1
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING  # type: ignore[arg-type]

    def __getitem__(self, key: K) -> V:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self.used[key] = value

    def __delitem__(self, key: K) -> None:
        self.used.pop(key, None)
        self.kept.pop(key, None)

    def __len__(self) -> int:
        return len(self.used) + len(self.kept)

    def __iter__(self) -> Iterator[K]:
        yield from self.used
        yield from self.kept

    def clear(self) -> None:
        self.kept, self.used = {}, {}

    def sweep(self) -> None:
        """End of a build: drop what it did not use."""
        self.kept, self.used = self.used, {}


def same(memo: Memo, obj: object, kind: str = "") -> Any:
    """The value kept for this very object (not another one that reuses its id), or None."""
    kept = memo.get((kind, id(obj)))
    return kept[1] if kept is not None and kept[0] is obj else None


def keep(memo: Memo, obj: object, value: V, kind: str = "") -> V:
    """Remember `value` for this object; the memo holds the object, so its id stays its own."""
    memo[kind, id(obj)] = (obj, value)
    return value


@dataclass
class Caches:
    """Parsed YAML, rendered Markdown, checked records, built events and rendered fragments.

    Output is byte-identical without them; serve keeps one between rebuilds."""

    parsed: Memo | None = field(default_factory=Memo)
    markdown: Memo | None = field(default_factory=Memo)
    checked: Memo | None = field(default_factory=Memo)
    built: Memo | None = field(default_factory=Memo)
    fragments: Memo | None = field(default_factory=Memo)

    @classmethod
    def none(cls) -> Caches:
        """No caches at all: each stage then takes its plain one-off path."""
        return cls(None, None, None, None, None)

    def sweep(self) -> None:
        for memo in (self.parsed, self.markdown, self.checked, self.built, self.fragments):
            if memo is not None:
                memo.sweep()
