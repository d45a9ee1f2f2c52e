"""Benchmark part: 1 against 2 workers on a roster, and each worker's peak memory over many packets.

The roster repeats the example clients under fresh IDs (in a temporary folder); every packet is
rendered in both formats and written, as `kap-consent render --workers N` does. The speedup is
wall time (the point of workers), so run it on a quiet machine. Memory is each worker's peak
resident size (VmHWM in /proc), read every `count / 6` packets: flat means the last reading is
within 10% of the first.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from kap_consent import generate_packets

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROSTER_CLIENTS = 100
RSS_PACKETS = 300
QUICK_ROSTER_CLIENTS = 10
QUICK_RSS_PACKETS = 30
FLAT_GROWTH = 0.10
"""A worker's peak memory is flat when the last reading is at most this much above the first."""


@dataclass(frozen=True)
class Speedup:
    """Seconds to render one roster with one worker and with two."""

    clients: int
    one: float
    two: float

    @property
    def ratio(self) -> float:
        return self.one / self.two


@dataclass(frozen=True)
class WorkerMemory:
    """Peak resident MiB of each worker, read every few packets."""

    packets: int
    readings: list[list[float]]
    """One list per reading: each worker's VmHWM in MiB."""

    @property
    def peak(self) -> float:
        return max(max(r) for r in self.readings)

    @property
    def flat(self) -> bool:
        first, last = max(self.readings[0]), max(self.readings[-1])
        return last <= first * (1 + FLAT_GROWTH)


def write_roster(folder: Path, count: int) -> Path:
    """Write `count` clients, the example clients over and over under fresh IDs."""
    examples = yaml.safe_load((EXAMPLES / "clients.yaml").read_text(encoding="utf-8"))["clients"]
    clients = [{**examples[n % len(examples)], "id": f"BW-{n + 1:04d}"} for n in range(count)]
    path = folder / "roster.yaml"
    path.write_text(yaml.safe_dump({"clients": clients}, sort_keys=False), encoding="utf-8")
    return path


def _render(folder: Path, roster: Path, workers: int, on_progress: Callable[..., None]) -> float:
    started = time.perf_counter()
    generate_packets(
        EXAMPLES / "practice.yaml",
        roster,
        folder / f"out-{workers}",
        workers=workers,
        on_progress=on_progress,
    )
    return time.perf_counter() - started


def worker_speedup(clients: int) -> Speedup:
    """Time the same roster with one worker, then two (each into its own folder)."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        roster = write_roster(folder, clients)
        one = _render(folder, roster, 1, lambda *_: None)
        two = _render(folder, roster, 2, lambda *_: None)
    return Speedup(clients, one, two)


def worker_memory(packets: int, workers: int = 2) -> WorkerMemory:
    """Render `packets` clients with `workers` and read each worker's peak memory as it goes."""
    every = max(1, packets // 6)
    readings: list[list[float]] = []

    def sample(client_id: str, index: int, total: int) -> None:
        if index and index % every == 0:
            readings.append(_worker_peaks())

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        _render(folder, write_roster(folder, packets), workers, sample)
    return WorkerMemory(packets, readings)


def _worker_peaks() -> list[float]:
    """Return VmHWM in MiB of this process's worker children (the resource tracker left out)."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields["PPid"]) != os.getpid() or b"resource_tracker" in command:
            continue
        if "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return sorted(peaks)
