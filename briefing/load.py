"""Stage 1, load: read the project's files and parse them, keeping positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .problems import Position, Problem, relative_path
from .sheet_items import ItemMemo, parse_sheet
from .yamlpos import parse_yaml

MAX_BYTES = 20 * 1024 * 1024
"""The largest content file read; anything bigger is a mistake, not a briefing."""

MARKDOWN_FILE = -1
"""The line number in a parse-cache key that stands for a whole Markdown file."""
PAGE_NAMES = ("index", "timeline", "sources", "contested", "404")
"""The pages every site has; each needs an intro in content/pages/NAME.md. Any other
content/pages/NAME.md is a page of its own, rendered through templates/page.html."""


class MarkdownDoc(NamedTuple):
    """A Markdown file split into its front matter and its body."""

    path: str
    name: str
    front: Any
    body: str
    body_line: int  # line number of the body's first line in the file


@dataclass
class Project:
    """Everything read from a project folder, parsed but not yet checked."""

    root: Path
    site: Any = None
    site_path: str = "site.yml"
    pages: dict[str, MarkdownDoc] = field(default_factory=dict)
    brief: list[MarkdownDoc] = field(default_factory=list)
    sheets: list[tuple[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable_sheets: int = 0  # fact sheets that could not be read or parsed

    def entry_count(self) -> int:
        """How many entries the fact sheets hold, all lists together: the project's size."""
        return sum(len(value) for _, data in self.sheets if isinstance(data, dict)
                   for value in data.values() if isinstance(value, list))


class RealPaths:
    """Where paths really lead, links followed (Path.resolve), resolving each folder once:
    a load reads many files from few folders, and resolve() looks at every part."""

    def __init__(self) -> None:
        self.folders: dict[Path, Path] = {}

    def folder(self, folder: Path) -> Path:
        found = self.folders.get(folder)
        if found is None:
            found = self.folders[folder] = folder.resolve()
        return found

    def of(self, path: Path) -> Path:
        """path.resolve(): a file that is not a link is where its folder really is."""
        return path.resolve() if path.is_symlink() else self.folder(path.parent) / path.name


def read_text(path: Path, shown: str, root: Path,
              real: RealPaths | None = None) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file inside the project; report anything else as a problem."""
    real = real or RealPaths()
    if not real.of(path).is_relative_to(real.folder(root)):
        return None, [Problem(Position(shown), f"the file points outside the project, to "
                              f"{path.resolve()}", "replace the link with the file itself")]
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(Position(shown), f"the file is {size / 2**20:.0f} MB, more "
                                  f"than the {MAX_BYTES // 2**20} MB a content file may be",
                                  "split it, or check that it is the file you meant")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(Position(shown), f"cannot read the file: {error.strerror}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(Position(shown, 1, 1), "the file starts with a byte-order mark",
                              "save it as UTF-8 without a BOM")]
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        return None, [Problem(Position(shown, line, 1), "the file holds binary data (a NUL "
                              "byte), not text", "check that it is the file you meant")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(
                Position(shown, line, col),
                f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                "save it as UTF-8",
            )
        ]


def split_front_matter(text: str, shown: str) -> tuple[Any, str, int, list[Problem]]:
    """Split `---` front matter from a Markdown body; return (front, body, body_line, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        problem = Problem(
            Position(shown, 1, 1),
            "missing front matter",
            "start the file with a '---' line, a 'title:' line and a closing '---' line",
        )
        return None, text, 1, [problem]
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            front_text = "".join(lines[1:index])
            front, problems = parse_yaml(front_text, shown, line_offset=1)
            return front, "".join(lines[index + 1 :]), index + 2, problems
    problem = Problem(
        Position(shown, 1, 1), "front matter is never closed", "add a '---' line after it"
    )
    return None, text, 1, [problem]


def load_markdown(path: Path, root: Path, cache: ItemMemo | None = None,
                  real: RealPaths | None = None) -> tuple[MarkdownDoc | None, list[Problem]]:
    """A Markdown file; with a cache (serve keeps one), an unchanged file is the very
    object of last time."""
    shown = relative_path(path, root)
    text, problems = read_text(path, shown, root, real)
    if text is None:
        return None, problems
    found = cache.get((shown, text, MARKDOWN_FILE)) if cache is not None else None
    if found is None:
        front, body, body_line, front_problems = split_front_matter(text, shown)
        found = MarkdownDoc(shown, path.stem, front, body, body_line), front_problems
        if cache is not None:
            cache[shown, text, MARKDOWN_FILE] = found
    doc, front_problems = found
    return doc, list(front_problems)


def load_yaml_file(path: Path, root: Path, cache: ItemMemo | None = None,
                   real: RealPaths | None = None) -> tuple[str, Any, list[Problem]]:
    """A fact sheet's data; with a cache (serve keeps one), only edited items are parsed."""
    shown = relative_path(path, root)
    text, problems = read_text(path, shown, root, real)
    if text is None:
        return shown, None, problems
    if not text.strip():
        return shown, None, [Problem(Position(shown), "the file is empty", "add its content")]
    data, problems = parse_sheet(text, shown, cache)
    if data is None and not problems:
        problems = [Problem(Position(shown), "the file holds no data, only comments",
                            "add its content, or remove the file")]
    return shown, data, problems


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def load_project(root: Path, cache: ItemMemo | None = None) -> Project:
    """Read site.yml, content/pages/*.md, content/brief/*.md and every content/**/*.yml."""
    project = Project(root=root)
    real = RealPaths()  # for this load only: links may change between two builds
    site_file = root / "site.yml"
    if not site_file.is_file():
        project.problems.append(
            Problem(Position("site.yml"), "site.yml is missing",
                    "create it beside content/ and templates/")
        )
    else:
        project.site_path, project.site, problems = load_yaml_file(site_file, root,
                                                                      real=real)
        project.problems += problems

    content = root / "content"
    extra = sorted(p.stem for p in (content / "pages").glob("*.md") if p.stem not in PAGE_NAMES)
    for name in (*PAGE_NAMES, *extra):
        path = content / "pages" / f"{name}.md"
        if not path.is_file():
            project.problems.append(
                Problem(
                    Position(relative_path(path, root)),
                    f"the intro of the '{name}' page is missing",
                    "create it with front matter holding title and description",
                )
            )
            continue
        doc, problems = load_markdown(path, root, cache, real)
        project.problems += problems
        if doc:
            project.pages[name] = doc

    for path in sorted((content / "brief").glob("*.md")):
        doc, problems = load_markdown(path, root, cache, real)
        project.problems += problems
        if doc:
            project.brief.append(doc)

    if content.is_dir():
        for path in yaml_files(content):
            shown, data, problems = load_yaml_file(path, root, cache, real)
            project.problems += problems
            if data is not None:
                project.sheets.append((shown, data))
            elif problems:
                project.unreadable_sheets += 1
    return project
