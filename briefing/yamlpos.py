"""YAML parsing that remembers where every key and item came from.

PyYAML gives plain dicts and lists with no positions and silently keeps the
last of two duplicate keys. This loader returns `Mapping` and `Sequence`
(plain dict and list subclasses) that carry the line and column of each key
and item, and reports duplicate keys as problems instead of dropping them.
Dates stay strings, so an impossible date such as 2026-02-30 reaches
validation with its position instead of crashing the YAML constructor.

Values are read as the editor wrote them: a number keeps the text it was written as
(`1:30`, `010`, `5.10` and `0x1F` are text where text is expected, not 90, 8, 5.1 and
31), and only true and false are true and false (`yes`, `no`, `on` and `off` stay
words, as in YAML 1.2). A file nested deeper than MAX_DEPTH, or whose aliases expand to
more than MAX_VALUES values, is refused before it is built.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .problems import Position, Problem

MAX_DEPTH = 100
"""Lists and mappings nested deeper than this are refused: no briefing needs them, and
the YAML parser's time (and stack) grows with the depth."""
MAX_VALUES = 1_000_000
"""A file whose aliases would expand to more values than this is refused (an alias bomb:
a 434-byte file can stand for 10^8 strings)."""
FLOW_OPEN = re.compile(r"""'[^']*'|"(?:[^"\\]|\\.)*"|#.*|[\[{]|[\]}]""")
"""Quoted text and comments (skipped), and the brackets that open and close a flow."""
INNERMOST = re.compile(r"[\[{][^\[\]{}]*[\]}]")
"""A bracketed part with no bracket inside: removing these, round after round, peels one
level of nesting a round."""
DEEP_BLOCK = re.compile(rf"^[ -]{{{MAX_DEPTH + 1}}}", re.MULTILINE)
ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]")
"""An anchor (&name): without one, no alias can repeat anything."""


class YamlInt(int):
    """An integer as YAML read it, with the text it was written as."""

    source: str

    def __str__(self) -> str:
        return self.source


class YamlFloat(float):
    """A number with a point (or .nan, .inf) as YAML read it, with its text."""

    source: str

    def __str__(self) -> str:
        return self.source


def written(value: Any) -> Any:
    """The value as the editor wrote it: a number's own text, anything else as it is."""
    return value.source if isinstance(value, YamlInt | YamlFloat) else value

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
    """The value of `key` in a mapping as stripped text ('' when absent, null or no mapping);
    a number as it was written."""
    value = data.get(key) if isinstance(data, Mapping) else None
    return "" if value is None else str(value).strip()


class Sequence(list):
    """A YAML sequence with its own position and the position of each item."""

    where: Position
    item_at: list[Position]


BOOL = "tag:yaml.org,2002:bool"
TRUE_OR_FALSE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _yaml12_booleans(resolvers: dict[str, list]) -> dict[str, list]:
    """PyYAML's implicit resolvers with YAML 1.2's booleans: true and false only, so that
    yes, no, on and off stay words."""
    made = {}
    for first, pairs in resolvers.items():
        kept = [(tag, regexp) for tag, regexp in pairs if tag != BOOL]
        if first in "tTfF":
            kept.append((BOOL, TRUE_OR_FALSE))
        if kept:
            made[first] = kept
    return made


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose constructors record positions; one instance per file."""

    yaml_implicit_resolvers = _yaml12_booleans(_BaseLoader.yaml_implicit_resolvers)

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


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> YamlInt:
    made = YamlInt(yaml.constructor.SafeConstructor.construct_yaml_int(loader, node))
    made.source = node.value
    return made


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> YamlFloat:
    made = YamlFloat(yaml.constructor.SafeConstructor.construct_yaml_float(loader, node))
    made.source = node.value
    return made


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) from 0 where the nesting first passes MAX_DEPTH, or None. Counted
    from the text, before any parser sees it: flow brackets, and block indentation with
    the '- ' of nested list items. Done with regular expressions first (a large sheet in
    milliseconds); only a text they find too deep is walked line by line."""
    flat, deep = text, DEEP_BLOCK.search(text) is not None
    for _ in range(MAX_DEPTH + 1):
        if deep or ("[" not in flat and "{" not in flat):
            break
        peeled = INNERMOST.sub("", flat)
        if peeled == flat:
            break  # what is left does not pair up: the parser will say where
        flat = peeled
    else:
        deep = True
    return where_too_deep(text) if deep else None


def where_too_deep(text: str) -> tuple[int, int] | None:
    """too_deep's position, walking the text line by line."""
    flow = 0
    for number, line in enumerate(text.split("\n")):
        block = len(line) - len(line.lstrip(" -"))  # at least one character a level
        if block + flow > MAX_DEPTH and line.strip() and not line.lstrip().startswith("#"):
            return number, 0
        for token in FLOW_OPEN.finditer(line):
            if token[0] in "[{":
                flow += 1
                if flow > MAX_DEPTH:
                    return number, token.start()
            elif token[0] in "]}":
                flow = max(flow - 1, 0)
    return None


def expanded_size(root: yaml.Node) -> int:
    """How many values the node stands for once every alias is expanded (stops counting
    past MAX_VALUES). Each node's size is counted once and reused, so an alias bomb is
    measured without being expanded."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()  # a node inside itself (a: &a [*a]) is counted once
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = [] if isinstance(node, yaml.ScalarNode) else [
            child for pair in node.value for child in (pair if isinstance(pair, tuple)
                                                        else (pair,))]
        waiting = [child for child in children
                   if id(child) not in sizes and id(child) not in visiting]
        if not children_done and waiting:
            visiting.add(id(node))
            stack.append((node, True))
            stack += [(child, False) for child in waiting]
            continue
        visiting.discard(id(node))
        sizes[id(node)] = min(1 + sum(sizes.get(id(child), 1) for child in children),
                              MAX_VALUES + 1)
    return sizes[id(root)]


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; return its data (None on a syntax error) and the problems."""
    deep = too_deep(text)
    if deep is not None:
        return None, [Problem(Position(path, deep[0] + 1 + line_offset, deep[1] + 1),
                              f"lists and mappings are nested too deep (past {MAX_DEPTH} levels "
                              "of indentation and brackets)",
                              "flatten the structure: no entry needs this depth")]
    loader = _Loader(text, path, line_offset)
    try:
        node = loader.get_single_node()
        if node is not None and ANCHOR.search(text) and expanded_size(node) > MAX_VALUES:
            return None, [Problem(Position(path, node.start_mark.line + 1 + line_offset, 1),
                                  f"the file's aliases (*name) expand to more than "
                                  f"{MAX_VALUES:,} values", "write the values out, or "
                                  "use fewer aliases of aliases")]
        data = loader.construct_document(node) if node is not None else None
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


def yaml_reading(value: Any) -> str:
    """What YAML made of a value, in words."""
    if isinstance(value, bool):
        return f"{str(value).lower()} as a yes-or-no value"
    if isinstance(value, Mapping):
        return "a mapping (key: value lines) here"
    if isinstance(value, Sequence):
        return "a list here"
    if isinstance(value, int | float):
        return f"{written(value)} as a number"
    return f"{value!r} as text"
