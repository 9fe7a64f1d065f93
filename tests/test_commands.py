"""check, clean, publish and --drafts, through click's CliRunner on small sites."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from briefing.cli import cli
from briefing.write import MANIFEST
from tests.conftest import TINY, tree

EVENTS = "content/data/timeline.yml"
ABOUT = "---\ntitle: About\ndescription: About the tiny site.\n---\nAbout it.\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


# -- check -------------------------------------------------------------------------------


def test_check_passes_a_good_site_and_writes_nothing(make_site):
    site = make_site()
    result = run("check", "--project", str(site))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("checked 5 pages: every internal link and fragment resolves")
    assert not (site / "output").exists()


def test_check_finds_a_broken_link_and_fragment(make_site):
    site = make_site({"content/pages/timeline.md": (
        "---\ntitle: T\ndescription: D\n---\nSee [the list](sources.html#src-nobody)\n"
        "and [this](missing.html).\n")})
    result = run("check", "--project", str(site))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("output/timeline.html:") and "broken link "
               "'sources.html#src-nobody': sources.html has no element with id 'src-nobody'"
               in line for line in lines), lines
    assert any("broken link 'missing.html': no file missing.html" in line for line in lines)


def test_check_warns_about_single_sourced_claims_and_strict_fails_on_them(make_site):
    site = make_site()
    relaxed = run("check", "--project", str(site))
    assert relaxed.exit_code == 0
    warning = (f"{EVENTS}:2:5: warning: this claim rests on one outlet (Wire A) "
               "(add an independent source if one reports it)")
    assert warning in relaxed.stderr.splitlines()
    strict = run("check", "--project", str(site), "--strict")
    assert strict.exit_code == 1
    assert warning.replace("warning: ", "") in strict.stderr.splitlines()


def test_check_reports_content_errors_like_build(edit_site):
    site = edit_site(EVENTS, "date: 2026-01-10", "date: 2026-02-30")
    result = run("check", "--project", str(site))
    assert result.exit_code == 1 and "2026-02-30" in result.stderr


# -- clean -------------------------------------------------------------------------------


def test_clean_removes_only_what_the_generator_wrote(make_site):
    site = make_site()
    assert run("build", "--project", str(site)).exit_code == 0
    (site / "output" / "CNAME").write_text("mine\n")
    result = run("clean", "--project", str(site))
    assert result.exit_code == 0
    assert result.stdout.strip() == (f"removed 11 files from {site / 'output'}; "
                                     "kept 1 files the generator did not write")
    assert tree(site / "output") == {"CNAME": b"mine\n"}


def test_clean_leaves_a_folder_it_did_not_make_alone(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("keep")
    result = run("clean", "--project", str(TINY), "--out", str(folder))
    assert result.exit_code == 0 and tree(folder) == {"a.txt": b"keep"}


# -- drafts ------------------------------------------------------------------------------

DRAFT_EVENT = ("events:\n  - id: secret\n    date: 2026-01-20\n    title: A draft event\n"
               "    status: reported\n    sources: [wire-a]\n    draft: true\n")


def test_drafts_are_left_out_unless_asked_for(make_site, tmp_path):
    site = make_site({"content/data/draft.yml": DRAFT_EVENT})
    assert run("build", "--project", str(site), "--out", str(tmp_path / "a")).exit_code == 0
    assert "A draft event" not in (tmp_path / "a" / "timeline.html").read_text()
    with_drafts = run("build", "--project", str(site), "--out", str(tmp_path / "b"), "--drafts")
    assert with_drafts.exit_code == 0
    assert "A draft event" in (tmp_path / "b" / "timeline.html").read_text()


def test_citing_a_draft_source_is_an_error_without_drafts(make_site, tmp_path):
    text = (TINY / "content/data/sources.yml").read_text().replace(
        "    url: https://wire.example/a\n", "    url: https://wire.example/a\n    draft: true\n")
    site = make_site({"content/data/sources.yml": text})
    result = run("build", "--project", str(site), "--out", str(tmp_path / "a"))
    assert result.exit_code == 1
    assert (f"{EVENTS}:6:15: 'wire-a' is a draft source (remove 'draft: true' from the "
            "source, or build with --drafts)") in result.stderr.splitlines()
    assert run("build", "--project", str(site), "--out", str(tmp_path / "b"),
               "--drafts").exit_code == 0


def test_draft_must_be_true_or_false(edit_site):
    site = edit_site(EVENTS, "    status: confirmed\n",
                     "    status: confirmed\n    draft: yes please\n")
    result = run("build", "--project", str(site))
    assert "'draft' must be true or false, not 'yes please'" in result.stderr


# -- publish to a folder -----------------------------------------------------------------


def test_publish_to_a_folder_twice_keeps_foreign_files_and_drops_deleted_pages(make_site,
                                                                              tmp_path):
    site = make_site({"content/pages/about.md": ABOUT})
    target = tmp_path / "www"
    target.mkdir()
    (target / "keep.txt").write_text("the host's own file")
    first = run("publish", "--project", str(site), "--to", str(target))
    assert first.exit_code == 0, first.output
    assert "add     about.html" in first.stdout.splitlines()
    assert (target / "about.html").is_file()
    (site / "content/pages/about.md").unlink()
    dry = run("publish", "--project", str(site), "--to", str(target), "--dry-run")
    assert dry.exit_code == 0 and "remove  about.html" in dry.stdout.splitlines()
    assert (target / "about.html").is_file(), "a dry run changes nothing"
    second = run("publish", "--project", str(site), "--to", str(target))
    assert second.exit_code == 0, second.output
    assert [line for line in second.stdout.splitlines() if line.startswith("remove")] == [
        "remove  about.html"]
    assert not (target / "about.html").exists()
    assert (target / "keep.txt").read_text() == "the host's own file"
    assert (target / "index.html").is_file()


def test_publish_refuses_to_overwrite_a_file_it_did_not_write(make_site, tmp_path):
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("hand-made home page")
    result = run("publish", "--project", str(make_site()), "--to", str(target))
    assert result.exit_code == 1 and "was not written by a publish" in result.stderr
    assert tree(target) == {"index.html": b"hand-made home page"}


# -- publish to a git branch -------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout


def test_publish_to_a_bare_repository_twice(make_site, tmp_path):
    repo = tmp_path / "site.git"
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    site = make_site({"content/pages/about.md": ABOUT})
    first = run("publish", "--project", str(site), "--repo", str(repo), "--cname",
                "tiny.example")
    assert first.exit_code == 0, first.output
    files = set(git(repo, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "CNAME", MANIFEST, "about.html", "index.html"} <= files
    assert git(repo, "show", "gh-pages:CNAME") == "tiny.example\n"

    # Someone adds a file to the branch by hand; the next publish must keep it.
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-b", "gh-pages", str(repo), str(clone)], check=True)
    (clone / "README.md").write_text("hand-written\n")
    git(clone, "add", "README.md")
    git(clone, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "add readme")
    git(clone, "push", "-q", "origin", "gh-pages")

    (site / "content/pages/about.md").unlink()
    second = run("publish", "--project", str(site), "--repo", str(repo), "--cname",
                 "tiny.example")
    assert second.exit_code == 0, second.output
    after = set(git(repo, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert after == (files - {"about.html"}) | {"README.md"}
    assert len(git(repo, "log", "--format=%H", "gh-pages").split()) == 3
    unchanged = run("publish", "--project", str(site), "--repo", str(repo), "--cname",
                    "tiny.example")
    assert "0 added, 0 changed, 0 removed" in unchanged.stdout
    assert len(git(repo, "log", "--format=%H", "gh-pages").split()) == 3, "no empty commit"
