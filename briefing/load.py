"""Stage 1, load: read the project's files and parse them, keeping positions.

Nothing is judged here beyond what reading needs (a file that is not UTF-8 text, a
YAML syntax error): the check stage judges what the files say.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .problems import Position, Problem, relative_path
from .schema import MEDIA_SUFFIXES
from .yamlpos import Mapping, parse_yaml

MAX_BYTES = 20 * 1024 * 1024
"""The largest content file read; anything bigger is a mistake, not a briefing."""


class MarkdownDoc(NamedTuple):
    """A Markdown file split into its front matter and its body."""

    path: str
    name: str
    front: Any
    body: str
    body_line: int  # line number of the body's first line in the file


class ParsedFile(NamedTuple):
    """What parsing one file's text gave: its data (a MarkdownDoc for .md) and problems."""

    data: Any
    problems: tuple[Problem, ...]


Parser = Callable[[str, str], ParsedFile]
"""parse(shown path, text) -> ParsedFile: a pure function of its arguments."""


@dataclass
class LoadedProject:
    """Everything read from a project folder, parsed but not yet checked."""

    root: Path
    site: Any = None
    site_path: str = "site.yml"
    pages: dict[str, MarkdownDoc] = field(default_factory=dict)
    brief: list[MarkdownDoc] = field(default_factory=list)
    sheets: list[tuple[str, Any]] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    """Every image under content/, by its path there (media/map.png), as bytes."""
    problems: list[Problem] = field(default_factory=list)
    unreadable_sheets: int = 0  # fact sheets that could not be read or parsed


def read_text(path: Path, shown: str, root: Path) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file inside the project; report anything else as a problem."""
    if not path.resolve().is_relative_to(root.resolve()):
        return None, [Problem(Position(shown), f"the file points outside the project, to "
                              f"{path.resolve()}", "replace the link with the file itself")]
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, [Problem(Position(shown), "not a regular file (a folder, a pipe or a "
                                  "device), so it cannot be read as content",
                                  "replace it with a file, or move it out of content/")]
        if info.st_size > MAX_BYTES:
            return None, [Problem(Position(shown), f"the file is {info.st_size / 2**20:.0f} MB, "
                                  f"more than the {MAX_BYTES // 2**20} MB a content file may "
                                  "be", "split it, or check that it is the file you meant")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(Position(shown), f"cannot read the file: {error.strerror}")]
    return decode_text(raw, shown)


def decode_text(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """The bytes as UTF-8 text, or the problem that stops it being text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(Position(shown, 1, 1), "the file starts with a byte-order mark",
                              "save it as UTF-8 without a BOM")]
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        return None, [Problem(Position(shown, line, 1), "the file holds binary data (a NUL "
                              "byte), not text", "check that it is the file you meant")]
    try:
        # Old Mac files end lines with CR alone: one kind of line end, so positions count
        # lines as an editor shows them.
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(Position(shown, line, col),
                              f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                              "save it as UTF-8")]


def empty_mapping(where: Position) -> Mapping:
    """Front matter with no keys: the check then says which it needs."""
    made = Mapping()
    made.where, made.key_at, made.value_at = where, {}, {}
    return made


def split_front_matter(text: str, shown: str) -> tuple[Any, str, int, list[Problem]]:
    """Split `---` front matter from a Markdown body; return (front, body, body_line, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        problem = Problem(Position(shown, 1, 1), "missing front matter",
                          "start the file with a '---' line, a 'title:' line and a closing "
                          "'---' line")
        return None, text, 1, [problem]
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            front, problems = parse_yaml("".join(lines[1:index]), shown, line_offset=1)
            if front is None and not problems:  # nothing between the two lines, or comments
                front = empty_mapping(Position(shown, 1, 1))
            return front, "".join(lines[index + 1:]), index + 2, problems
    problem = Problem(Position(shown, 1, 1), "front matter is never closed",
                      "add a '---' line after it")
    return None, text, 1, [problem]


def parse_file(shown: str, text: str) -> ParsedFile:
    """A Markdown file into a MarkdownDoc, a YAML file into its data."""
    if shown.endswith(".md"):
        front, body, body_line, problems = split_front_matter(text, shown)
        name = shown.rsplit("/", 1)[-1].removesuffix(".md")
        return ParsedFile(MarkdownDoc(shown, name, front, body, body_line), tuple(problems))
    if not text.strip():
        return ParsedFile(None, (Problem(Position(shown), "the file is empty",
                                         "add its content"),))
    data, problems = parse_yaml(text, shown)
    if data is None and not problems:
        problems = [Problem(Position(shown), "the file holds no data, only comments",
                            "add its content, or remove the file")]
    return ParsedFile(data, tuple(problems))


def load_file(path: Path, root: Path, parse: Parser) -> ParsedFile:
    """Read and parse one file of the project."""
    shown = relative_path(path, root)
    text, problems = read_text(path, shown, root)
    if text is None:
        return ParsedFile(None, tuple(problems))
    return parse(shown, text)


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def media_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() in MEDIA_SUFFIXES and p.is_file())


def read_media(path: Path, root: Path) -> tuple[bytes | None, list[Problem]]:
    """An image's bytes; a link out of the project or an unreadable file is a problem."""
    shown = relative_path(path, root)
    if not path.resolve().is_relative_to(root.resolve()):
        return None, [Problem(Position(shown), f"the file points outside the project, to "
                              f"{path.resolve()}", "replace the link with the file itself")]
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(Position(shown), f"the image is {size / 2**20:.0f} MB, more "
                                  f"than the {MAX_BYTES // 2**20} MB a content file may be",
                                  "make a smaller copy for the web")]
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(Position(shown), f"cannot read the file: {error.strerror}")]


def load_project(root: Path, parse: Parser = parse_file) -> LoadedProject:
    """Read site.yml, content/pages/*.md (each an intro of a page, all optional),
    content/brief/*.md and every content/**/*.yml.

    parse: turns one file's text into data; serve passes one that remembers its results."""
    project = LoadedProject(root=root)
    site_file = root / "site.yml"
    if site_file.is_file():
        project.site, problems = load_file(site_file, root, parse)
        project.problems += problems
    else:
        project.problems.append(Problem(Position("site.yml"), "site.yml is missing",
                                        "create it beside content/ and templates/"))
    content = root / "content"
    for path in sorted((content / "pages").glob("*.md")):
        doc, problems = load_file(path, root, parse)
        project.problems += problems
        if doc:
            project.pages[doc.name] = doc
    for path in sorted((content / "brief").glob("*.md")):
        doc, problems = load_file(path, root, parse)
        project.problems += problems
        if doc:
            project.brief.append(doc)
    for path in media_files(content) if content.is_dir() else []:
        data, problems = read_media(path, root)
        project.problems += problems
        if data is not None:
            project.media[path.relative_to(content).as_posix()] = data
    for path in yaml_files(content) if content.is_dir() else []:
        data, problems = load_file(path, root, parse)
        project.problems += problems
        if data is not None:
            project.sheets.append((relative_path(path, root), data))
        elif problems:
            project.unreadable_sheets += 1
    return project
