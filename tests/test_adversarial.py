"""An attacker's and a careless editor's cases against the content (issue 15, classes 5-9
and 11): YAML that changes what was typed, values at their edges, pathological Markdown,
forged provenance, exports that would misbehave elsewhere, and misleading messages.

Each case edits the tiny fixture site and runs a real `build.py build` under a timeout.
It must end in exit 0 with the right output, or exit 1 with a path:line:col message and
a hint, never a traceback or a hang; the file beside the project is untouched, and a
failed build leaves the previous output as it was. (Classes 1-4, the output folder and
publishing, are in test_trusted_output.py; class 10, serve, in test_serve_safety.py.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, tree, write_files, write_site

EV = "content/data/timeline.yml"
SRC = "content/data/sources.yml"
BRIEF = "content/brief/what-happened.md"
PAGE = "content/pages/about.md"
CLAIM = "A thing happened [@wire-a]"
POSITION = re.compile(r"^\S+:\d+:\d+: ")


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(site: Path) -> None:
        text = (site / path).read_text(encoding="utf-8")
        assert old in text, f"the case no longer applies: {old!r} is not in {path}"
        (site / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def put(path: str, data: str | bytes) -> Callable[[Path], None]:
    def apply(site: Path) -> None:
        write_files(site, {path: data})
    return apply


def fifo(path: str) -> Callable[[Path], None]:
    def apply(site: Path) -> None:
        os.mkfifo(site / path)
    return apply


def shows(page: str, *needles: str) -> Callable[[dict[str, bytes]], None]:
    def check(files: dict[str, bytes]) -> None:
        text = files[page].decode("utf-8")
        for needle in needles:
            assert needle in text, (page, needle)
    return check


def hides(page: str, *needles: str) -> Callable[[dict[str, bytes]], None]:
    def check(files: dict[str, bytes]) -> None:
        text = files[page].decode("utf-8")
        for needle in needles:
            assert needle not in text, (page, needle)
    return check


def fact_value(value: str) -> Callable[[Path], None]:
    return edit(EV, 'value: "5"', f"value: {value}")


ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
    for i in range(8))

# (class, name, edits, outcome): outcome is a check of the built files, or the message
# the build must print (with its position), as a piece of its first error line.
CASES: list[tuple[str, str, list[Callable[[Path], None]], object]] = [
    # -- 5. YAML changes what the editor typed ---------------------------------------
    ("yaml", "sexagesimal-stays-text", [fact_value("1:30")], shows("index.html", "1:30")),
    ("yaml", "octal-stays-text", [fact_value("010")], shows("index.html", ">010<")),
    ("yaml", "trailing-zero-stays", [fact_value("5.10")], shows("index.html", ">5.10<")),
    ("yaml", "hex-stays-text", [fact_value("0x1F")], shows("index.html", ">0x1F<")),
    ("yaml", "binary-stays-text", [fact_value("0b101")], shows("index.html", ">0b101<")),
    ("yaml", "underscores-stay", [fact_value("1_000")], shows("index.html", ">1_000<")),
    ("yaml", "exponent-stays", [fact_value("1e3")], shows("index.html", ">1e3<")),
    ("yaml", "yes-is-a-word", [edit(EV, "title: A day event", "title: yes")],
     shows("timeline.html", "\">yes</h3>")),
    ("yaml", "on-is-a-word", [edit(EV, "title: A day event", "title: on")],
     shows("timeline.html", "\">on</h3>")),
    ("yaml", "id-of-digits-is-text", [edit(EV, "id: range-event", "id: 2026")],
     "the id '2026' is an anchor the page makes itself"),
    ("yaml", "true-where-text-is-needed", [edit(EV, "title: A day event", "title: true")],
     "'title' must be text, but YAML reads true as a yes-or-no value (put it in quotes"),
    ("yaml", "null-title", [edit(EV, "title: A day event", "title: ~")], "has no 'title'"),
    ("yaml", "list-where-text-is-needed",
     [edit(EV, "title: A day event", "title: [a, b]")], "but YAML reads a list here"),
    ("yaml", "alias-bomb", [put("content/data/bomb.yml", ALIAS_BOMB)],
     "aliases (*name) expand to more than 1,000,000 values"),
    ("yaml", "deep-flow-nesting", [put("content/data/deep.yml", "a: " + "[" * 1000
                                       + "]" * 1000 + "\n")], "nested too deep"),
    ("yaml", "very-deep-flow-nesting", [put("content/data/deep.yml", "a: " + "[" * 100000
                                            + "]" * 100000 + "\n")], "nested too deep"),
    ("yaml", "deep-block-nesting", [put("content/data/deep.yml", "".join(
        "  " * i + "- \n" for i in range(1000)))], "nested too deep"),
    ("yaml", "merge-key-works", [edit(SRC, "  - id: wire-a\n",
                                      "  - id: wire-a\n    <<: {short: Wire-short}\n")],
     shows("sources.html", "Wire-short")),
    ("yaml", "recursive-alias", [put("content/data/loop.yml", "a: &a [*a]\n")],
     "YAML syntax error"),
    ("yaml", "python-object-tag", [put("content/data/obj.yml",
                                       "a: !!python/object/apply:os.system [echo hi]\n")],
     "could not determine a constructor"),
    ("yaml", "duplicate-anchor-reuse", [put("content/data/anchors.yml",
                                            "a: &x 1\nb: &x 2\nc: *x\n")],
     "found duplicate anchor"),
    # -- 6. values at the edges ------------------------------------------------------
    ("edges", "year-9999", [edit(EV, "date: 2026-01-10", "date: 9999-12-31")],
     shows("timeline.html", "31 December 9999")),
    ("edges", "year-0", [edit(EV, "date: 2026-01-10", "date: 0000")], "has no year 0"),
    ("edges", "year-1", [edit(EV, "date: 2026-01-10", "date: 0001-01-01")],
     shows("timeline.html", "1 January 1")),
    ("edges", "five-digit-year", [edit(EV, "date: 2026-01-10", "date: 10000")],
     "not a date this format knows"),
    ("edges", "negative-year", [edit(EV, "date: 2026-01-10", "date: -500")],
     "not a date this format knows"),
    ("edges", "february-29-not-leap", [edit(EV, "date: 2026-01-10", "date: 2025-02-29")],
     "February 2025 has 28 days"),
    ("edges", "empty-front-matter", [put(BRIEF, "---\n---\nText [@wire-a].\n")],
     "the brief front matter has no 'order'"),
    ("edges", "comment-only-front-matter", [put(BRIEF, "---\n# nothing\n---\nT [@wire-a].\n")],
     "the brief front matter has no 'order'"),
    ("edges", "front-matter-a-list", [put(BRIEF, "---\n- a\n---\nT [@wire-a].\n")],
     "must be a mapping of keys to values"),
    ("edges", "broken-ipv6-url", [edit(SRC, "https://wire.example/a", "http://[::1")],
     "'url' must be an http:// or https:// address"),
    ("edges", "url-with-space", [edit(SRC, "https://wire.example/a", '"https://a b.example"')],
     "'url' must be an http:// or https:// address"),
    ("edges", "url-with-control", [edit(SRC, "https://wire.example/a",
                                        '"https://wire.example/\\x07"')],
     "'url' must be an http:// or https:// address"),
    ("edges", "url-bad-port", [edit(SRC, "https://wire.example/a", "https://wire.example:99999/")],
     "'url' must be an http:// or https:// address"),
    ("edges", "url-without-host", [edit(SRC, "https://wire.example/a", "https:///a")],
     "'url' must be an http:// or https:// address"),
    ("edges", "order-nan", [edit(BRIEF, "order: 1", "order: .nan")],
     "'order' must be a finite number"),
    ("edges", "order-infinite", [edit(BRIEF, "order: 1", "order: -.inf")],
     "'order' must be a finite number"),
    ("edges", "order-huge", [edit(BRIEF, "order: 1", "order: 1.0e+308")],
     shows("index.html", "What happened")),
    ("edges", "fifo-page", [fifo("content/pages/pipe.md")], "not a regular file"),
    ("edges", "fifo-brief", [fifo("content/brief/pipe.md")], "not a regular file"),
    ("edges", "folder-named-like-a-page", [put("content/pages/dir.md/x.txt", "x")],
     "not a regular file"),
    ("edges", "cr-only-lines", [lambda site: (site / SRC).write_bytes(
        (site / SRC).read_bytes().replace(b"\n", b"\r").replace(b"kind: aggregator",
                                                                 b"kind: agregator"))],
     "content/data/sources.yml:11:11: 'kind' cannot be 'agregator'"),
    ("edges", "crlf-lines", [lambda site: (site / EV).write_bytes(
        (site / EV).read_bytes().replace(b"\n", b"\r\n").replace(b"2026-01-10", b"2026-02-30"))],
     "content/data/timeline.yml:3:11: 'date'"),
    # -- 7. pathological Markdown ----------------------------------------------------
    ("markdown", "many-brackets", [edit(BRIEF, CLAIM, "[" * 30000 + " " + CLAIM)],
     "too much for the Markdown renderer"),
    ("markdown", "long-line", [edit(BRIEF, CLAIM, "word " * 5000 + CLAIM)],
     "characters (at most 20,000): too much for the Markdown renderer"),
    ("markdown", "deep-list", [edit(BRIEF, CLAIM, "".join("    " * i + "- x\n"
                                                          for i in range(600)) + CLAIM)],
     "nested too deep"),
    ("markdown", "deep-quote", [edit(BRIEF, CLAIM, ">" * 600 + " x\n\n" + CLAIM)],
     "nested too deep"),
    ("markdown", "many-stars", [edit(BRIEF, CLAIM, "*a " * 3000 + CLAIM)],
     shows("index.html", "What happened")),
    ("markdown", "many-backticks", [edit(BRIEF, CLAIM, "`" * 3000 + "a " + CLAIM)],
     shows("index.html", "What happened")),
    ("markdown", "deep-list-in-a-field", [edit(
        EV, "body: It lasted *two* days [@paper-b via Wire].", 'body: "' + "".join(
            "\\n" + "    " * i + "- x" for i in range(200)) + '"')], "nested too deep"),
    # -- 8. forged provenance --------------------------------------------------------
    ("provenance", "fake-citation-markup", [edit(BRIEF, CLAIM, CLAIM + ' <span class="cites">'
                                                 '<a class="cite" href="sources.html#src-x">'
                                                 'Fake</a></span>')],
     hides("index.html", 'class="cite" href="sources.html#src-x"',
           '<span class="cites"><a class="cite" href="sources.html#src-x"')),
    ("provenance", "hijacked-backlink-id", [edit(BRIEF, CLAIM, CLAIM + ' <a id="src-wire-a" '
                                                 'href="https://x.example">x</a>')],
     hides("index.html", 'id="src-wire-a"')),
    ("provenance", "event-id-main", [edit(EV, "id: range-event", "id: main")],
     "the id 'main' is an anchor the page makes itself"),
    ("provenance", "event-id-a-month", [edit(EV, "id: range-event", "id: january-2026")],
     "the id 'january-2026' is an anchor the page makes itself"),
    ("provenance", "event-id-a-citation", [edit(EV, "id: range-event", "id: cite-1")],
     "the id 'cite-1' is an anchor the page makes itself"),
    ("provenance", "dispute-id-takes-a-position-anchor", [put(
        "content/data/more.yml", "disputes:\n  - id: how-big-1\n    question: Q?\n"
        "    why_it_matters: W.\n    status: open\n    would_settle: S.\n    positions:\n"
        "      - claim: A.\n        held_by: A\n        sources: [wire-a]\n"
        "      - claim: B.\n        held_by: B\n        sources: [paper-b]\n")],
     "is an anchor of the dispute 'how-big'"),
    ("provenance", "empty-citation", [edit(BRIEF, CLAIM, "[@] " + CLAIM)],
     "content/brief/what-happened.md:5:1: cannot read this citation"),
    ("provenance", "unclosed-citation", [edit(BRIEF, CLAIM, "[@wire-a and more")],
     "cannot read this citation"),
    ("provenance", "nested-citation", [edit(BRIEF, CLAIM, "[@wire-a [@paper-b]] x")],
     "cannot read this citation"),
    ("provenance", "citation-over-two-lines", [edit(BRIEF, CLAIM, "[@wire-a;\n@paper-b] x")],
     "cannot read this citation"),
    ("provenance", "handle-link-is-not-a-citation", [edit(
        BRIEF, CLAIM, "[@handle](https://social.example/handle) " + CLAIM)],
     shows("index.html", 'href="https://social.example/handle"')),
    # -- 9. exports ------------------------------------------------------------------
    ("exports", "formula-outlet", [edit(SRC, "outlet: Wire A",
                                        "outlet: '=HYPERLINK(\"https://x.example\",\"y\")'")],
     shows("sources.csv", "'=HYPERLINK")),
    ("exports", "formula-plus", [edit(SRC, "outlet: Wire A", "outlet: '+1+1'")],
     shows("sources.csv", "'+1+1")),
    ("exports", "formula-at", [edit(SRC, "outlet: Wire A", "outlet: '@SUM(A1)'")],
     shows("sources.csv", "'@SUM(A1)")),
    ("exports", "form-feed-in-title", [edit(EV, "title: A day event", 'title: "A\\fday"')],
     "holds U+000C"),
    ("exports", "bidi-override-in-label", [edit(SRC, "outlet: Wire A",
                                                'outlet: "Wire \\u202eA"')],
     "holds U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("exports", "bidi-isolate-in-title", [edit(EV, "title: A day event",
                                               'title: "A \\u2067day"')], "holds U+2067"),
    ("exports", "bidi-in-url", [edit(SRC, "https://wire.example/a",
                                     '"https://wire.example/\\u202ea"')],
     "'url' must be an http:// or https:// address"),
    ("exports", "zero-width-in-url", [edit(SRC, "https://wire.example/a",
                                           '"https://wire\\u200b.example/a"')],
     "'url' must be an http:// or https:// address"),
    ("exports", "nul-escape", [edit(EV, "title: A day event", 'title: "A\\0day"')],
     "holds U+0000"),
    # -- 11. messages that tell the truth --------------------------------------------
    ("messages", "homoglyph-id", [edit(SRC, "id: wire-a", "id: wir\u0435-a")],
     "holds U+0435 (CYRILLIC SMALL LETTER IE) (it looks like a Latin letter"),
    ("messages", "zero-width-joiner-id", [edit(SRC, "id: wire-a", "id: \"wire\u200d-a\"")],
     "holds U+200D (ZERO WIDTH JOINER)"),
    ("messages", "homoglyph-citation", [edit(BRIEF, CLAIM, "A thing happened [@wir\u0435-a]")],
     "unknown source id 'wir\\u0435-a' (did you mean 'wire-a'?)"),
    ("messages", "number-where-a-list-is-needed", [edit(EV, "sources: [wire-a]", "sources: 12")],
     "but YAML reads 12 as a number"),
]
IDS = [f"{kind}-{name}" for kind, name, _, _ in CASES]


def test_the_cases_are_many_and_named_once():
    assert len(CASES) >= 70 and len(set(IDS)) == len(IDS)


def run_build(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--project",
                           str(site)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize(("kind", "name", "edits", "outcome"), CASES, ids=IDS)
def test_adversarial_case(tmp_path, kind, name, edits, outcome):
    sentinel = tmp_path / "beside-the-project.txt"
    sentinel.write_text("untouched")
    site = write_site(tmp_path / "site")
    assert run_build(site).returncode == 0
    before = tree(site / "output")
    for change in edits:
        change(site)
    done = run_build(site)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-2000:]
    assert sentinel.read_text() == "untouched"
    assert not list(tmp_path.glob(".output*"))
    assert [p.name for p in site.glob(".output*")] == [".output.lock"], "no staging left"
    if isinstance(outcome, str):
        assert done.returncode == 1, done.stdout + done.stderr
        errors = [line for line in done.stderr.splitlines() if " warning: " not in line
                  and not line.startswith("build failed")]
        assert any(outcome in line for line in errors), done.stderr
        assert all(POSITION.match(line) or ": the file" in line or "regular file" in line
                   for line in errors), done.stderr
        assert all(line.rstrip().endswith(")") for line in errors), "every error has a hint"
        assert tree(site / "output") == before, "the previous output is untouched"
    else:
        assert done.returncode == 0, done.stderr
        outcome({name: data for name, data in tree(site / "output").items()})
