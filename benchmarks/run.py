"""Measure quizgen against the floor set by the libraries underneath, and print a table.

    python benchmarks/run.py [--sizes 1000,10000,50000] [--repeat 3] [--quick] [--save DIR]

Every build runs in its own process, timed by wall clock; its peak memory is the child's
`ru_maxrss` as `os.wait4` reports it. The floor for a fact base is a process that loads the
same YAML files with libyaml (`yaml.CSafeLoader`, garbage collection paused) and writes as
many notes with bare genanki (one two-field note type, one package per top-level deck). Each
figure is the median of the repeats. A measurement whose feature is missing prints
"n/a (not available)"; one that fails prints "n/a (failed: ...)".
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import importlib
import json
import os
import platform
import random
import re
import select
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import FactBaseInfo, edit_one_fact, write_fact_base

NOT_AVAILABLE = "n/a (not available)"
DEFAULT_SIZES = (1000, 10000, 50000)
QUICK_SIZES = (1000, 10000)
QUIZ_SIZE = 10000
CHECK_CALLS = 4000

TARGET_FLOOR = 1.3
TARGET_FLOOR_CPU = 1.8
TARGET_MEMORY = 3.0
TARGET_NO_CHANGE = 0.35
TARGET_HELP = 1.25
TARGET_QUIZ_START = 1.0

FLOOR_CODE = textwrap.dedent(
    """
    import gc, hashlib, json, sys, time
    from pathlib import Path
    start = time.perf_counter()
    import yaml, genanki
    imported = time.perf_counter()
    facts_dir, out_dir, counts = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    gc.disable()
    docs = []
    for path in sorted(facts_dir.rglob("*.yaml")):
        with open(path, "rb") as stream:
            docs.append(yaml.load(stream, Loader=yaml.CSafeLoader))
    gc.enable()
    loaded = time.perf_counter()
    pairs = []
    for doc in docs:
        for fact in doc.get("facts", ()) if isinstance(doc, dict) else ():
            front = next(str(fact[k]) for k in ("event", "name", "quantity", "title")
                         if k in fact)
            back = next(str(fact[k]) for k in ("date", "description", "value", "summary")
                        if k in fact)
            pairs.append((front, back))
    model = genanki.Model(
        1607392319, "Simple",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    made = 0
    for name, count in counts.items():
        deck_id = int(hashlib.sha1(name.encode()).hexdigest()[:7], 16) + (1 << 30)
        deck = genanki.Deck(deck_id, name)
        for i in range(count):
            front, back = pairs[(made + i) % len(pairs)]
            deck.add_note(genanki.Note(model=model, fields=[front, back],
                                       guid=genanki.guid_for(name, i)))
        made += count
        genanki.Package(deck).write_to_file(str(out_dir / f"{name}.apkg"))
    written = time.perf_counter()
    print(json.dumps({"import": imported - start, "yaml": loaded - imported,
                      "write": written - loaded, "notes": made}))
    """
)

BUILD_REPORT_CODE = textwrap.dedent(
    """
    import dataclasses, enum, json, sys
    from pathlib import Path
    from quizgen.build.run import build

    def plain(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [plain(v) for v in value]
        if isinstance(value, (str, int, float, bool)) or value is None:
            return value
        return str(value)

    report = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps({"type": type(report).__name__, "report": plain(report)}))
    """
)

MINIMAL_TYPER_APP = textwrap.dedent(
    '''
    """A minimal typer app with two commands, to compare start-up against."""

    import typer

    app = typer.Typer(no_args_is_help=True, add_completion=False)


    @app.command()
    def hello(name: str = typer.Option("world", help="Whom to greet.")) -> None:
        """Say hello."""
        typer.echo(f"hello {name}")


    @app.command()
    def bye() -> None:
        """Say goodbye."""
        typer.echo("bye")


    if __name__ == "__main__":
        app()
    '''
)


# Measuring processes


@dataclass(frozen=True)
class Run:
    """One finished process: wall time, peak resident memory, exit status and output."""

    seconds: float
    max_rss_kb: int
    returncode: int
    stdout: str
    stderr: str
    cpu: float = 0.0

    @property
    def ok(self) -> bool:
        """Return whether the process exited with status 0."""
        return self.returncode == 0

    def failure(self) -> str:
        """Return a one-line account of why the process failed."""
        lines = [line for line in (self.stderr or self.stdout).splitlines() if line.strip()]
        last = lines[-1].strip() if lines else f"exit status {self.returncode}"
        return f"n/a (failed: {last[:70]})"


def run_process(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 600.0,
) -> Run:
    """Run `cmd` to completion; return its wall time and its own peak RSS (not its parent's)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            # wait4 reports the rusage of this one child, unlike getrusage(RUSAGE_CHILDREN),
            # which keeps the largest child seen so far.
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_utime + usage.ru_stime,
        )


def quizgen_exe() -> str:
    """Return the `quizgen` console script of this interpreter's environment."""
    beside = Path(sys.executable).parent / "quizgen"
    if beside.exists():
        return str(beside)
    found = shutil.which("quizgen")
    if found is None:
        raise FileNotFoundError("the quizgen console script is not installed")
    return found


def use_bytecode_cache(folder: Path) -> None:
    """Let every process measured keep its compiled bytecode in `folder`, as a user's does.

    An environment with PYTHONDONTWRITEBYTECODE set would otherwise compile quizgen's
    modules from source in every run; the folder keeps the repository clean.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)


def isolated_env(state: Path) -> dict[str, str]:
    """Return an environment whose caches, data and progress database live under `state`."""
    env = dict(os.environ)
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        path = state / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["QUIZGEN_DB"] = str(state / "progress.sqlite")
    return env


def module_has(module: str, attribute: str) -> bool:
    """Return whether `module` can be imported and has `attribute` (the measured runs are
    other processes: importing here costs them nothing)."""
    try:
        return hasattr(importlib.import_module(module), attribute)
    except ImportError:
        return False


# Results and the table


@dataclass
class Row:
    """One line of the table."""

    name: str
    facts: str = ""
    value: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""
    note: str = ""


@dataclass
class Table:
    """The rows measured so far, in sections."""

    header: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[Row]]] = field(default_factory=list)

    def section(self, title: str) -> list[Row]:
        """Start a section and return its (mutable) row list."""
        rows: list[Row] = []
        self.sections.append((title, rows))
        return rows

    def render(self) -> str:
        """Return the table as aligned plain text."""
        titles = ("measurement", "facts", "median", "ratio", "target", "", "")
        all_rows = [row for _, rows in self.sections for row in rows]
        cells = [_cells(r) for r in all_rows] + [titles]
        # A long value (an "n/a (...)" reason) runs over the columns after it, which are empty.
        widths = [
            max(len(c[i]) for c in cells if i != 2 or len(c[i]) <= 16) for i in range(len(titles))
        ]

        def line(values: Sequence[str]) -> str:
            left = f"{values[0]:<{widths[0]}}  {values[1]:>{widths[1]}}  "
            rest = "  ".join(f"{v:<{w}}" for v, w in zip(values[2:], widths[2:], strict=True))
            return (left + rest).rstrip()

        out = [*self.header, "", line(titles), "-" * len(line(titles))]
        for title, rows in self.sections:
            out.append(f"[{title}]")
            out.extend(line(_cells(r)) for r in rows)
        return "\n".join(out)


def _cells(row: Row) -> tuple[str, ...]:
    return (row.name, row.facts, row.value, row.ratio, row.target, row.verdict, row.note)


def cpu_note(runs: Sequence[Run], reference: float, name: str) -> str:
    """Describe the median CPU time of runs, and its ratio to a reference CPU time."""
    cpu = median([run.cpu for run in runs])
    return f"cpu {seconds(cpu)} ({cpu / reference:.2f}x {name} cpu)"


def seconds(value: float) -> str:
    """Format a duration with a unit that suits it."""
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.0f} ms" if value >= 0.1 else f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.1f} µs"


def mib(kb: float) -> str:
    """Format a kilobyte count as MiB."""
    return f"{kb / 1024:.0f} MiB" if kb >= 10 * 1024 else f"{kb / 1024:.1f} MiB"


def verdict(ratio: float, limit: float) -> str:
    """Return "ok" when `ratio` meets the limit, "OVER" when it does not."""
    return "ok" if ratio <= limit else "OVER"


def median(values: Sequence[float]) -> float:
    """Return the median of a non-empty sequence."""
    return statistics.median(values)


def machine_lines(args: argparse.Namespace) -> list[str]:
    """Describe the machine and the software measured."""
    import genanki  # only its version is needed here
    import yaml

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        from importlib.metadata import version

        quizgen_version = version("quizgen")
    except Exception:
        quizgen_version = "?"
    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "NO libyaml"
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    load = ""
    with contextlib.suppress(OSError, AttributeError):
        load = ", load average at start {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return [
        f"quizgen {quizgen_version} benchmarks, {now}{load}",
        f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores "
        f"({usable} usable){memory}; Python {platform.python_version()} "
        f"({platform.python_implementation()})",
        f"libraries: PyYAML {yaml.__version__} ({libyaml}), "
        f"genanki {getattr(genanki, '__version__', '?')}",
        f"sizes: {', '.join(f'{n:,}' for n in args.sizes)} facts in {args.top_decks} top-level "
        f"deck(s); median of {args.repeat} "
        f"run(s) per build figure, {args.help_repeat} per start-up figure",
    ]


# The measurements


def apkg_note_counts(out_dir: Path) -> dict[str, int]:
    """Return the number of notes in each `.apkg` of `out_dir`, by file stem."""
    counts: dict[str, int] = {}
    for path in sorted(out_dir.glob("*.apkg")):
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as tmp:
            name = next(n for n in archive.namelist() if n.startswith("collection.anki2"))
            archive.extract(name, tmp)
            with contextlib.closing(sqlite3.connect(Path(tmp) / name)) as db:
                counts[path.stem] = db.execute("select count(*) from notes").fetchone()[0]
    return counts


def apkg_digests(out_dir: Path) -> dict[str, tuple[int, str]]:
    """Return each `.apkg` file's modification time and content hash, by file name."""
    return {
        path.name: (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(out_dir.glob("*.apkg"))
    }


@dataclass
class SizeResult:
    """Everything measured for one fact-base size."""

    facts: int
    cold: list[Run] = field(default_factory=list)
    floor: list[Run] = field(default_factory=list)
    floor_parts: list[dict[str, float]] = field(default_factory=list)
    no_change: list[Run] = field(default_factory=list)
    edit: list[Run] = field(default_factory=list)
    edit_changed: list[list[str]] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    report_rebuilt: str = ""
    check: list[Run] = field(default_factory=list)
    build_failure: str = ""
    no_change_failure: str = ""
    edit_failure: str = ""
    check_failure: str = ""


class Bench:
    """Run every measurement in a scratch folder and collect the table."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.exe = quizgen_exe()
        self.table = Table(header=machine_lines(args))
        self._commands: dict[str, bool] = {}
        self._check_form: list[str] = []
        self.infos: dict[int, FactBaseInfo] = {}

    def log(self, message: str) -> None:
        """Show progress on stderr, so stdout carries only the table."""
        if not self.args.quiet:
            print(message, file=sys.stderr, flush=True)

    def warm_up(self) -> None:
        """Run a small build once, so that no measured run compiles bytecode."""
        tiny = write_fact_base(self.work / "facts-warm", 20, seed=self.args.seed).root
        run_process(self.build_cmd(tiny, self.work / "decks-warm"))
        self.run_check(tiny)

    def has_command(self, name: str) -> bool:
        """Return whether `quizgen <name> --help` succeeds."""
        if name not in self._commands:
            run = run_process([self.exe, name, "--help"], timeout=60)
            self._commands[name] = run.ok
        return self._commands[name]

    def fact_base(self, n: int) -> FactBaseInfo:
        """Return the synthetic fact base of `n` facts, writing it on first use."""
        if n not in self.infos:
            self.log(f"writing {n:,} synthetic facts")
            self.infos[n] = write_fact_base(
                self.work / f"facts-{n}", n, seed=self.args.seed, top_decks=self.args.top_decks
            )
        return self.infos[n]

    # Builds

    def build_cmd(self, facts: Path, out: Path) -> list[str]:
        """Return the command line of a build."""
        return [self.exe, "build", "--facts", str(facts), "--out", str(out)]

    def measure_size(self, n: int) -> SizeResult:
        """Measure cold build, floor, rebuilds and check for one size."""
        info = self.fact_base(n)
        result = SizeResult(n)
        can_build = self.has_command("build")
        for r in range(self.args.repeat):
            state = self.work / f"state-{n}-{r}"
            out = self.work / f"decks-{n}-{r}"
            env = isolated_env(state)
            if can_build and not result.build_failure:
                self.log(f"  {n:,} facts: cold build {r + 1}/{self.args.repeat}")
                cold = run_process(self.build_cmd(info.root, out), env=env)
                if cold.ok:
                    result.cold.append(cold)
                    if not result.notes:
                        with contextlib.suppress(Exception):
                            result.notes = apkg_note_counts(out)
                else:
                    result.build_failure = cold.failure()
            self.log(f"  {n:,} facts: floor {r + 1}/{self.args.repeat}")
            counts = result.notes or info.cards_by_top_deck
            floor = run_process(
                [
                    sys.executable,
                    "-c",
                    FLOOR_CODE,
                    str(info.root),
                    str(self.work / f"floor-{n}-{r}"),
                    json.dumps(counts),
                ],
                env=env,
            )
            if not floor.ok:
                raise RuntimeError(f"the floor failed: {floor.stderr}")
            result.floor.append(floor)
            result.floor_parts.append(json.loads(floor.stdout))
            shutil.rmtree(self.work / f"floor-{n}-{r}", ignore_errors=True)
            if len(result.cold) == r + 1:
                self.log(f"  {n:,} facts: rebuilds {r + 1}/{self.args.repeat}")
                again = run_process(self.build_cmd(info.root, out), env=env)
                if again.ok:
                    result.no_change.append(again)
                else:
                    result.no_change_failure = again.failure()
                before = apkg_digests(out)
                edit_one_fact(info, revision=1000 * n + r)
                edited = run_process(self.build_cmd(info.root, out), env=env)
                if edited.ok:
                    result.edit.append(edited)
                    after = apkg_digests(out)
                    result.edit_changed.append(
                        sorted(Path(k).stem for k in after if before.get(k) != after[k])
                    )
                else:
                    result.edit_failure = edited.failure()
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(state, ignore_errors=True)
        if result.cold and module_has("quizgen.build.run", "build"):
            result.report_rebuilt = self.rebuilt_per_report(info)
        if self.has_command("check"):
            self.log(f"  {n:,} facts: check")
            for _ in range(self.args.repeat):
                run = self.run_check(info.root)
                if not run.ok:
                    result.check_failure = run.failure()
                    break
                result.check.append(run)
        return result

    def rebuilt_per_report(self, info: FactBaseInfo) -> str:
        """Build, edit one fact, rebuild through the library; describe what the report says."""
        out = self.work / "decks-report"
        env = isolated_env(self.work / "state-report")
        code = [sys.executable, "-c", BUILD_REPORT_CODE, str(info.root), str(out)]
        first = run_process(code, env=env)
        if not first.ok:
            return first.failure()
        edited = edit_one_fact(info, revision=7)
        second = run_process(code, env=env)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(self.work / "state-report", ignore_errors=True)
        if not second.ok:
            return second.failure()
        return describe_report(json.loads(second.stdout)["report"], edited.top_deck)

    def run_check(self, facts: Path) -> Run:
        """Run `quizgen check` on a facts folder (as an argument, else as `--facts DIR`)."""
        run = run_process([self.exe, "check", *self._check_form, str(facts)])
        if run.returncode == 2 and not self._check_form:  # a usage error: try the option
            self._check_form = ["--facts"]
            run = run_process([self.exe, "check", "--facts", str(facts)])
        return run

    # Start-up

    def startup(self) -> dict[str, list[float] | str]:
        """Time `--help` of quizgen and of a minimal typer app, interleaved; check; and a
        build with nothing to do, the least that any rebuild costs."""
        app = self.work / "minimal_app.py"
        app.write_text(MINIMAL_TYPER_APP, encoding="utf-8")
        tiny = write_fact_base(self.work / "facts-tiny", 20, seed=self.args.seed).root
        commands: dict[str, list[str]] = {
            "minimal": [sys.executable, str(app), "--help"],
            "help": [self.exe, "--help"],
            "python": [sys.executable, "-c", "pass"],
        }
        results: dict[str, list[float] | str] = {name: [] for name in commands}
        results["check"] = [] if self.has_command("check") else NOT_AVAILABLE
        tiny_build = self.build_cmd(tiny, self.work / "decks-tiny")
        if self.has_command("build") and run_process(tiny_build).ok:
            commands["up to date"] = tiny_build
            results["up to date"] = []
        else:
            results["up to date"] = NOT_AVAILABLE
        for cmd in commands.values():  # warm the file cache and bytecode
            run_process(cmd)
        for _ in range(self.args.help_repeat):
            for name, cmd in commands.items():
                run = run_process(cmd)
                times = results[name]
                if isinstance(times, list):
                    if run.ok:
                        times.append(run.seconds)
                    else:
                        results[name] = run.failure()
            times = results["check"]
            if isinstance(times, list):
                run = self.run_check(tiny)
                if run.ok:
                    times.append(run.seconds)
                else:
                    results["check"] = run.failure()
        return results

    def quiz_startup(self, info: FactBaseInfo) -> list[float] | str:
        """Time from starting `quizgen quiz` to its first question on stdout."""
        if not self.has_command("quiz"):
            return NOT_AVAILABLE
        times: list[float] = []
        for r in range(min(5, self.args.help_repeat)):
            state = self.work / f"state-quiz-{r}"
            env = isolated_env(state)
            env["PYTHONUNBUFFERED"] = "1"
            cmd = [
                self.exe,
                "quiz",
                "--facts",
                str(info.root),
                "-n",
                "5",
                "--seed",
                str(r + 1),
                "--db",
                str(state / "quiz.sqlite"),
            ]
            outcome = time_to_first_prompt(cmd, env)
            shutil.rmtree(state, ignore_errors=True)
            if isinstance(outcome, str):
                return outcome
            times.append(outcome)
        return times


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def looks_like_prompt(text: str) -> bool:
    """Return whether the output so far ends in a question waiting for a reply."""
    plain = _ANSI.sub("", text)
    if not plain.strip():
        return False
    # Piped, the quiz prints the question and waits for a line without a prompt of its own.
    if re.search(r"^\s*Question 1\b.*\n\s*\S.*\n", plain, re.MULTILINE):
        return True
    return bool(re.search(r"[>:?»]\s*$", plain))


def time_to_first_prompt(cmd: Sequence[str], env: Mapping[str, str]) -> float | str:
    """Start `cmd` with stdin a pipe; return seconds until a prompt appears on stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None
    assert proc.stdin is not None
    seen = b""
    elapsed: float | None = None
    deadline = start + 60
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            seen += chunk
            if looks_like_prompt(seen.decode("utf-8", "replace")):
                elapsed = time.perf_counter() - start
                break
    finally:
        with contextlib.suppress(BrokenPipeError, OSError):
            proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if elapsed is None:
        last = [line for line in (stderr or seen.decode("utf-8", "replace")).splitlines() if line]
        return f"n/a (failed: {last[-1][:70] if last else 'no prompt appeared'})"
    return elapsed


def describe_report(report: Any, edited_deck: str) -> str:
    """Say which decks a build report lists as rebuilt (or written), and which as skipped."""
    if not isinstance(report, dict):
        return f"report: {str(report)[:80]}"
    decks = report.get("decks")
    if isinstance(decks, list) and all(isinstance(d, dict) and "status" in d for d in decks):
        written = [d for d in decks if d["status"] not in ("up to date", "unchanged")]
        names = [str(d.get("name", "?")) for d in written]
        notes = ", ".join(
            f"{d.get('changed', 0)} changed + {d.get('new', 0)} new notes" for d in written
        )
        whose = "its deck only" if names == [edited_deck] else f"edited: {edited_deck}"
        return (
            f"{len(names)} of {len(decks)}|{', '.join(names) or 'none'} "
            f"({whose}; {notes or 'no notes'})"
        )
    rebuilt: list[str] = []
    skipped: list[str] = []
    for key, value in report.items():
        names = deck_names(value)
        if re.search(r"rebuilt|written|wrote|built|changed|updated", key):
            rebuilt.extend(names)
        elif re.search(r"skip|unchanged|fresh|up_to_date|kept", key):
            skipped.extend(names)
    if not rebuilt and not skipped:
        return "report: " + json.dumps(report)[:100]
    ok = "only the edited deck" if rebuilt == [edited_deck] else f"edited {edited_deck}"
    return f"report rebuilt: {', '.join(rebuilt) or 'none'}; skipped: {len(skipped)} ({ok})"


def deck_names(value: Any) -> list[str]:
    """Pull deck names out of a report field: names, paths, or records with a name."""
    if isinstance(value, str):
        return [Path(value).stem]
    if isinstance(value, list):
        return [name for item in value for name in deck_names(item)]
    if isinstance(value, dict):
        for key in ("deck", "name", "top_deck", "path"):
            if key in value:
                return deck_names(value[key])
        return [str(k) for k in value]
    return []


# Answer checking, in this process


def answer_check_timing(root: Path) -> dict[str, str]:
    """Time `answers.check` (and distractor choice) on the cards of a fact base, in process."""
    needed = {
        "quizgen.factfiles.loader": "load_fact_base",
        "quizgen.cards.render": "generate_cards",
        "quizgen.cards.templates": "load_templates",
        "quizgen.quiz.answers": "check",
    }
    if not all(module_has(m, a) for m, a in needed.items()):
        return {"check": NOT_AVAILABLE}
    try:
        from quizgen.cards.render import generate_cards
        from quizgen.cards.templates import load_templates
        from quizgen.factfiles.loader import load_fact_base
        from quizgen.quiz.answers import check

        facts = load_fact_base(root)
        cards = list(generate_cards(facts, load_templates(root, None)))
        rng = random.Random(1)
        sample = rng.sample(cards, min(len(cards), CHECK_CALLS // 4))
        expected = [check(card, "").expected for card in sample]
    except NotImplementedError:
        return {"check": NOT_AVAILABLE}
    except Exception as error:
        return {"check": f"n/a (failed: {type(error).__name__}: {str(error)[:60]})"}
    calls: list[tuple[Any, str]] = []
    for i, (card, answer) in enumerate(zip(sample, expected, strict=True)):
        typo = answer[:-2] + answer[-1] + answer[-2] if len(answer) > 3 else answer + "x"
        calls += [
            (card, answer),
            (card, answer.lower()),
            (card, typo),
            (card, expected[(i + 1) % len(expected)]),
        ]
    durations = []
    for card, reply in calls:
        start = time.perf_counter_ns()
        check(card, reply)
        durations.append(time.perf_counter_ns() - start)
    durations.sort()
    result = {
        "check": seconds(median(durations) / 1e9),
        "check_p95": seconds(durations[int(len(durations) * 0.95)] / 1e9),
        "check_calls": f"{len(calls):,}",
        "cards": f"{len(cards):,}",
    }
    if module_has("quizgen.quiz.distractors", "DistractorIndex"):
        try:
            from quizgen.quiz.distractors import DistractorIndex

            start_ns = time.perf_counter_ns()
            index = DistractorIndex(cards)
            result["index"] = seconds((time.perf_counter_ns() - start_ns) / 1e9)
            picks = []
            for card in sample[:500]:
                start_ns = time.perf_counter_ns()
                index.choices(card, rng)
                picks.append(time.perf_counter_ns() - start_ns)
            result["choices"] = seconds(median(picks) / 1e9)
        except NotImplementedError:
            pass
        except Exception as error:
            result["choices"] = f"n/a (failed: {type(error).__name__}: {str(error)[:60]})"
    return result


# Putting the table together


def add_size_rows(table: Table, results: Sequence[SizeResult]) -> None:
    """Add the build, floor, rebuild and check rows, one block per size."""
    for result in results:
        n = f"{result.facts:,}"
        rows = table.section(f"build, {n} facts")
        floor = median([run.seconds for run in result.floor])
        floor_cpu = median([run.cpu for run in result.floor])
        parts = {k: median([p[k] for p in result.floor_parts]) for k in ("import", "yaml", "write")}
        notes = result.floor_parts[0]["notes"]
        rows.append(
            Row(
                "floor: C YAML load + bare genanki",
                n,
                seconds(floor),
                f"{int(notes):,} notes",
                note=f"cpu {seconds(floor_cpu)}; import {seconds(parts['import'])}, "
                f"yaml {seconds(parts['yaml'])}, write {seconds(parts['write'])}",
            )
        )
        floor_rss = median([run.max_rss_kb for run in result.floor])
        if result.cold:
            cold = median([run.seconds for run in result.cold])
            ratio = cold / floor
            rows.append(
                Row(
                    "cold build (quizgen build)",
                    n,
                    seconds(cold),
                    f"{ratio:.2f}x floor",
                    f"<= {TARGET_FLOOR:.2f}x",
                    verdict(ratio, TARGET_FLOOR),
                    note=cpu_note(result.cold, floor_cpu, "floor"),
                )
            )
            cold_cpu = median([run.cpu for run in result.cold])
            rows.append(
                Row(
                    "cold build CPU (user+sys)",
                    n,
                    seconds(cold_cpu),
                    f"{cold_cpu / floor_cpu:.2f}x floor",
                    f"<= {TARGET_FLOOR_CPU:.2f}x",
                    verdict(cold_cpu / floor_cpu, TARGET_FLOOR_CPU),
                    note=f"floor cpu {seconds(floor_cpu)}",
                )
            )
            cold_rss = median([run.max_rss_kb for run in result.cold])
            rows.append(
                Row(
                    "cold build peak memory",
                    n,
                    mib(cold_rss),
                    f"{cold_rss / floor_rss:.2f}x floor",
                    f"<= {TARGET_MEMORY:.2f}x",
                    verdict(cold_rss / floor_rss, TARGET_MEMORY),
                    note=f"floor {mib(floor_rss)}",
                )
            )
        else:
            rows.append(Row("cold build (quizgen build)", n, result.build_failure or NOT_AVAILABLE))
        if result.no_change:
            again = median([run.seconds for run in result.no_change])
            ratio = again / median([run.seconds for run in result.cold])
            rows.append(
                Row(
                    "no-change rebuild",
                    n,
                    seconds(again),
                    f"{ratio:.2f}x cold",
                    f"<= {TARGET_NO_CHANGE:.2f}x",
                    verdict(ratio, TARGET_NO_CHANGE),
                    note=cpu_note(result.no_change, median([r.cpu for r in result.cold]), "cold"),
                )
            )
        else:
            failure = result.no_change_failure or result.build_failure
            rows.append(Row("no-change rebuild", n, failure or NOT_AVAILABLE))
        if result.edit:
            edit = median([run.seconds for run in result.edit])
            ratio = edit / median([run.seconds for run in result.cold])
            changed = result.edit_changed[-1]
            decks = len(result.notes) or 4
            rows.append(
                Row(
                    "rebuild after editing one fact",
                    n,
                    seconds(edit),
                    f"{ratio:.2f}x cold",
                    "its deck only",
                    "ok" if all(len(c) == 1 for c in result.edit_changed) else "OVER",
                    note=cpu_note(result.edit, median([r.cpu for r in result.cold]), "cold"),
                )
            )
            rows.append(
                Row(
                    "  decks rewritten (changed .apkg)",
                    n,
                    f"{len(changed)} of {decks}",
                    note=", ".join(changed) or "none",
                )
            )
            if result.report_rebuilt:
                count, _, detail = result.report_rebuilt.partition("|")
                rows.append(Row("  decks rebuilt (build report)", n, count, note=detail))
        else:
            rows.append(
                Row(
                    "rebuild after editing one fact",
                    n,
                    result.edit_failure or result.build_failure or NOT_AVAILABLE,
                )
            )
        if result.check:
            rows.append(
                Row(
                    "quizgen check (validate)",
                    n,
                    seconds(median([run.seconds for run in result.check])),
                    f"{median([r.seconds for r in result.check]) / floor:.2f}x floor",
                )
            )
        else:
            rows.append(Row("quizgen check (validate)", n, result.check_failure or NOT_AVAILABLE))

    rows = table.section("memory per 1,000 facts (cold build peak RSS)")
    previous: SizeResult | None = None
    for result in results:
        n = f"{result.facts:,}"
        if not result.cold:
            rows.append(Row("peak RSS per 1k facts", n, result.build_failure or NOT_AVAILABLE))
            continue
        peak = median([run.max_rss_kb for run in result.cold])
        per_k = peak / (result.facts / 1000)
        marginal = ""
        if previous is not None and previous.cold:
            before = median([run.max_rss_kb for run in previous.cold])
            slope = (peak - before) / ((result.facts - previous.facts) / 1000)
            marginal = f"+{mib(slope)} per extra 1k"
        rows.append(Row("peak RSS per 1k facts", n, mib(per_k), marginal, note=f"peak {mib(peak)}"))
        previous = result


def add_startup_rows(table: Table, startup: Mapping[str, list[float] | str]) -> None:
    """Add the start-up rows: quizgen --help and check against a minimal typer app."""
    rows = table.section("start-up")

    def value(name: str) -> float | str:
        times = startup[name]
        return median(times) if isinstance(times, list) and times else str(times)

    python = value("python")
    minimal = value("minimal")
    if isinstance(python, float):
        rows.append(Row("python -c pass", "", seconds(python)))
    if isinstance(minimal, float):
        rows.append(Row("minimal typer app --help", "", seconds(minimal)))
    for name, label, limit in (
        ("help", "quizgen --help", TARGET_HELP),
        ("check", "quizgen check (20 facts)", None),
        ("up to date", "quizgen build, up to date (20 facts)", None),
    ):
        measured = value(name)
        if isinstance(measured, float) and isinstance(minimal, float):
            ratio = measured / minimal
            rows.append(
                Row(
                    label,
                    "",
                    seconds(measured),
                    f"{ratio:.2f}x minimal",
                    f"<= {limit:.2f}x" if limit else "",
                    verdict(ratio, limit) if limit else "",
                )
            )
        else:
            rows.append(Row(label, "", str(measured)))


def add_quiz_rows(
    table: Table, n: int, first: list[float] | str, checking: Mapping[str, str]
) -> None:
    """Add the quiz rows: time to the first question, and time to check one answer."""
    rows = table.section(f"quiz, {n:,} facts")
    if isinstance(first, list):
        value = median(first)
        rows.append(
            Row(
                "start to first question (stdin a pipe)",
                f"{n:,}",
                seconds(value),
                "",
                f"< {TARGET_QUIZ_START:.0f} s",
                "ok" if value < TARGET_QUIZ_START else "OVER",
            )
        )
    else:
        rows.append(Row("start to first question (stdin a pipe)", f"{n:,}", first))
    if "check_p95" in checking:
        rows.append(
            Row(
                "answers.check, one reply",
                f"{n:,}",
                checking["check"],
                f"p95 {checking['check_p95']}",
                "milliseconds",
                note=f"{checking['check_calls']} calls on {checking['cards']} cards",
            )
        )
    else:
        rows.append(Row("answers.check, one reply", f"{n:,}", checking["check"]))
    if "choices" in checking:
        rows.append(
            Row(
                "DistractorIndex.choices, one card",
                f"{n:,}",
                checking["choices"],
                f"index {checking.get('index', '?')}",
            )
        )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description="Measure quizgen against the floor of the libraries it uses."
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(part.replace("_", "")) for part in text.split(",")),
        help="comma-separated fact-base sizes (default 1000,10000,50000; 1000,10000 with --quick)",
    )
    parser.add_argument("--repeat", type=int, help="runs per build figure (default 3; 1 quick)")
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic facts")
    parser.add_argument("--save", type=Path, help="also write the table to DIR/bench-<time>.txt")
    parser.add_argument(
        "--startup-repeat", type=int, help="runs per start-up figure (default 21; 7 quick)"
    )
    parser.add_argument(
        "--one-deck",
        dest="top_decks",
        action="store_const",
        const=1,
        default=4,
        help="every fact in one top-level deck with subdecks (default: 4 top-level decks)",
    )
    parser.add_argument(
        "--no-quiz", action="store_true", help="skip the quiz and answer-checking figures"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.help_repeat = args.startup_repeat or (7 if args.quick else 21)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="quizgen-bench-"))
    use_bytecode_cache(work / "pycache")
    try:
        bench = Bench(args, work)
        bench.warm_up()
        results = [bench.measure_size(n) for n in args.sizes]
        add_size_rows(bench.table, results)
        bench.log("start-up")
        add_startup_rows(bench.table, bench.startup())
        if not args.no_quiz:
            quiz_n = QUIZ_SIZE if QUIZ_SIZE in args.sizes else max(args.sizes)
            info = bench.fact_base(quiz_n)
            bench.log(f"quiz on {quiz_n:,} facts")
            first = bench.quiz_startup(info)
            add_quiz_rows(bench.table, quiz_n, first, answer_check_timing(info.root))
        text = bench.table.render()
        print(text)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%MZ")
            (args.save / f"bench-{stamp}.txt").write_text(text + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"scratch folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
