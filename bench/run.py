"""The benchmark (design §7): gdcpos beside libyaml + docxtpl and pandoc, in one run.

``python -m bench.run`` (``make bench``) does, in order:

1. writes synthetic workspaces of 100, 1,000 and 10,000 contributions (:mod:`bench.synth`)
   and checks each with ``gdcpos validate`` (a benchmark on invalid input measures nothing);
2. builds the docxtpl template (:mod:`bench.pipelines.docxtpl_template`);
3. times ``gdcpos --help`` (10 runs) against the 0.2 s target;
4. runs each pipeline once untimed at the smallest size (warm caches; finds out whether
   ``gdcpos build`` exists yet: if it does not, gdcpos is reported as "n/a");
5. times every (pipeline, size) ``--reps`` times (3 by default; the "gdcpos" rebuild after one
   untimed run on that size's workspace, so that its cache holds it), the pipelines interleaved so
   that all of them meet the same machine conditions, each run a whole process from start-up to
   the written ``.docx``: wall time (``perf_counter`` around the process) and peak RSS
   (``ru_maxrss`` from ``os.wait4``, the same number ``/usr/bin/time -f %M`` prints: the largest
   single process of the tree, e.g. pandoc rather than the Python script that started it);
6. opens the last ``.docx`` of each (pipeline, size) and checks that the content is there;
7. prints the Markdown table of medians and writes ``bench/out/results.md`` and
   ``bench/out/results.json`` (every run, raw).

``--quick`` runs sizes 100 and 1,000 once each; ``--sizes`` and ``--reps`` choose freely.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from bench import synth

REPO = synth.REPO
DEFAULT_OUT = REPO / "bench" / "out"
DEFAULT_SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (100, 1_000)
PIPELINES = ("gdcpos", "gdcpos-edited", "gdcpos-cold", "docxtpl", "pandoc")
LABELS = {
    "gdcpos": "gdcpos",
    "gdcpos-edited": "gdcpos, one file changed",
    "gdcpos-cold": "gdcpos, first build",
    "docxtpl": "libyaml + docxtpl",
    "pandoc": "pandoc",
}
GDCPOS_PIPELINES = ("gdcpos", "gdcpos-edited", "gdcpos-cold")
"""gdcpos again on a workspace it has built before (its cache warmed by the untimed warm-up run:
an analyst rebuilding after a change of template or settings), the same after one text of one
submission changed (that file parsed and validated again, its texts' sections compared again:
an agency's new revision taken in), and gdcpos building it for the first time (an empty cache
each run: every file parsed and validated, on every core)."""
RATIO_NAMES = {
    "gdcpos": "gdcpos",
    "gdcpos-edited": "one file changed",
    "gdcpos-cold": "first build",
}
EDITED_SUBMISSION = "positions/ict.yaml"
"""The submission "gdcpos, one file changed" edits before each run (a mid-sized one)."""
HELP_TARGET_S = 0.2
TARGET_VS_DOCXTPL = 0.5
TARGET_VS_PANDOC = 0.1
TARGET_PEAK_MB = 300
TITLE_SAMPLE = 50
"""How many contribution titles (spread over the workspace) are looked for in each output."""


@dataclass
class Measurement:
    """One timed process: what ran, how long, how much memory, how it ended."""

    pipeline: str
    size: int
    rep: int
    seconds: float
    cpu_seconds: float
    peak_kb: int
    returncode: int
    timed_out: bool = False
    output: str | None = None
    output_bytes: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and self.output is not None


@dataclass
class Context:
    """Where things are and how to run them, fixed for one benchmark run."""

    out: Path
    gdcpos: Path | None
    template: Path
    pandoc: str
    timeout: float
    workspaces: dict[int, Path] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    """Pipelines that cannot run here, with the reason (reported as "n/a")."""
    edits: Iterator[int] = field(default_factory=itertools.count)
    """Numbers each edit of `edit_one_submission`, so that no two are alike."""


# ---------------------------------------------------------------------------------------------
# Running a process and measuring it


def run_measured(
    argv: Sequence[str], *, log: Path, timeout: float, env: dict[str, str] | None = None
) -> tuple[float, float, int, int, bool, str]:
    """Run ``argv`` to completion; return (wall s, CPU s, peak RSS KB, exit status, timed out,
    stderr tail).

    stdout and stderr go to ``log``.out/.err (never a pipe: a chatty process must not block).
    The process gets its own session so that a timeout kills its children (pandoc) too.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    err_path = log.with_suffix(".err")
    with log.with_suffix(".out").open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdout=out, stderr=err, cwd=REPO, env=env, start_new_session=True
        )
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen.wait
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss, proc.returncode, expired.is_set(), stderr[-2000:]


def pipeline_argv(ctx: Context, pipeline: str, workspace: Path, outdir: Path) -> list[str]:
    """The command line of ``pipeline`` building the framework of ``workspace`` into ``outdir``."""
    python = sys.executable
    if pipeline in GDCPOS_PIPELINES:
        assert ctx.gdcpos is not None
        return [str(ctx.gdcpos), "build", "framework", "-w", str(workspace), "-o", str(outdir)]
    if pipeline == "docxtpl":
        module = "bench.pipelines.docxtpl_pipeline"
        return [python, "-m", module, str(workspace), str(outdir), "--template", str(ctx.template)]
    if pipeline == "pandoc":
        module = "bench.pipelines.pandoc_pipeline"
        return [python, "-m", module, str(workspace), str(outdir), "--pandoc", ctx.pandoc]
    raise ValueError(f"unknown pipeline {pipeline}")


def edit_one_submission(workspace: Path, edit: int) -> None:
    """Change the first text of `EDITED_SUBMISSION`, as an agency's new revision would; each
    ``edit`` differently, so that the run after it always finds the file changed. (The other
    pipelines then read the edited file too: a text a few words longer, which they do not notice,
    and the cache "gdcpos" shares with this pipeline holds it after this run.)"""
    path = workspace / EDITED_SUBMISSION
    text = path.read_text(encoding="utf-8")
    edited, found = re.subn(
        r'^(    text: ")(?:ویرایش [0-9]+: )?', rf"\g<1>ویرایش {edit}: ", text, count=1, flags=re.M
    )
    if not found:
        raise RuntimeError(f"{path}: no text to edit")
    path.write_text(edited, encoding="utf-8")


def _find_docx(outdir: Path) -> Path | None:
    """The framework document a pipeline wrote (gdcpos chooses its own file name)."""
    found = sorted(outdir.rglob("*.docx"))
    preferred = [path for path in found if "framework" in path.name]
    chosen = preferred or found
    return chosen[0] if chosen else None


def measure(ctx: Context, pipeline: str, size: int, rep: int) -> Measurement:
    """Run ``pipeline`` once on the workspace of ``size`` into a fresh folder."""
    outdir = ctx.out / "runs" / pipeline / f"n{size}"
    if outdir.exists():
        shutil.rmtree(outdir)
    argv = pipeline_argv(ctx, pipeline, ctx.workspaces[size], outdir)
    log = ctx.out / "logs" / f"{pipeline}-n{size}-r{rep}.log"
    cache = ctx.out / "model-cache"
    if pipeline == "gdcpos-cold":
        cache = ctx.out / "model-cache-empty"
        shutil.rmtree(cache, ignore_errors=True)
    if pipeline == "gdcpos-edited":
        edit_one_submission(ctx.workspaces[size], next(ctx.edits))
    seconds, cpu, peak, code, timed_out, stderr = run_measured(
        argv, log=log, timeout=ctx.timeout, env={"GDCPOS_CACHE_DIR": str(cache)}
    )
    result = Measurement(pipeline, size, rep, seconds, cpu, peak, code, timed_out)
    document = _find_docx(outdir) if outdir.exists() else None
    if document is not None and code == 0:
        result.output = _show(document)
        result.output_bytes = document.stat().st_size
    elif timed_out:
        result.error = f"timed out after {ctx.timeout:.0f} s"
    elif code != 0:
        result.error = f"exit {code}: {_last_line(stderr)}"
    else:
        result.error = "exit 0 but no .docx was written"
    return result


def _show(path: Path) -> str:
    """``path`` relative to the repository when inside it (shorter in the JSON), else absolute."""
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _last_line(text: str) -> str:
    lines = [line.strip(" │╭╮╰╯─") for line in text.strip().splitlines()]
    lines = [line for line in lines if line]
    return lines[-1] if lines else "(no message)"


def is_missing_command(result: Measurement, log_dir: Path) -> bool:
    """True when gdcpos said "No such command" or exited 2 (wrong usage: no ``build`` yet)."""
    if result.returncode == 2:
        return True
    err = log_dir / f"{result.pipeline}-n{result.size}-r{result.rep}.err"
    return err.exists() and "No such command" in err.read_text(errors="replace")


# ---------------------------------------------------------------------------------------------
# Checking what came out


def title_sample(workspace: Path, count: int = TITLE_SAMPLE) -> list[str]:
    """Titles of ``count`` contributions spread evenly over the workspace's files."""
    titles: list[str] = []
    for path in sorted((workspace / "positions").glob("*.yaml")):
        with path.open("rb") as stream:
            submission = yaml.load(stream, Loader=yaml.CSafeLoader)
        titles.extend(item["title"] for item in submission.get("contributions") or ())
    step = max(1, len(titles) // count)
    return titles[::step][:count]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")


def inspect_docx(path: Path, titles: list[str]) -> dict[str, Any]:
    """Paragraphs, right-to-left paragraphs and sampled titles found in a .docx.

    Read with lxml straight from ``word/document.xml`` (every ``w:p``, tables included), so that
    the check depends on no pipeline's library. Direction marks (LRM, RLM, ALM) that a writer
    may add around Latin tokens are ignored when looking for titles.
    """
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
        styles = archive.read("word/styles.xml").decode("utf-8", "replace")
    paragraphs = root.iter(f"{_W}p")
    texts, rtl = [], 0
    for paragraph in paragraphs:
        texts.append("".join(node.text or "" for node in paragraph.iter(f"{_W}t")))
        ppr = paragraph.find(f"{_W}pPr")
        if ppr is not None and ppr.find(f"{_W}bidi") is not None:
            rtl += 1
    joined = "\n".join(texts).translate(_MARKS)
    missing = [title for title in titles if title.translate(_MARKS) not in joined]
    return {
        "paragraphs": len(texts),
        "rtl_paragraphs": rtl,
        "styles_have_bidi": bool(re.search(r"<w:bidi\b", styles)),
        "titles_checked": len(titles),
        "titles_missing": missing[:5],
        "titles_found": len(titles) - len(missing),
    }


def expected_paragraphs(workspace: Path) -> int:
    """Paragraphs of the baselines' document: cover + axis headings + kind headings + 3 per item."""
    from bench.pipelines.common import load_framework

    axes, groups, items = load_framework(workspace).count()
    return 1 + axes + groups + 3 * items


# ---------------------------------------------------------------------------------------------
# The machine


def _first_line(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "?"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def environment(ctx: Context) -> dict[str, Any]:
    """What the numbers depend on: CPUs, versions, load at start."""
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "pandoc": _first_line([ctx.pandoc, "--version"]),
        "gdcpos": _version("gdcpos"),
        "docxtpl": _version("docxtpl"),
        "python-docx": _version("python-docx"),
        "PyYAML": _version("PyYAML") + (" (libyaml)" if yaml.__with_libyaml__ else " (no libyaml)"),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


# ---------------------------------------------------------------------------------------------
# Steps


def prepare_workspaces(
    ctx: Context, sizes: Sequence[int], seed: int, validate: bool
) -> dict[int, dict[str, Any]]:
    """Write a workspace per size; check each with ``gdcpos validate`` unless told not to."""
    report: dict[int, dict[str, Any]] = {}
    for size in sizes:
        path = ctx.out / "workspaces" / f"n{size}"
        start = time.perf_counter()
        synth.generate(size, path, seed)
        ctx.workspaces[size] = path
        entry: dict[str, Any] = {"path": _show(path)}
        entry["synth_seconds"] = round(time.perf_counter() - start, 3)
        if validate and ctx.gdcpos is not None:
            argv = [str(ctx.gdcpos), "validate", "-w", str(path)]
            log = ctx.out / "logs" / f"validate-n{size}.log"
            seconds, _, peak, code, _, stderr = run_measured(argv, log=log, timeout=ctx.timeout)
            entry.update(valid=code == 0, validate_seconds=round(seconds, 3))
            entry["validate_peak_mb"] = round(peak / 1024, 1)
            if code != 0:
                entry["problems"] = stderr.strip().splitlines()[:10]
        report[size] = entry
        _say(f"workspace n={size}: " + ", ".join(f"{k} {v}" for k, v in entry.items()))
    return report


def time_help(ctx: Context, runs: int) -> dict[str, Any]:
    """``gdcpos --help``, ``runs`` times: the start-up a user pays on every command."""
    if ctx.gdcpos is None:
        return {"available": False}
    times = []
    for index in range(runs):
        log = ctx.out / "logs" / f"help-{index}.log"
        seconds, _, peak, code, _, _ = run_measured(
            [str(ctx.gdcpos), "--help"], log=log, timeout=60
        )
        if code != 0:
            return {"available": False, "error": f"exit {code}"}
        times.append(seconds)
    return {
        "available": True,
        "runs": [round(t, 4) for t in times],
        "median_seconds": round(statistics.median(times), 4),
        "peak_mb": round(peak / 1024, 1),
    }


def warm_up(ctx: Context, pipelines: Sequence[str], size: int) -> None:
    """One untimed run per pipeline; marks gdcpos unavailable when it has no ``build``."""
    for pipeline in pipelines:
        if pipeline in ctx.unavailable:
            continue
        result = measure(ctx, pipeline, size, rep=0)
        missing = not result.ok and is_missing_command(result, ctx.out / "logs")
        if pipeline in GDCPOS_PIPELINES and missing:
            ctx.unavailable[pipeline] = f"`gdcpos build framework` not available ({result.error})"
        status = "ok" if result.ok else result.error
        _say(f"warm-up {pipeline} n={size}: {result.seconds:.2f} s, {status}")


def run_all(
    ctx: Context, pipelines: Sequence[str], sizes: Sequence[int], reps: int
) -> tuple[list[Measurement], list[dict[str, Any]]]:
    """Every (size, repetition, pipeline), the pipeline order rotated per repetition."""
    runs: list[Measurement] = []
    checks: list[dict[str, Any]] = []
    active = [p for p in pipelines if p not in ctx.unavailable]
    for size in sizes:
        titles = title_sample(ctx.workspaces[size])
        expected = expected_paragraphs(ctx.workspaces[size])
        last: dict[str, Measurement] = {}
        if "gdcpos" in active or "gdcpos-edited" in active:
            # Untimed: "gdcpos" is a rebuild (and "gdcpos-edited" one after an edit), so their
            # cache must hold this workspace before the first timed run (the warm-up run only
            # saw the smallest one).
            measure(ctx, "gdcpos", size, rep=0)
        for rep in range(1, reps + 1):
            shift = (rep - 1) % max(1, len(active))
            for pipeline in active[shift:] + active[:shift]:
                result = measure(ctx, pipeline, size, rep)
                runs.append(result)
                last[pipeline] = result
                status = "ok" if result.ok else result.error
                _say(
                    f"{LABELS[pipeline]:>18} n={size:<6} rep {rep}/{reps}: "
                    f"{result.seconds:7.2f} s {result.peak_kb / 1024:7.1f} MB  {status}"
                )
        for pipeline, result in last.items():
            if result.ok and result.output is not None:
                check = inspect_docx(REPO / result.output, titles)  # absolute stays absolute
                check.update(pipeline=pipeline, size=size, output_bytes=result.output_bytes)
                if pipeline not in GDCPOS_PIPELINES:
                    check["expected_paragraphs"] = expected
                checks.append(check)
    return runs, checks


# ---------------------------------------------------------------------------------------------
# Summary and report


Summary = dict[str, dict[str, dict[str, Any]]]
"""pipeline → size (as text, as in the JSON) → medians, counts and errors."""


def summarise(
    runs: Sequence[Measurement], pipelines: Sequence[str], sizes: Sequence[int]
) -> Summary:
    """Median seconds and peak MB per (pipeline, size), over the successful runs."""
    summary: Summary = {}
    for pipeline in pipelines:
        for size in sizes:
            mine = [r for r in runs if r.pipeline == pipeline and r.size == size]
            good = [r for r in mine if r.ok]
            entry: dict[str, Any] = {"runs": len(mine), "ok": len(good)}
            if good:
                entry["median_seconds"] = round(statistics.median(r.seconds for r in good), 3)
                entry["median_peak_mb"] = round(
                    statistics.median(r.peak_kb for r in good) / 1024, 1
                )
                entry["median_cpu_seconds"] = round(
                    statistics.median(r.cpu_seconds for r in good), 3
                )
            failed = [r.error for r in mine if not r.ok]
            if failed:
                entry["errors"] = failed
            summary.setdefault(pipeline, {})[str(size)] = entry
    return summary


def _cell(
    summary: Summary, unavailable: dict[str, str], pipeline: str, size: int
) -> tuple[str, str]:
    if pipeline in unavailable:
        return "n/a", "n/a"
    entry = summary.get(pipeline, {}).get(str(size))
    if entry is None:
        return "—", "—"
    if "median_seconds" not in entry:
        return "error", "error"
    return f"{entry['median_seconds']:.2f}", f"{entry['median_peak_mb']:.0f}"


def _seconds(summary: Summary, pipeline: str, size: int) -> float | None:
    value = summary.get(pipeline, {}).get(str(size), {}).get("median_seconds")
    return float(value) if value is not None else None


def _ratio(summary: Summary, top: str, bottom: str, size: int) -> str:
    a, b = _seconds(summary, top, size), _seconds(summary, bottom, size)
    return f"{a / b:.2f}×" if a is not None and b else "n/a"


TARGET_SIZE = 10_000
"""The size at which design §7 states the build targets."""


def _verdict(ok: bool, final: bool) -> str:
    if not final:
        return "indicative only"
    return "met" if ok else "NOT met"


def _build_targets(summary: Summary, largest: int) -> list[str]:
    """Target lines for ``gdcpos build framework``, judged only at 10,000 contributions or more."""
    final = largest >= TARGET_SIZE
    lines = []
    for mine in GDCPOS_PIPELINES:
        g = _seconds(summary, mine, largest)
        if g is None:
            lines.append(f"- {LABELS[mine]} at {largest:,}: not measured (see above).")
            continue
        for other, target in (("docxtpl", TARGET_VS_DOCXTPL), ("pandoc", TARGET_VS_PANDOC)):
            t = _seconds(summary, other, largest)
            if t:
                lines.append(
                    f"- at {largest:,}: {LABELS[mine]}/{LABELS[other]} = {g / t:.2f} "
                    f"(target < {target}: {_verdict(g / t < target, final)})."
                )
        peak = summary[mine][str(largest)]["median_peak_mb"]
        lines.append(
            f"- at {largest:,}: {LABELS[mine]} peak {peak:.0f} MB "
            f"(target < {TARGET_PEAK_MB} MB: {_verdict(peak < TARGET_PEAK_MB, final)})."
        )
    if not final:
        lines.append(
            f"- The build targets are stated at {TARGET_SIZE:,} contributions; this run stopped "
            f"at {largest:,}, where start-up weighs more, so they are not judged."
        )
    return lines


def report(
    env: dict[str, Any],
    config: dict[str, Any],
    help_timing: dict[str, Any],
    workspaces: dict[int, dict[str, Any]],
    summary: Summary,
    checks: list[dict[str, Any]],
    unavailable: dict[str, str],
) -> str:
    """The Markdown report: header, the table of medians, linearity, targets, output checks."""
    sizes: list[int] = config["sizes"]
    pipelines: list[str] = config["pipelines"]
    lines = [
        "# gdcpos benchmark: framework document, YAML in, .docx out",
        "",
        f"Measured side by side in one run on this machine, {env['date']}: "
        f"nproc {env['nproc']}, CPU {env['cpu']}, Python {env['python']}, {env['pandoc']}, "
        f"docxtpl {env['docxtpl']}, python-docx {env['python-docx']}, PyYAML {env['PyYAML']}, "
        f"gdcpos {env['gdcpos']}; load average at start {env['loadavg']}.",
        f"{config['reps']} repetition(s) per cell, median shown; each run is a whole process "
        "(start-up included); peak = max RSS of the largest process in the run's tree.",
        "",
    ]
    head = ["contributions"]
    for pipeline in pipelines:
        head += [f"{LABELS[pipeline]} s", f"{LABELS[pipeline]} MB"]
    compare = [p for p in ("docxtpl", "pandoc") if p in pipelines]
    mine = [p for p in GDCPOS_PIPELINES if p in pipelines]
    head += [f"{RATIO_NAMES[m]}/{p}" for m in mine for p in compare]
    lines += ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for size in sizes:
        row = [f"{size:,}"]
        for pipeline in pipelines:
            row += list(_cell(summary, unavailable, pipeline, size))
        row += [_ratio(summary, m, p, size) for m in mine for p in compare]
        lines.append("| " + " | ".join(row) + " |")
    for pipeline, reason in unavailable.items():
        lines += ["", f"{LABELS[pipeline]}: n/a — {reason}."]

    lines += ["", "## Linearity: seconds per 1,000 contributions", ""]
    lines += [
        "Total time ÷ (N / 1,000) at each size; start-up weighs on the small sizes. The "
        "marginal cost between two sizes, (t₂ − t₁) ÷ ((N₂ − N₁) / 1,000), leaves start-up out: "
        "it stays flat when cost grows linearly.",
        "",
        "| contributions | " + " | ".join(LABELS[p] for p in pipelines) + " |",
        "|" + "---:|" * (len(pipelines) + 1),
    ]
    for size in sizes:
        cells = []
        for pipeline in pipelines:
            seconds = _seconds(summary, pipeline, size)
            cells.append("n/a" if seconds is None else f"{seconds / (size / 1000):.3f}")
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    for low, high in itertools.pairwise(sizes):
        cells = []
        for pipeline in pipelines:
            t1, t2 = _seconds(summary, pipeline, low), _seconds(summary, pipeline, high)
            marginal = None if t1 is None or t2 is None else (t2 - t1) / ((high - low) / 1000)
            cells.append("n/a" if marginal is None else f"{marginal:.3f}")
        lines.append(f"| marginal {low:,}→{high:,} | " + " | ".join(cells) + " |")

    lines += ["", "## Targets (design §7)", ""]
    if help_timing.get("available"):
        verdict = "met" if help_timing["median_seconds"] < HELP_TARGET_S else "NOT met"
        lines.append(
            f"- `gdcpos --help`: median {help_timing['median_seconds']:.3f} s of "
            f"{len(help_timing['runs'])} runs (target < {HELP_TARGET_S} s: {verdict})."
        )
    lines += _build_targets(summary, max(sizes))
    lines += ["", "## Inputs and outputs checked", ""]
    for size, entry in workspaces.items():
        valid = entry.get("valid")
        state = "not validated" if valid is None else ("valid" if valid else "INVALID")
        extra = f" in {entry['validate_seconds']:.2f} s" if "validate_seconds" in entry else ""
        lines.append(f"- workspace of {size:,}: `gdcpos validate` → {state}{extra}.")
    lines += [
        "",
        "| pipeline | contributions | .docx KB | paragraphs (expected) | RTL paragraphs "
        "| styles bidi | titles found |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for check in checks:
        expected = check.get("expected_paragraphs")
        paragraphs = f"{check['paragraphs']:,}" + (f" ({expected:,})" if expected else "")
        lines.append(
            f"| {LABELS[check['pipeline']]} | {check['size']:,} | "
            f"{check['output_bytes'] / 1024:,.0f} | {paragraphs} | {check['rtl_paragraphs']:,} | "
            f"{'yes' if check['styles_have_bidi'] else 'no'} | "
            f"{check['titles_found']}/{check['titles_checked']} |"
        )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Command line


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"sizes are integers: {text}") from exc
    if not sizes or min(sizes) < 12:
        raise argparse.ArgumentTypeError("each size must be at least 12 (one per agency)")
    return tuple(sorted(set(sizes)))


def _pipelines(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [p for p in chosen if p not in PIPELINES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"pipelines are among {', '.join(PIPELINES)}")
    return tuple(p for p in PIPELINES if p in chosen)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Options; ``--quick`` sets sizes 100,1000 and 1 repetition unless given explicitly."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Time gdcpos build framework beside libyaml + docxtpl and pandoc.",
    )
    parser.add_argument("--quick", action="store_true", help="sizes 100,1000 and 1 repetition")
    parser.add_argument("--sizes", type=_sizes, help="comma-separated, e.g. 100,1000,10000")
    parser.add_argument("--reps", type=int, help="repetitions per cell (default 3; quick 1)")
    parser.add_argument("--pipelines", type=_pipelines, default=PIPELINES, help="default: all")
    parser.add_argument("--help-runs", type=int, default=10, help="runs of gdcpos --help")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run (600)")
    parser.add_argument("--no-validate", action="store_true", help="skip gdcpos validate")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: bench/out")
    parser.add_argument(
        "--gdcpos", type=Path, help="the gdcpos executable (default: the one beside this Python)"
    )
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    if args.reps is None:
        args.reps = 1 if args.quick else 3
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    return args


def _locate_gdcpos() -> Path | None:
    beside = Path(sys.executable).parent / "gdcpos"
    if beside.exists():
        return beside
    found = shutil.which("gdcpos")
    return Path(found) if found else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a synthetic workspace does not validate."""
    args = parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("runs", "logs", "model-cache", "model-cache-empty"):
        shutil.rmtree(out / stale, ignore_errors=True)
    ctx = Context(
        out=out,
        gdcpos=args.gdcpos.resolve() if args.gdcpos else _locate_gdcpos(),
        template=out / "framework-template.docx",
        pandoc=shutil.which("pandoc") or "pandoc",
        timeout=args.timeout,
    )
    if ctx.gdcpos is None:
        for pipeline in GDCPOS_PIPELINES:
            ctx.unavailable[pipeline] = "the gdcpos command is not installed"
    if shutil.which(ctx.pandoc) is None:
        ctx.unavailable["pandoc"] = "pandoc is not installed"
    env = environment(ctx)
    _say(" | ".join(f"{k}: {v}" for k, v in env.items()))

    workspaces = prepare_workspaces(ctx, args.sizes, args.seed, not args.no_validate)
    invalid = [size for size, entry in workspaces.items() if entry.get("valid") is False]
    if invalid:
        _say(f"synthetic workspaces do not validate ({invalid}); see {out / 'logs'}")
        return 1
    from bench.pipelines.docxtpl_template import build_template

    build_template(ctx.template)
    help_timing = time_help(ctx, args.help_runs)
    _say(f"gdcpos --help: {help_timing}")
    warm_up(ctx, args.pipelines, min(args.sizes))
    runs, checks = run_all(ctx, args.pipelines, args.sizes, args.reps)

    summary = summarise(runs, args.pipelines, args.sizes)
    config = {
        "sizes": list(args.sizes),
        "reps": args.reps,
        "pipelines": list(args.pipelines),
        "seed": args.seed,
        "quick": args.quick,
    }
    text = report(env, config, help_timing, workspaces, summary, checks, ctx.unavailable)
    raw = {
        "environment": env,
        "config": config,
        "unavailable": ctx.unavailable,
        "help": help_timing,
        "workspaces": {str(size): entry for size, entry in workspaces.items()},
        "summary": summary,
        "checks": checks,
        "runs": [asdict(run) for run in runs],
    }
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(text)
    _say(f"wrote {out / 'results.md'} and {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
