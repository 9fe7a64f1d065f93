#!/usr/bin/env python3
"""Build the briefing site: load -> validate -> model -> render -> write.

Commands: build, check, serve, publish, clean. `python build.py COMMAND --help`.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import click

from briefing import collector, forked
from briefing.caches import Caches
from briefing.problems import ContentError, Problem
from briefing.templating import compile_ahead

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]
    warnings: list[Problem]


def render_files(project: Path, base_url: str | None = None, drafts: bool = False,
                 single_sourced: bool = False, caches: Caches | None = None) -> Rendered:
    """Every output file in memory; raise ContentError listing every problem."""
    if caches is not None:  # serve: runs for hours, so its collector stays on
        return render_kept(project, base_url, drafts, single_sourced, caches, fork=False)
    with collector.paused():  # a one-off build keeps no caches: they would only cost
        return render_kept(project, base_url, drafts, single_sourced, Caches.none(), fork=True)


def render_kept(project: Path, base_url: str | None, drafts: bool, single_sourced: bool,
                kept: Caches, fork: bool) -> Rendered:
    """render_files with the given caches; fork: may use child processes.

    The stages' modules are imported here, not at the top: a new checkout's templates are
    compiled in a child forked first, which then overlaps with these imports too."""
    compiling = compile_ahead(project / "templates") if fork else None  # 0. templates
    from briefing.load import load_project
    from briefing.model import build_model
    from briefing.render import render_site
    from briefing.validate import validate

    try:
        loaded = load_project(project, kept.parsed)  # 1. read and parse every file
        # A large one-off build checks in a second process while this one goes on.
        fork = fork and forked.worth_forking(loaded.entry_count())
        checking = forked.start(validate, loaded, drafts, single_sourced, kept.checked,
                                fork=fork)  # 2. every problem
        try:
            if not fork:
                stop_on_errors(checking.result())
            site = build_model(loaded, base_url, drafts, kept.markdown, kept.built)  # 3. data
        except Exception:
            stop_on_errors(checking.result())  # content with errors may break the model
            raise
        problems = checking.result()  # the check is faster than the model: done by now
        stop_on_errors(problems)
        del loaded  # the parsed files, positions and all: the model holds what it needs
        if compiling is not None:
            compiling.wait()  # the templates are in the bytecode cache now
        files = render_site(site, project / "templates", kept.fragments)  # 4. Jinja
    finally:
        if compiling is not None:
            compiling.wait()  # on every path: no child is left behind
        kept.sweep()  # keep only what this build used
    return Rendered(files, [p for p in problems if p.warning])


def stop_on_errors(problems: list[Problem]) -> None:
    """Raise ContentError with every problem if any of them is an error."""
    if any(not p.warning for p in problems):
        raise ContentError(problems)


def build(project: Path, out: Path, base_url: str | None = None, drafts: bool = False,
          force: bool = False, caches: Caches | None = None) -> Rendered:
    """Build the site in `project` into `out`, replacing it whole or not at all."""
    from briefing.write import replace_output

    rendered = render_files(project, base_url, drafts, caches=caches)
    replace_output(rendered.files, out, project, force)  # 5. swap the new output in whole
    return rendered


# -- the command line ------------------------------------------------------------------


def check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.BadParameter("give an absolute http:// or https:// URL")
    return value


def report(problems: list[Problem], what: str) -> None:
    """Print every problem, then exit 1 if any is an error."""
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(not p.warning for p in problems)
    if errors:
        click.echo(f"{what} failed: {errors} error(s)", err=True)
        sys.exit(1)


project_option = click.option(
    "--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=HERE,
    show_default="the folder of build.py", help="Folder holding site.yml, content/, templates/.")
base_url_option = click.option(
    "--base-url", callback=check_base_url, default=None,
    help="Absolute URL the site is published at (overrides site.yml).")
drafts_option = click.option("--drafts", is_flag=True,
                             help="Include entries marked 'draft: true'.")


@click.group()
def cli() -> None:
    """A static-site generator for a sourced news briefing."""


@cli.command("build")
@project_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder.  [default: PROJECT/output]")
@base_url_option
@drafts_option
@click.option("--force", is_flag=True,
              help="Build into a non-empty folder the generator did not create; its files "
                   "are kept.")
def build_command(project: Path, out: Path | None, base_url: str | None, drafts: bool,
                  force: bool) -> None:
    """Build the site into the output folder, replacing it whole or not at all."""
    started = time.perf_counter()
    target = out if out is not None else project / "output"
    try:
        result = build(project, target, base_url, drafts, force)
    except ContentError as error:
        report(error.problems, "build")
        return
    report(result.warnings, "build")
    click.echo(f"built {len(result.files)} files into {target} "
               f"in {time.perf_counter() - started:.2f} s")


@cli.command("check")
@project_option
@base_url_option
@drafts_option
@click.option("--strict", is_flag=True,
              help="Treat warnings (unused sources, single-sourced claims) as errors.")
def check_command(project: Path, base_url: str | None, drafts: bool, strict: bool) -> None:
    """Validate the content, build it in memory and check every internal link and #fragment."""
    from briefing.linkcheck import broken_links

    try:
        rendered = render_files(project, base_url, drafts, single_sourced=True)
    except ContentError as error:
        report(error.problems, "check")
        return
    warnings = [Problem(p.where, p.message, p.hint, warning=not strict) for p in rendered.warnings]
    report(warnings + broken_links(rendered.files), "check")
    pages = sum(name.endswith(".html") for name in rendered.files)
    click.echo(f"checked {pages} pages: every internal link and fragment resolves")


@cli.command("serve")
@project_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1; 0 picks a free one.")
@drafts_option
def serve_command(project: Path, port: int, drafts: bool) -> None:
    """Build, serve on 127.0.0.1, rebuild on every change and reload open pages."""
    from briefing.serve import serve

    serve(project, port, drafts, echo=click.echo, build=build)


@cli.command("publish")
@project_option
@base_url_option
@drafts_option
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Publish to this folder instead of a git branch.")
@click.option("--repo", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Git repository to publish to.  [default: PROJECT]")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch to publish to.")
@click.option("--cname", help="Custom domain to write to CNAME (git branch only).")
@click.option("--push", "remote", help="Push the branch to this remote afterwards.")
@click.option("--dry-run", is_flag=True, help="List what would be added, changed, removed.")
def publish_command(project: Path, base_url: str | None, drafts: bool, folder: Path | None,
                    repo: Path | None, branch: str, cname: str | None, remote: str | None,
                    dry_run: bool) -> None:
    """Publish the built site to a git branch (default gh-pages) or a folder (--to)."""
    from briefing import publish

    try:
        rendered = render_files(project, base_url, drafts)
        if folder is not None:
            plan = publish.to_folder(rendered.files, folder, project, dry_run)
        else:
            plan = publish.to_git(rendered.files, repo or project, branch, cname, remote,
                                  dry_run)
    except ContentError as error:
        report(error.problems, "publish")
        return
    report(rendered.warnings, "publish")
    for line in plan.lines():
        click.echo(line)
    where = folder if folder is not None else f"branch {branch} of {repo or project}"
    verb = "would publish" if dry_run else "published"
    click.echo(f"{verb} to {where}: {plan.summary()}")


@cli.command("clean")
@project_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder.  [default: PROJECT/output]")
def clean_command(project: Path, out: Path | None) -> None:
    """Remove what the generator wrote to the output folder, and nothing else."""
    from briefing.write import clean

    target = out if out is not None else project / "output"
    removed, kept = clean(target)
    click.echo(f"removed {removed} files from {target}"
               + (f"; kept {kept} files the generator did not write" if kept else ""))


if __name__ == "__main__":
    cli()
