"""The Jinja environment the templates render in, and compiling them ahead of the build.

Kept apart from render.py, and light to import (Jinja and the citation markup only): a
one-off build forks a child that compiles the templates a new checkout has no bytecode for,
before the other stages' modules are even imported, and the child needs only this.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import forked
from .caches import Memo, keep, same
from .citations import Citation, citation_html


def cites(citations: list[Citation]) -> Markup:
    """Jinja filter: the same citation markup Markdown produces."""
    return Markup(citation_html(citations)) if citations else Markup("")


def backlink_items(groups: list[tuple[str, list[Citation]]]) -> Markup:
    """Jinja filter: a source's back-links as <li> items, one per claim; a claim cited more
    than once links each citation by number. Written here, not in the template: a large
    briefing has thousands, and this is many times faster than a Jinja loop."""
    items = []
    for context, citations in groups:
        shown = escape(context)
        if len(citations) == 1:
            citation = citations[0]
            via = f" (citing {escape(citation.via)})" if citation.via else ""
            items.append(f'<li><a href="{escape(citation.backlink)}">{shown}</a>{via}</li>\n')
            continue
        links = "".join(
            f' <a href="{escape(c.backlink)}" aria-label="{shown}, citation {number}'
            f'{f", citing {escape(c.via)}" if c.via else ""}">{number}</a>'
            for number, c in enumerate(citations, 1))
        items.append(f"<li>{shown}:\n{links}</li>\n")
    return Markup("".join(items))


CACHE = ".cache"
"""PROJECT/.cache/: compiled templates, kept between builds; safe to delete at any time."""


def bytecode_cache(templates: Path) -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates, keyed by template source, beside the project."""
    folder = templates.parent / CACHE / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only project still builds, only slower
    return jinja2.FileSystemBytecodeCache(str(folder))


def once(env: jinja2.Environment, memo: Memo | None) -> Callable[..., Markup]:
    """Template global: `once("_event.html", event=event)` renders a partial for one item,
    taken from the memo when the item is the very one rendered last time."""

    loaded: dict[str, jinja2.Template] = {}  # get_template would stat the file every call

    def render_once(name: str, **context: Any) -> Markup:
        (item,) = context.values()
        found = same(memo, item, name) if memo is not None else None
        if found is not None:
            return found
        if name not in loaded:
            loaded[name] = env.get_template(name)
        html = Markup(loaded[name].render(context))
        return keep(memo, item, html, name) if memo is not None else html

    return render_once


def template_texts(templates: Path) -> tuple[tuple[str, str], ...]:
    """Every template's name and text: what rendered fragments depend on besides their item."""
    return tuple((p.name, p.read_text(encoding="utf-8", errors="replace"))
                 for p in sorted(templates.glob("*.html")))


def environment(templates: Path, memo: Memo | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=bytecode_cache(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cites"] = cites
    env.filters["backlink_items"] = backlink_items
    env.globals["once"] = once(env, memo)
    env.policies["json.dumps_function"] = dumps
    return env


def uncompiled(env: jinja2.Environment) -> list[str]:
    """The templates the bytecode cache holds no compiled code for (all of a new checkout's)."""
    if env.bytecode_cache is None or env.loader is None:
        return []
    missing = []
    for name in env.list_templates(extensions=["html"]):
        source, filename, _ = env.loader.get_source(env, name)
        if env.bytecode_cache.get_bucket(env, name, filename, source).code is None:
            missing.append(name)
    return missing


def compile_templates(env: jinja2.Environment, names: list[str]) -> None:
    """Compile these templates into the bytecode cache."""
    for name in names:
        env.get_template(name)


def compile_ahead(templates: Path) -> forked.Pending[None] | None:
    """Start compiling, in a forked child, the templates the bytecode cache lacks; None when
    there are none (the usual case after the first build) or this process cannot fork.

    A new checkout's first build must compile every template (about 50 ms for the shipped
    ones); the child does it while this process imports the other stages and reads, checks
    and models the content, then render_site finds them in the cache. Whatever the child
    fails at (a template's mistake, a full disk), render_site meets again and reports."""
    if not forked.can_fork():
        return None
    env = environment(templates)
    missing = uncompiled(env)
    return forked.start(compile_templates, env, missing, fork=True) if missing else None


class JsonRuns:
    """A JSON list given as runs of its items' JSON text, which dumps() puts in as it is."""

    def __init__(self, runs: list[str]) -> None:
        self.runs = runs


HOLE = "\x00runs\x00"
"""Stands where a JsonRuns goes while the rest is encoded: content never holds U+0000."""


def dumps(data: Any, **options: Any) -> str:
    """json.dumps, the `tojson` filter's encoder, with each JsonRuns put in as the JSON list
    it holds: the same text, without encoding every timeline event at every rebuild."""
    found: list[JsonRuns] = []

    def hole(value: Any) -> str:
        if not isinstance(value, JsonRuns):
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        found.append(value)
        return HOLE

    text = json.dumps(data, default=hole, **options)
    for runs in found:
        text = text.replace(json.dumps(HOLE, **options), "[" + ", ".join(runs.runs) + "]", 1)
    return text


