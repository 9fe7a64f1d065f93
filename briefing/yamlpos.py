"""YAML parsing that remembers where every key and item came from.

PyYAML gives plain dicts and lists with no positions and silently keeps the
last of two duplicate keys. This loader returns `Mapping` and `Sequence`
(plain dict and list subclasses) that carry the line and column of each key
and item, and reports duplicate keys as problems instead of dropping them.
Dates stay strings, so an impossible date such as 2026-02-30 reaches
validation with its position instead of crashing the YAML constructor.
"""

from __future__ import annotations

from typing import Any

import yaml

from .problems import Position, Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Mapping(dict):
    """A YAML mapping with the position of the mapping, its keys and values."""

    where: Position
    key_at: dict[Any, Position]
    value_at: dict[Any, Position]

    def at(self, key: Any) -> Position:
        """Where the value of `key` is, or the mapping itself if the key is absent."""
        return self.value_at.get(key, self.where)


def text(data: Any, key: str) -> str:
    """The value of `key` in a mapping as stripped text ('' when absent, null or no mapping)."""
    value = data.get(key) if isinstance(data, Mapping) else None
    return "" if value is None else str(value).strip()


class Sequence(list):
    """A YAML sequence with its own position and the position of each item."""

    where: Position
    item_at: list[Position]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose constructors record positions; one instance per file."""

    def __init__(self, stream: str, path: str, line_offset: int):
        super().__init__(stream)
        self.path = path
        self.line_offset = line_offset
        self.problems: list[Problem] = []

    def position(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        return Position(self.path, mark.line + 1 + self.line_offset, mark.column + 1)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)  # merge keys (<<) become ordinary keys
    result = Mapping()
    result.where = loader.position(node)
    result.key_at, result.value_at = {}, {}
    for key_node, value_node in node.value:
        where = loader.position(key_node)
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            loader.problems.append(
                Problem(where, "a mapping key must be a plain word", "write the key as text"))
            continue
        if key in result:
            first = result.key_at[key]
            loader.problems.append(Problem(
                where, f"duplicate key '{key}' (first given at line {first.line})",
                "keep one of them: YAML would silently drop the first"))
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_at[key] = where
        result.value_at[key] = loader.position(value_node)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.where = loader.position(node)
    result.item_at = [loader.position(child) for child in node.value]
    return result


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; return its data (None on a syntax error) and the problems."""
    loader = _Loader(text, path, line_offset)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(error, text, path, line_offset)]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1 + line_offset
        col = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        char = error.character if isinstance(error.character, int) else ord(error.character)
        return None, [Problem(Position(path, line, col),
                              f"the file holds the control character U+{char:04X}, "
                              "which YAML does not allow", "remove it")]
    except yaml.YAMLError as error:
        return None, [Problem(Position(path), f"YAML error: {error}", "check the file's syntax")]
    finally:
        loader.dispose()
    return data, loader.problems


def syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str,
                   line_offset: int) -> Problem:
    """A YAML syntax error at its line, with a hint about the usual causes."""
    mark = error.problem_mark or error.context_mark
    where = Position(path, mark.line + 1 + line_offset, mark.column + 1) if mark \
        else Position(path)
    message = f"YAML syntax error: {error.problem or error.context}"
    if error.problem and error.context and error.context_mark:
        message += f", {error.context} that starts at line {error.context_mark.line + 1}"
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
        hint = "indent with spaces, not tabs"
    else:
        hint = "check the indentation and quoting on this line or the one before it"
    return Problem(where, message, hint)
