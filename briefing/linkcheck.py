"""Check every internal link and #fragment of a built site, held in memory."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .problems import Position, Problem


class _Page(HTMLParser):
    """The ids a page defines and the links it makes, with their line and column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.repeated: list[tuple[str, int, int]] = []  # an id met again: (id, line, col)
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        for name, value in attrs:
            if name == "id" and value:
                if value in self.ids:
                    self.repeated.append((value, line, col + 1))
                self.ids.add(value)
            elif name in ("href", "src") and value and not (tag == "link" and "data:" in value):
                self.links.append((value, line, col + 1))


def parse(html: bytes) -> _Page:
    page = _Page()
    page.feed(html.decode("utf-8"))
    page.close()
    return page


def resolve(page: str, href: str) -> tuple[str, str] | None:
    """(target file, fragment) of an internal link from page; None for an external one."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if parts.path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html").removeprefix("./")
    return target, unquote(parts.fragment)


def broken_links(files: dict[str, bytes]) -> list[Problem]:
    """A problem for every internal link to a missing file or a missing #fragment, and for
    every id a page holds twice."""
    pages = {name: parse(data) for name, data in files.items() if name.endswith(".html")}
    problems = []
    for name, page in sorted(pages.items()):
        for ident, line, col in page.repeated:
            problems.append(Problem(Position(f"output/{name}", line, col),
                                    f"the id '{ident}' is on the page twice, so a link to "
                                    f"#{ident} leads to the first only",
                                    "rename the entry or the section that repeats it"))
        for href, line, col in page.links:
            resolved = resolve(name, href)
            if resolved is None:
                continue
            target, fragment = resolved
            where = Position(f"output/{name}", line, col)
            if target not in files:
                problems.append(Problem(where, f"broken link '{href}': no file {target}",
                                        "fix the template or the Markdown link"))
            elif fragment and target in pages and fragment not in pages[target].ids:
                problems.append(Problem(where, f"broken link '{href}': {target} has no "
                                               f"element with id '{fragment}'",
                                        "fix the anchor or the id"))
    return problems
