"""Starting a briefing of your own: `new`, finding the briefing a command runs in, the
default theme under a project's own templates, and the command line's manners."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from briefing import __version__
from briefing.cli import cli
from briefing.pipeline import render_project
from tests.conftest import ROOT

MINIMAL = {
    "site.yml": "title: Mine\ndescription: My own.\nlanguage: en\nupdated: 2026-01-01\n",
    "content/data/sheet.yml": (
        "sources:\n  - id: a\n    outlet: A\n    headline: H\n    published: 2026-01-01\n"
        "events:\n  - id: e\n    date: 2026-01-01\n    title: E\n    sources: [a]\n"),
}


def test_new_writes_a_briefing_that_builds_and_passes_strict_untouched(tmp_path,
                                                                       monkeypatch):
    folder = tmp_path / "mine"
    runner = CliRunner()
    assert runner.invoke(cli, ["new", str(folder)]).exit_code == 0
    assert (folder / "site.yml").is_file() and not (folder / "templates").exists()
    kinds = "".join(p.read_text() for p in (folder / "content").rglob("*.yml"))
    for entry in ("sources:", "events:", "facts:", "disputes:", "media:", "relays:",
                  "date: 1950s", "date: 1952/1954", "date: c. 2023", "date: early 2024",
                  "date: undated", "date: 2025-11-01"):
        assert entry in kinds
    assert list((folder / "content" / "media").iterdir())
    monkeypatch.chdir(folder)
    strict = runner.invoke(cli, ["check", "--strict"])
    assert strict.exit_code == 0, strict.output
    built = runner.invoke(cli, ["build"])
    assert built.exit_code == 0, built.output
    output = folder / "output"
    assert {"index.html", "timeline.html", "contested.html", "sources.html", "about.html",
            "media/new-wing.png"} <= {p.relative_to(output).as_posix()
                                      for p in output.rglob("*")}
    home = (output / "index.html").read_text()  # the story in 30 seconds, shown by example
    story = home[home.index('<section class="in-brief"'):home.index("</section>")]
    assert story.count("<li>") == 3 and story.count('class="cite"') >= 3


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["new", str(tmp_path)])
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_every_command_finds_the_briefing_it_runs_in(bare_site, monkeypatch):
    site = bare_site(MINIMAL)
    monkeypatch.chdir(site / "content" / "data")  # deep inside the briefing
    runner = CliRunner()
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert (site / "output" / "index.html").is_file()
    assert runner.invoke(cli, ["check"]).exit_code == 0
    assert runner.invoke(cli, ["clean"]).exit_code == 0
    assert not (site / "output").exists()


def test_a_folder_with_no_briefing_gets_a_message_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "no briefing here" in result.stderr and "new DIR" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_project_overrides_the_folder_the_command_runs_in(bare_site, tmp_path, monkeypatch):
    site = bare_site(MINIMAL)
    monkeypatch.chdir(ROOT)  # inside the shipped briefing
    result = CliRunner().invoke(cli, ["build", "--project", str(site)])
    assert result.exit_code == 0 and (site / "output" / "index.html").is_file()


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_a_project_overrides_only_what_it_names(bare_site):
    site = bare_site({**MINIMAL,
                      "templates/timeline.html": "{% extends 'base.html' %}{% block main %}"
                                                 "<p>MY TIMELINE</p>{% endblock %}\n",
                      "templates/static/style.css": "body { color: red; }\n",
                      "templates/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    files = render_project(site).files
    assert b"MY TIMELINE" in files["timeline.html"]
    assert b'class="site-header"' in files["timeline.html"], "base.html from the theme"
    assert b'class="event"' not in files["timeline.html"]
    assert files["style.css"] == b"body { color: red; }\n"
    assert "logo.svg" in files
    assert b"MY TIMELINE" not in files["sources.html"]


def test_a_folder_of_content_alone_builds_with_the_default_theme(bare_site):
    files = render_project(bare_site(MINIMAL)).files
    theme_css = (ROOT / "templates" / "static" / "style.css").read_bytes()
    assert files["style.css"] == theme_css
    assert {"index.html", "timeline.html", "sources.html", "404.html"} <= set(files)


def test_serve_on_a_busy_port_says_so_and_leaves_nothing(bare_site):
    site = bare_site(MINIMAL)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        before = set(Path(tempfile.gettempdir()).glob("briefing-serve-*"))
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--project",
                               str(site), "--port", str(port)], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert os.strerror(errno.EADDRINUSE) in done.stderr and "Traceback" not in done.stderr
    assert set(Path(tempfile.gettempdir()).glob("briefing-serve-*")) == before
    assert not (site / "output").exists()


def test_the_package_installs_with_its_theme_and_its_starter(tmp_path):
    """`pip install .` carries the default theme and what `new` writes: a briefing made and
    built by the installed package, run from outside this checkout, uses neither."""
    source = tmp_path / "source"  # a copy: building in place would write into the checkout
    source.mkdir()
    for part in ("pyproject.toml", "README.md", "briefing", "templates"):
        copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy
        copy(ROOT / part, source / part)
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(source)],
                   check=True, capture_output=True, cwd=tmp_path, timeout=600)
    assert (target / "bin" / "briefing").is_file(), "the `briefing` command"
    run = [sys.executable, "-c", "import sys; from briefing.cli import cli; "
           "sys.argv[0] = 'briefing'; cli()"]
    env = {**os.environ, "PYTHONPATH": str(target)}
    made = subprocess.run([*run, "new", str(tmp_path / "mine")], env=env, cwd=tmp_path,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    built = subprocess.run([*run, "build"], env=env, cwd=tmp_path / "mine",
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    where = subprocess.run([sys.executable, "-c", "import briefing.render as r; "
                            "print(r.default_theme())"], env=env, cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where) == target / "briefing" / "theme"
    assert (tmp_path / "mine" / "output" / "style.css").read_bytes() == (
        ROOT / "templates" / "static" / "style.css").read_bytes()


def test_python_dash_m_runs_the_same_command_line():
    result = subprocess.run([sys.executable, "-m", "briefing", "--version"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and f"briefing, version {__version__}" in result.stdout
