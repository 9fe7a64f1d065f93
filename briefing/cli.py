"""The command line: new, import, build, check, serve, publish, clean (`--help` on each).

A thin layer: each command reads its options, calls the pipeline (pipeline.py) and
reports what happened. Content problems are printed as path:line:col lines, all at
once, with exit code 1.
"""

from __future__ import annotations

import shutil
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import click

from . import __version__
from .linkcheck import broken_links
from .pipeline import Options, build, render_project
from .problems import ContentError, Problem
from .write import clean

SITE_FILE = "site.yml"


def find_project(start: Path) -> Path | None:
    """The folder holding site.yml: start itself or the nearest folder above it."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents)
                 if (folder / SITE_FILE).is_file()), None)


def project_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """--project as given, or the briefing the command runs in (as Hugo and MkDocs do)."""
    if value is not None:
        return value
    found = find_project(Path.cwd())
    if found is None:
        click.echo(f"no briefing here: neither {Path.cwd()} nor any folder above it holds "
                   f"{SITE_FILE} (run the command inside a briefing, pass --project DIR, "
                   "or start one with `new DIR`)", err=True)
        ctx.exit(2)
    return found


def check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.BadParameter("give an absolute http:// or https:// URL")
    return value


def check_seconds(ctx: click.Context, param: click.Parameter,
                  value: float | None) -> float | None:
    if value is not None and not 0 < value <= 3600:  # `not`: NaN is refused too
        raise click.BadParameter("give a number of seconds, above 0 and at most 3600")
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
    "--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
    callback=project_folder, is_eager=False,
    help="Folder holding site.yml and content/.  [default: the folder the command runs in, "
         "or the nearest folder above it holding site.yml]")
base_url_option = click.option(
    "--base-url", callback=check_base_url, default=None,
    help="Absolute URL the site is published at (overrides site.yml).")
drafts_option = click.option("--drafts", is_flag=True,
                             help="Include entries marked 'draft: true'.")


@click.group()
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """A static-site generator for sourced briefings: a Markdown brief and a YAML fact
    sheet, every claim checked against its sources, built into a static site."""


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
        result = build(project, target, Options(base_url, drafts), force, notify=tell)
    except ContentError as error:
        report(error.problems, "build")
        return
    report(result.warnings, "build")
    click.echo(f"built {len(result.files)} files into {target} "
               f"in {time.perf_counter() - started:.2f} s")


def tell(message: str) -> None:
    """Say on standard error that this run waits for another one."""
    click.echo(message, err=True)


@cli.command("check")
@project_option
@base_url_option
@drafts_option
@click.option("--strict", is_flag=True,
              help="Treat warnings (unused sources, single-sourced claims) as errors.")
def check_command(project: Path, base_url: str | None, drafts: bool, strict: bool) -> None:
    """Validate the content, build it in memory and check every internal link and #fragment."""
    try:
        rendered = render_project(project, Options(base_url, drafts, single_sourced=True))
    except ContentError as error:
        report(error.problems, "check")
        return
    warnings = [Problem(p.where, p.message, p.hint, warning=not strict) for p in rendered.warnings]
    report(warnings + broken_links(rendered.files), "check")
    pages = sum(name.endswith(".html") for name in rendered.files)
    click.echo(f"checked {pages} pages: every internal link and fragment resolves")


@cli.command("serve")
@project_option
@click.option("--bind", "host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 lets other machines in).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@drafts_option
@click.option("--header-timeout", type=float, default=None, callback=check_seconds,
              envvar="BRIEFING_SERVE_HEADER_TIMEOUT", hidden=True,
              help="Seconds a client has to send its request headers.  [default: 10]")
def serve_command(project: Path, host: str, port: int, drafts: bool,
                  header_timeout: float | None) -> None:
    """Build, serve, rebuild on every change and reload open pages."""
    from .serve import ServeFailed, serve  # the web server and watcher only when serving
    from .serve_http import HEADER_TIMEOUT, CannotListen

    try:
        serve(project, host, port, drafts, echo=click.echo,
              header_timeout=header_timeout or HEADER_TIMEOUT)
    except CannotListen as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    except ServeFailed as error:
        click.echo(f"serve stopped: {error}", err=True)
        sys.exit(1)


def check_publish_value(ctx: click.Context, param: click.Parameter,
                        value: str | None) -> str | None:
    """--branch, --cname and --push checked before anything is built (git's own rules for a
    branch name; a bare domain name; a remote that is not an option)."""
    from . import publish

    checks = {"branch": publish.branch_problem, "cname": publish.cname_problem,
              "remote": publish.remote_problem}
    problem = checks[param.name](value) if value is not None else None
    if problem:
        raise click.BadParameter(problem)
    return value


@cli.command("publish")
@project_option
@base_url_option
@drafts_option
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Publish to this folder instead of a git branch.")
@click.option("--repo", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Git repository to publish to.  [default: PROJECT]")
@click.option("--branch", default="gh-pages", show_default=True, callback=check_publish_value,
              help="Branch to publish to (never one checked out).")
@click.option("--cname", callback=check_publish_value,
              help="Custom domain to write to CNAME (git branch only).")
@click.option("--push", "remote", callback=check_publish_value,
              help="Push the branch to this remote afterwards.")
@click.option("--dry-run", is_flag=True, help="List what would be added, changed, removed.")
@click.pass_context
def publish_command(ctx: click.Context, project: Path, base_url: str | None, drafts: bool,
                    folder: Path | None, repo: Path | None, branch: str, cname: str | None,
                    remote: str | None, dry_run: bool) -> None:
    """Publish the built site to a git branch (default gh-pages) or a folder (--to)."""
    from . import publish  # git and folder publishing only when publishing

    given = [f"--{name.replace('remote', 'push')}" for name in ("repo", "branch", "cname",
                                                                "remote")
             if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT]
    if folder is not None and given:
        raise click.UsageError(f"{', '.join(given)}: only for publishing to a git branch, "
                               "not with --to" + (" (put a CNAME file into the folder "
                                                  "yourself)" if cname else ""))
    try:
        rendered = render_project(project, Options(base_url, drafts))
        if folder is not None:
            plan = publish.to_folder(rendered.files, folder, project, dry_run, notify=tell)
        else:
            plan = publish.to_git(rendered.files, repo or project, branch, cname, remote,
                                  dry_run)
    except ContentError as error:
        report(error.problems, "publish")
        return
    report(rendered.warnings + plan.warnings, "publish")
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
    target = out if out is not None else project / "output"
    try:
        removed, kept, leftovers = clean(target, notify=tell)
    except ContentError as error:
        report(error.problems, "clean")
        return
    report(leftovers, "clean")
    click.echo(f"removed {removed} files from {target}"
               + (f"; kept {kept} files the generator did not write" if kept else ""))


STARTER = Path(__file__).resolve().parent / "starter"
"""The example briefing `new` writes: one of every kind of entry, no templates."""


@cli.command("new")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def new_command(folder: Path) -> None:
    """Start a briefing in FOLDER (new or empty): site.yml and content/ with an example of
    every kind of entry, ready to build and to edit."""
    if folder.exists() and any(folder.iterdir()):
        click.echo(f"{folder}: the folder is not empty (give a new folder, or an empty one)",
                   err=True)
        sys.exit(1)
    shutil.copytree(STARTER, folder, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    click.echo(f"started a briefing in {folder}\n"
               f"  edit {folder / 'site.yml'} and the files under {folder / 'content'}\n"
               f"  then: cd {folder} && briefing serve   (or python build.py serve --project "
               f"{folder})")


@cli.group("import")
def import_group() -> None:
    """Start a briefing from another tool's data."""


@import_group.command("timelinejs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", type=click.Path(file_okay=True, path_type=Path), required=True,
              help="A new (or empty) folder for the briefing.")
@click.option("--language", default="en", show_default=True,
              help="The content's language, as a BCP 47 tag.")
@click.option("--updated", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The briefing's 'updated' day.  [default: today]")
def import_timelinejs_command(file: Path, into: Path, language: str,
                              updated: datetime | None) -> None:
    """Make a new briefing in --into from a TimelineJS JSON file or its sheet as CSV."""
    from .timelinejs import import_timelinejs
    from .timelinejs_read import CannotImport

    try:
        report = import_timelinejs(file, into, language, updated.date() if updated else None)
    except CannotImport as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    for name in report.written:
        click.echo(f"wrote {into / name}")
    for note in report.notes:
        click.echo(f"note: {note}")
    click.echo(f"imported {report.events} events into {into}; "
               f"{len(report.notes)} thing(s) the format could not hold are listed above. "
               f"Build it with: briefing build --project {into}")
