"""Stage 4, render: lay the model out through the Jinja templates into file contents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from .caches import Memo, keep, same
from .exports import export_files
from .load import PAGE_NAMES
from .model import Page, Site, TimelineGroup
from .problems import ContentError, Position, Problem, relative_path
from .templating import JsonRuns, Once, environment, template_texts

STATIC = "static"
"""templates/static/ is copied to the output as it is (stylesheet, icons)."""


def page_url(site: Site, page: Page) -> str:
    """The page's absolute address, or '' when no absolute base URL is known."""
    if not site.base_url or page.name == "404":
        return ""
    return site.base_url + ("" if page.name == "index" else page.filename)


def structured_data(site: Site, page: Page, url: str, memo: Memo | None = None,
                    ) -> dict[str, Any]:
    """JSON-LD: a NewsArticle for every page; the timeline also lists its events (with a
    memo, each timeline group's part of that list is kept while the group is unchanged)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.description,
        "dateModified": site.updated.iso,
        "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.title},
    }
    if url:
        data["url"] = url
    if page.name == "timeline":
        runs, position = [], 1
        for group in site.timeline:
            runs.append(listed_events(group, position, url, memo))
            position += len(group.events)
        data["mainEntity"] = {"@type": "ItemList", "numberOfItems": position - 1,
                              "itemListElement": JsonRuns(runs)}
    return data


def listed_events(group: TimelineGroup, first: int, url: str, memo: Memo | None) -> str:
    """The JSON of a group's ListItems, comma-separated, numbered from `first`."""
    found = same(memo, group, "json-ld") if memo is not None else None
    if found is not None and found[0] == (first, url):
        return found[1]
    items = []
    for position, event in enumerate(group.events, first):
        item = {"@type": "ListItem", "position": position, "name": event.title}
        if url:
            item["url"] = f"{url}#{event.id}"
        items.append(item)
    run = json.dumps(items, sort_keys=True)[1:-1]  # the list's text without its brackets
    return keep(memo, group, ((first, url), run), "json-ld")[1] if memo is not None else run


def template_position(error: jinja2.TemplateError, templates: Path, name: str) -> Position:
    """Where in the templates an error arose: Jinja puts template lines in the traceback."""
    import traceback  # here: only a template's mistake needs it (1.8 ms to import)

    root = templates.parent
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return Position(relative_path(Path(error.filename), root), error.lineno or 0, 1)
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.suffix == ".html" and path.is_relative_to(templates):
            return Position(relative_path(path, root), frame.lineno or 0, 1)
    return Position(relative_path(templates / name, root))


def template_problem(error: jinja2.TemplateError, templates: Path, name: str) -> Problem:
    """A template mistake as a problem at the template's line."""
    where = template_position(error, templates, name)
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(where, f"template syntax error: {error.message}", "fix the template tag")
    if isinstance(error, jinja2.TemplateNotFound):
        return Problem(where, f"template '{error.name}' is missing",
                       f"create it in {relative_path(templates, templates.parent)}/")
    return Problem(where, f"template error: {error}", "check the names the template uses")


def render_site(site: Site, templates: Path, memo: Memo | None = None) -> dict[str, bytes]:
    """Every output file as path -> bytes.

    memo: fragments rendered by earlier builds (serve keeps one); forgotten when a template
    changes."""
    env = None
    if memo is not None:
        texts = template_texts(templates)
        if memo.get("templates") != texts:
            memo.clear()
        memo["templates"] = texts
        env = memo.get("environment")  # its templates loaded and compiled already
    if env is None:
        env = environment(templates, memo)
        if memo is not None:
            memo["environment"] = env
    once: Once = env.globals["once"]
    files: dict[str, bytes] = {}
    problems = []
    for page in site.pages.values():
        try:
            name = page.filename if page.name in PAGE_NAMES else "page.html"
            template = env.get_template(name)
            # The 404 page is served at any depth, so its links need the absolute base URL.
            root = site.base_url if page.name == "404" else ""
            url = page_url(site, page)
            html = template.render(site=site, page=page, root=root, page_url=url,
                                   structured_data=structured_data(site, page, url, memo))
        except jinja2.TemplateError as error:
            problems.append(template_problem(error, templates, name))
            once.placed.clear()
            continue
        files[page.filename] = once.page(html)  # its partials joined in as kept bytes
        del html  # a large page's text is gone before the next page is rendered
    if problems:
        raise ContentError(problems)
    files.update(export_files(site, memo))  # robots.txt, sitemap, feed, JSON and CSV exports
    files.update(static_files(templates))
    return files


def static_files(templates: Path) -> dict[str, bytes]:
    """templates/static/ as it is; a file linked from outside the project is refused."""
    static, root = templates / STATIC, templates.parent.resolve()
    files, problems = {}, []
    for path in sorted(p for p in static.rglob("*") if p.is_file()) if static.is_dir() else []:
        if not path.resolve().is_relative_to(root):
            problems.append(Problem(Position(relative_path(path, templates.parent)),
                                    f"the file points outside the project, to {path.resolve()}",
                                    "replace the link with the file itself"))
            continue
        files[path.relative_to(static).as_posix()] = path.read_bytes()
    if problems:
        raise ContentError(problems)
    return files
