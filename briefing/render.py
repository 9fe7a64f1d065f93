"""Stage 4, render: lay the model out through the Jinja templates into file contents.

The templates are a theme: the generator's own (the default theme, the `templates/`
folder of this repository, installed as `briefing/theme`), under which a project's
own `templates/` may put a template or a static file of the same name to replace it.
Every page is a template given `site` (the model), `page`, `root` and `page_url`
(README.md, "Template reference"); the machine-readable files come from exports.py;
each theme's static/ is copied as it is. Nothing is written here: the result is a
dict of path -> bytes.
"""

from __future__ import annotations

import importlib.util
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .citations import Citation, citation_html
from .exports import export_files
from .model import Page, Site
from .problems import ContentError, Position, Problem, relative_path
from .schema import PAGE_NAMES
from .search import SCRIPT, search_files
from .timeline import TimelinePage

STATIC = "static"
"""templates/static/ is copied to the output as it is (stylesheet, icons)."""
EXPORT_FRAGMENTS = "_exports.html"
"""The macros that write the HTML inside the feed and timeline.json."""
CACHE = ".cache"
"""PROJECT/.cache/: Jinja's compiled templates, keyed by each template's text, kept
between builds; safe to delete at any time."""


def cites(citations: list[Citation]) -> Markup:
    """Jinja filter: the same citation markup Markdown produces."""
    return Markup(citation_html(citations)) if citations else Markup("")


def default_theme() -> Path:
    """The generator's own templates: installed as the package `briefing.theme`, or, run
    from a checkout, the repository's templates/ folder."""
    spec = importlib.util.find_spec("briefing.theme")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "base.html").is_file():
            return Path(location)
    return Path(__file__).resolve().parent.parent / "templates"


def theme_folders(templates: Path) -> list[Path]:
    """Where templates are looked for, first match wins: the project's, then the default."""
    default = default_theme()
    own = [templates] if templates.is_dir() and templates.resolve() != default.resolve() else []
    return [*own, default]


def bytecode_cache(templates: Path) -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates beside the project, so a build skips compiling them."""
    folder = templates.parent / CACHE / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only project still builds, only slower
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme_folders(templates)),
        bytecode_cache=bytecode_cache(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cites"] = cites
    return env


def page_url(site: Site, page: Page) -> str:
    """The page's absolute address, or '' when no absolute base URL is known."""
    if not site.base_url or page.name == "404":
        return ""
    return site.base_url + ("" if page.name == "index" else page.filename)


def structured_data(site: Site, page: Page, url: str,
                    period: TimelinePage | None = None) -> dict[str, Any]:
    """JSON-LD: a NewsArticle for every page; a page of events also lists them."""
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
    if period is None and page.name == "timeline" and not site.timeline_split:
        period = site.timeline_pages[0]
    if period is not None:
        events = period.events
        items = []
        for position, event in enumerate(events, 1):
            item = {"@type": "ListItem", "position": position, "name": event.title}
            if url:
                item["url"] = f"{url}#{event.id}"
            items.append(item)
        data["mainEntity"] = {"@type": "ItemList", "numberOfItems": len(events),
                              "itemListElement": items}
    return data


def template_position(error: jinja2.TemplateError, templates: Path, name: str) -> Position:
    """Where in the templates an error arose: Jinja puts template lines in the traceback.
    A project's own template is named from the project; the default theme's by its path."""
    root = templates.parent
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return Position(relative_path(Path(error.filename), root), error.lineno or 0, 1)
    folders = theme_folders(templates)
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.suffix == ".html" and any(path.is_relative_to(f) for f in folders):
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


def page_jobs(site: Site) -> Iterator[tuple[str, Page, dict[str, Any]]]:
    """Every page to render: (template name, page, what else its template is given).
    PAGE_NAMES each through its own template, any other content page through page.html,
    and the pages a large briefing is split into: parts, timeline periods, sources."""
    for page in site.pages.values():
        name = page.filename if page.name in PAGE_NAMES else "page.html"
        # The 404 page is served at any depth, so its links need the absolute base URL.
        yield name, page, {"root": site.base_url if page.name == "404" else ""}
    for part in site.parts:
        yield part.template, part.page, {"part": part}
    if site.timeline_split and "timeline" in site.pages:
        for period in site.timeline_pages:
            yield "timeline_period.html", period_page(site, period), {"period": period}
    for source in site.sources:
        if source.id in site.source_pages:
            yield "source.html", site.source_pages[source.id], {"source": source}


def render_pages(site: Site, templates: Path, env: jinja2.Environment) -> dict[str, bytes]:
    """Every page of the site through its template; a template's mistake is reported once
    however many pages use it."""
    files: dict[str, bytes] = {}
    problems: dict[Problem, None] = {}
    for name, page, extra in page_jobs(site):
        url = page_url(site, page)
        try:
            html = env.get_template(name).render(
                site=site, page=page, page_url=url,
                structured_data=structured_data(site, page, url, extra.get("period")),
                **{"root": "", **extra})
        except jinja2.TemplateError as error:
            problems[template_problem(error, templates, name)] = None
            continue
        files[page.filename] = html.encode("utf-8")
    if problems:
        raise ContentError(list(problems))
    return files


def period_page(site: Site, period: TimelinePage) -> Page:
    """The page of one period of a split timeline, named like the timeline's own."""
    timeline = site.pages["timeline"]
    return Page("timeline", period.filename, f"{timeline.title}: {period.heading}",
                f"{period.heading}: {period.count:,} events of {site.title}, "
                "each with its sources.", "")


def static_files(templates: Path) -> dict[str, bytes]:
    """Every theme folder's static/ as it is, the project's file winning over the default
    theme's of the same name; a project file linked from outside the project is refused."""
    files: dict[str, bytes] = {}
    problems = []
    for folder in reversed(theme_folders(templates)):  # the default first, then overrides
        static = folder / STATIC
        own = folder == templates
        for path in sorted(p for p in static.rglob("*") if p.is_file()) if static.is_dir() \
                else []:
            if own and not path.resolve().is_relative_to(templates.parent.resolve()):
                problems.append(Problem(
                    Position(relative_path(path, templates.parent)),
                    f"the file points outside the project, to {path.resolve()}",
                    "replace the link with the file itself"))
                continue
            files[path.relative_to(static).as_posix()] = path.read_bytes()
    if problems:
        raise ContentError(problems)
    return dict(sorted(files.items()))


def render_site(site: Site, templates: Path, search_index: bool = True) -> dict[str, bytes]:
    """Every output file as path -> bytes: pages, exports and static files; and, when the
    site has search and search_index is true, its Pagefind index."""
    env = environment(templates)
    files = render_pages(site, templates, env)
    try:
        fragments = env.get_template(EXPORT_FRAGMENTS).module
    except jinja2.TemplateError as error:
        raise ContentError([template_problem(error, templates, EXPORT_FRAGMENTS)]) from None
    files.update(export_files(site, fragments))  # robots.txt, sitemap, feed, JSON, CSV
    files.update(static_files(templates))
    files.update(site.media_files)  # the images under content/ the pages show
    if not site.search:
        files.pop(SCRIPT, None)
    elif search_index:
        files.update(search_files(files))
    return files
