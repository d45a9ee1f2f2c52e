"""Benchmark part: how long the quick commands take next to a bare Python start.

Each command runs as a fresh process (the installed `kap-consent` script, as a user runs it);
the figure is the median wall time of several runs, so one slow start does not decide it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPT = Path(sys.executable).with_name("kap-consent")
RUNS = 11
COMMANDS = {
    "--help": ["--help"],
    "--version": ["--version"],
    "documents": ["documents"],
    "schema client": ["schema", "client"],
    "validate (examples)": [
        "validate",
        "--practice",
        str(EXAMPLES / "practice.yaml"),
        "--client",
        str(EXAMPLES / "clients.yaml"),
    ],
}


@dataclass(frozen=True)
class CommandTime:
    """One command's median start-to-exit time, and how many bare Python starts that is."""

    name: str
    seconds: float
    times_bare: float


def median_seconds(argv: list[str], runs: int = RUNS) -> float:
    """Return the median wall time of running `argv` to completion `runs` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_python_seconds(runs: int = RUNS) -> float:
    """Return the median time of `python -c pass` with this interpreter."""
    return median_seconds([sys.executable, "-c", "pass"], runs)


def command_times(runs: int = RUNS) -> tuple[float, list[CommandTime]]:
    """Return the bare Python time and each quick command's time beside it."""
    if not SCRIPT.exists():
        raise SystemExit(f"{SCRIPT}: not found; install the project first (make .venv/.installed)")
    bare = bare_python_seconds(runs)
    rows = []
    for name, args in COMMANDS.items():
        seconds = median_seconds([str(SCRIPT), *args], runs)
        rows.append(CommandTime(name, seconds, seconds / bare))
    return bare, rows
