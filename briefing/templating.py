"""The Jinja environment the templates render in, and compiling them ahead of the build.

Kept apart from render.py, and light to import (Jinja and the citation markup only): a
one-off build forks a child that compiles the templates a new checkout has no bytecode for,
before the other stages' modules are even imported, and the child needs only this.
"""

from __future__ import annotations

import json
import os
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


class Once:
    """Template global: `{{ once("_event.html", event=event) }}` renders a partial for one
    item, taken from the memo when the item is the very one rendered last time.

    A partial is kept as UTF-8 bytes, and the page gets a mark where it goes; `page()`
    then encodes the rest of the page and joins the kept bytes in. Encoding a large page
    whole (1.2 MB of timeline at 1,000 events: 2.2 ms) is what a rebuild that re-rendered
    one month used to spend most on. So the call must stand in the template as it is,
    unfiltered."""

    def __init__(self, env: jinja2.Environment, memo: Memo | None) -> None:
        self.env, self.memo = env, memo
        self.loaded: dict[str, jinja2.Template] = {}  # get_template stats the file each call
        self.placed: list[bytes] = []  # the partials of the page being rendered, in order
        # A mark opens with U+0000 (which content never holds) and a token of this run's,
        # so no text can pass for one; it never reaches the output.
        self.mark = f"\x00{os.urandom(8).hex()}:"

    def __call__(self, name: str, **context: Any) -> Markup:
        (item,) = context.values()
        found = same(self.memo, item, name) if self.memo is not None else None
        if found is None:
            if name not in self.loaded:
                self.loaded[name] = self.env.get_template(name)
            found = self.joined(self.loaded[name].render(context))
            if self.memo is not None:
                keep(self.memo, item, found, name)
        self.placed.append(found)
        return Markup(f"{self.mark}{len(self.placed) - 1}\x00")

    def joined(self, text: str) -> bytes:
        """The text as UTF-8, each mark replaced by the bytes of the partial it stands for."""
        first, *rest = text.split(self.mark)
        parts = [first.encode("utf-8")]
        for part in rest:
            number, after = part.split("\x00", 1)
            parts += (self.placed[int(number)], after.encode("utf-8"))
        return b"".join(parts)

    def page(self, text: str) -> bytes:
        """A whole page rendered with this global, as UTF-8 bytes; ready for the next page."""
        try:
            return self.joined(text)
        finally:
            self.placed.clear()


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
    env.globals["once"] = Once(env, memo)
    env.policies["json.dumps_function"] = dumps
    return env


def uncompiled(env: jinja2.Environment) -> list[str]:
    """The templates with no file in the bytecode cache (all of a new checkout's).

    Only whether the file is there, which is cheap: one compiled from an older text of
    its template is found out of date when loaded, and compiled by the build itself."""
    cache = env.bytecode_cache
    if not isinstance(cache, jinja2.FileSystemBytecodeCache) or env.loader is None:
        return []
    missing = []
    for name in env.list_templates(extensions=["html"]):
        _, filename, _ = env.loader.get_source(env, name)
        key = cache.get_cache_key(name, filename)
        if not os.path.exists(os.path.join(cache.directory, cache.pattern % key)):
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


