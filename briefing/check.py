"""Stage 2, check: find every problem in the loaded content, then hand the model records.

Every problem is found before anything is built, and reported all at once. Entries
marked draft are checked too; unless drafts are asked for, published content may not
depend on them, and they are left out of the records.
"""

from __future__ import annotations

from . import media, rules, schema, timeline
from .load import LoadedProject
from .problems import ContentError, Position, Problem
from .records import CheckedContent, content_records, entries, media_hosts
from .shapes import ShapeChecker, is_draft, vocabularies
from .yamlpos import Mapping


def find_problems(project: LoadedProject, drafts: bool = False,
                  single_sourced: bool = False) -> list[Problem]:
    """Every problem in the project, errors and warnings, in file order.

    single_sourced: also warn about claims resting on one outlet and positions without a
    label (`check` asks for it)."""
    return sorted(set(inspect(project, drafts, single_sourced).problems))


def inspect(project: LoadedProject, drafts: bool, single_sourced: bool) -> ShapeChecker:
    """Every check, run; the checker holds the problems and what it met on the way."""
    checker = ShapeChecker(problems=list(project.problems),
                           allowed=vocabularies(project.site))
    check_shapes(project, checker)
    indexes = rules.unique_ids(checker, project.sheets)
    sources = indexes["sources"]
    hosts = media_hosts(project.site)
    media.check_images(checker, project.media, hosts)
    for kind in ("events", "facts"):
        for data, _ in entries(project.sheets, kind):
            if isinstance(data.get("media"), Mapping):
                checker.in_draft = is_draft(data)
                media.check_entry(checker, data["media"], project.media, hosts)
                checker.in_draft = False
    rules.citations_resolve(checker, sources, drafts, project.unreadable_sheets == 0)
    rules.relays_resolve(checker, sources)
    rules.undated_sources_explained(checker, project.sheets)
    rules.no_circular_citations(checker, sources)
    rules.undated_events_anchored(checker, indexes["events"], drafts)
    rules.facts_have_values(checker, project.sheets)
    rules.fact_bounds_ordered(checker, project.sheets)
    rules.disputes_complete(checker, project.sheets)
    rules.story_cited(checker, project)
    rules.site_updated(checker, project)
    rules.pages_exist(checker, project, drafts)
    rules.search_available(checker, project, drafts)
    if single_sourced:  # the review `check` gives: what an editor should still write
        rules.single_sourced_claims(checker, project.sheets, sources, drafts)
        rules.position_labels(checker, project.sheets)
    return checker


def check_shapes(project: LoadedProject, checker: ShapeChecker) -> None:
    """site.yml, every front matter and fact sheet against the schema; every citation."""
    if project.site is not None:
        checker.record(project.site, schema.SITE, Position(project.site_path))
    docs = [(doc, schema.PAGE) for doc in project.pages.values()]
    docs += [(doc, schema.BRIEF) for doc in project.brief]
    for doc, record in docs:
        if doc.front is not None:
            checker.record(doc.front, record, Position(doc.path, 1, 1))
        checker.in_draft = is_draft(doc.front)
        checker.markdown(doc.body, Position(doc.path), doc.body_line, exact=True)
        checker.in_draft = False
    for path, data in project.sheets:
        checker.record(data, schema.FACT_SHEET, Position(path, 1, 1))


def check_project(project: LoadedProject, drafts: bool = False,
                  single_sourced: bool = False) -> CheckedContent:
    """The project as checked records; raise ContentError with every problem if any is
    an error."""
    checker = inspect(project, drafts, single_sourced)
    problems = sorted(set(checker.problems))
    if any(not problem.warning for problem in problems):
        raise ContentError(problems)
    shown = {image.src for image in checker.images if drafts or not image.from_draft}
    content = content_records(project, drafts, problems, shown)
    return content._replace(warnings=content.warnings + crowded_timeline(project, content))


FINER_UNIT = {"year": "month", "decade": "year", "auto": "month", "single": "auto"}


def crowded_timeline(project: LoadedProject, content: CheckedContent) -> list[Problem]:
    """A warning for each timeline page too heavy to open quickly, naming the finer unit."""
    crowded = timeline.crowded_pages(content.events, content.site.timeline_pages)
    setting = content.site.timeline_pages
    where = project.site.at("timeline_pages") if project.site is not None else \
        Position(project.site_path)
    return [Problem(where, f"the timeline page {filename} holds {count:,} events, more "
                    f"than {timeline.CROWDED} make a page slow to open and long to read",
                    f"set timeline_pages: {FINER_UNIT[setting]} in site.yml" if setting in
                    FINER_UNIT else "no page is finer than a month: a story this dense may be two",
                    warning=True)
            for filename, count in crowded]
