"""Benchmark: `make bench` prints one Markdown table of speed figures beside their targets.

Run with `make bench` (not part of `make test`). Targets live here, not in the tests, because
test machines differ. Exit status 1 when a target is missed. The table is Markdown so it can be
pasted into the README as it is. `--quick` (or KAP_BENCH_QUICK=1) shrinks the worker rows to a
10-client roster and 30 packets, to try the benchmark in about a minute.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import date
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_commands import RUNS, command_times
from bench_packets import ROUNDS, PacketRate, packet_and_engine_rates
from bench_workers import (
    QUICK_ROSTER_CLIENTS,
    QUICK_RSS_PACKETS,
    ROSTER_CLIENTS,
    RSS_PACKETS,
    Speedup,
    WorkerMemory,
    worker_memory,
    worker_speedup,
)

TARGET_PAGES_PER_SECOND = 17.0
"""Full packet (PDF + DOCX + packet.pdf + checks), per core."""
TARGET_OVERHEAD = 1.3
"""Full packet time over the raw engine's time on the same HTML."""
TARGET_TIMES_BARE = 5.0
"""`--help` against `python -c pass`."""
TARGET_QUICK_SECONDS = 0.15
"""`validate` and the other quick commands: this, or within TARGET_TIMES_BARE of bare Python."""
TARGET_SPEEDUP = 1.8
"""A roster on 2 workers against 1, wall time."""
TARGET_WORKER_MIB = 150.0
"""Peak resident memory of each worker, which must also stay flat over the packets."""

Row = tuple[str, str, str, bool | None]


def _met(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "**no**")


def _packet_rows(rates: list[PacketRate], raw: list[PacketRate]) -> list[Row]:
    rows: list[Row] = []
    raw_by_client = {r.client_id: r for r in raw}
    for rate in rates:
        figure = f"{rate.pages} pages, {rate.seconds:.2f} s: {rate.pages_per_second:.1f} pages/s"
        full = rate.fmt == "both"
        target = f"≥ {TARGET_PAGES_PER_SECOND:g} pages/s" if full else ""
        ok = rate.pages_per_second >= TARGET_PAGES_PER_SECOND if full else None
        rows.append((f"{rate.client_id} {rate.fmt}", figure, target, ok))
        if full:
            engine = raw_by_client[rate.client_id]
            rows.append(
                (
                    f"{rate.client_id} raw engine",
                    f"{engine.seconds:.2f} s: {engine.pages_per_second:.1f} pages/s",
                    "",
                    None,
                )
            )
            ratio = rate.seconds / engine.seconds
            rows.append(
                (
                    f"{rate.client_id} full packet ÷ raw engine",
                    f"{ratio:.2f}x",
                    f"≤ {TARGET_OVERHEAD:g}x",
                    ratio <= TARGET_OVERHEAD,
                )
            )
    return rows


def _command_rows() -> list[Row]:
    bare, times = command_times()
    rows: list[Row] = [("`python -c pass`", f"{bare * 1000:.0f} ms", "", None)]
    for t in times:
        figure = f"{t.seconds * 1000:.0f} ms = {t.times_bare:.1f}x bare"
        if t.name == "--help":
            target, ok = f"≤ {TARGET_TIMES_BARE:g}x bare", t.times_bare <= TARGET_TIMES_BARE
        else:
            target = f"≤ {TARGET_QUICK_SECONDS * 1000:.0f} ms or ≤ {TARGET_TIMES_BARE:g}x bare"
            ok = t.seconds <= TARGET_QUICK_SECONDS or t.times_bare <= TARGET_TIMES_BARE
        rows.append((f"`kap-consent {t.name}`", figure, target, ok))
    return rows


def _worker_rows(speedup: Speedup, memory: WorkerMemory) -> list[Row]:
    seconds = f"{speedup.one:.1f} s on 1, {speedup.two:.1f} s on 2"
    readings = ", ".join(f"{max(r):.0f}" for r in memory.readings)
    workers = len(memory.readings[-1])
    return [
        (
            f"{speedup.clients}-client roster, 1 vs 2 workers",
            f"{seconds}: {speedup.ratio:.2f}x",
            f"≥ {TARGET_SPEEDUP:g}x",
            speedup.ratio >= TARGET_SPEEDUP,
        ),
        (
            f"peak RSS per worker over {memory.packets} packets ({workers} workers)",
            f"{memory.peak:.0f} MiB (readings: {readings}); {'flat' if memory.flat else 'growing'}",
            f"< {TARGET_WORKER_MIB:g} MiB and flat",
            memory.peak < TARGET_WORKER_MIB and memory.flat,
        ),
    ]


def _header() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"kap-consent benchmark, {date.today().isoformat()}: {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, WeasyPrint {version('weasyprint')}, "
        f"fontTools {version('fonttools')}. Packet figures are CPU seconds of one process "
        f"(per core), best of {ROUNDS} rounds, each round running every format and the raw engine "
        f"in turn; commands are median wall time of {RUNS} starts; worker rows are wall time of "
        "whole runs."
    )


def main() -> int:
    """Measure everything, print the table, and return 1 when a target is missed."""
    quick = "--quick" in sys.argv[1:] or os.environ.get("KAP_BENCH_QUICK") == "1"
    clients, packets = (
        (QUICK_ROSTER_CLIENTS, QUICK_RSS_PACKETS) if quick else (ROSTER_CLIENTS, RSS_PACKETS)
    )
    rows = _packet_rows(*packet_and_engine_rates()) + _command_rows()
    rows += _worker_rows(worker_speedup(clients), worker_memory(packets))
    print(_header())
    print()
    print("| measure | figure | target | met |")
    print("|---|---|---|---|")
    for name, figure, target, ok in rows:
        print(f"| {name} | {figure} | {target} | {_met(ok)} |")
    missed = [name for name, _, _, ok in rows if ok is False]
    print()
    print(f"targets missed: {', '.join(missed)}" if missed else "every target met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
