#!/usr/bin/env python3
"""Build the briefing site: load -> validate -> model -> render -> write."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import click

from briefing.load import load_project
from briefing.model import build_model
from briefing.problems import ContentError, Problem
from briefing.render import render_site
from briefing.validate import validate
from briefing.write import replace_output

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class BuildResult:
    files: int
    warnings: list[Problem]


def build(project: Path, out: Path, base_url: str | None = None) -> BuildResult:
    """Build the site in `project` into `out`; raise ContentError listing every problem."""
    loaded = load_project(project)  # 1. read and parse every file
    problems = validate(loaded)  # 2. every problem at once
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(problems)
    site = build_model(loaded, base_url)  # 3. plain data: sources, events, facts, disputes
    files = render_site(site, project / "templates")  # 4. Jinja
    replace_output(files, out, project)  # 5. swap the new output in whole
    return BuildResult(len(files), [p for p in problems if p.warning])


def check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.BadParameter("give an absolute http:// or https:// URL")
    return value


@click.group()
def cli() -> None:
    """A static-site generator for a sourced news briefing."""


@cli.command("build")
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=HERE, show_default="the folder of build.py",
              help="Folder holding site.yml, content/ and templates/.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder.  [default: PROJECT/output]")
@click.option("--base-url", callback=check_base_url, default=None,
              help="Absolute URL the site will be published at (overrides site.yml).")
def build_command(project: Path, out: Path | None, base_url: str | None) -> None:
    """Build the site into the output folder, replacing it whole or not at all."""
    started = time.perf_counter()
    target = out if out is not None else project / "output"
    try:
        result = build(project, target, base_url)
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = sum(not p.warning for p in error.problems)
        click.echo(f"build failed: {count} error(s); nothing was written", err=True)
        sys.exit(1)
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    click.echo(f"built {result.files} files into {target} "
               f"in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    cli()
