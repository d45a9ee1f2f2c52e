"""Write each client's packet as soon as it is rendered, so memory stays flat however many.

Every input was validated, and the output folder and the record checked, before the first
render. A client whose render fails gets no folder; the others are still written, and the
failures are raised together at the end. A write that fails (a full disk) stops the run and
says which packets are in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError
from .models import Client
from .output import check_space, clear_leftovers, prepare_out_dir, write_packet
from .workers import Failure, as_error

if TYPE_CHECKING:
    from .generate import Packet

_BLOCK = 8192
"""Room a file takes beyond its bytes (its last block), when checking free space."""


@dataclass
class PacketWriter:
    """Writes packets into one output folder, preparing it before the first one."""

    out_dir: Path
    force: bool
    stale: Mapping[str, Sequence[str]]
    """Form ID → file names an earlier run may have written for it (removed when it no longer
    applies to the client)."""
    on_written: Callable[[Packet, Mapping[str, bytes]], None]
    on_cleared: Callable[[list[str]], None] | None = None
    written: list[Packet] = field(default_factory=list)

    def start(self, first: Packet, count: int) -> None:
        """Before the first write: make the folder, clear leftovers, check room for `count` more.

        The room needed is estimated from the first packet, so a disk too small for the run is
        found before anything is written.
        """
        prepare_out_dir(self.out_dir)
        cleared = clear_leftovers(self.out_dir)
        if cleared and self.on_cleared:
            self.on_cleared(cleared)
        sizes = [len(data) + _BLOCK for data in first.files().values()]
        check_space(self.out_dir, sizes * count)

    def write(self, packet: Packet) -> None:
        """Write one packet atomically, then let `on_written` record it; keep it without bytes."""
        files = packet.files()
        stale = [name for form in packet.not_applicable for name in self.stale.get(form, ())]
        folder = write_packet(self.out_dir, packet.client_id, files, self.force, stale)
        self.on_written(packet, files)
        self.written.append(_without_bytes(packet, folder))

    def summary(self) -> str:
        """Return the packets written so far, or that none was."""
        if not self.written:
            return "Nothing was written."
        return "Written: " + ", ".join(f"{p.client_id} ({p.folder})" for p in self.written) + "."


def write_as_rendered(
    clients: Sequence[Client],
    results: Iterable[Packet | Failure],
    writer: PacketWriter,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> list[Packet]:
    """Write each client's result (in `clients` order) as it arrives; raise for any failure."""
    failures: list[Failure] = []
    pending = iter(results)
    for index, client in enumerate(clients):
        if on_progress:
            on_progress(client.id, index, len(clients))
        result = next(pending)
        if isinstance(result, Failure):
            failures.append(result)
            continue
        if not writer.written:
            writer.start(result, len(clients) - index)
        try:
            writer.write(result)
        except OutputError as error:
            rest = [c.id for c in clients[index:]] + [f.client_id for f in failures]
            raise _write_failed(error, writer, rest) from None
    if failures:
        raise _failed(failures, writer)
    return writer.written


def _write_failed(error: OutputError, writer: PacketWriter, rest: list[str]) -> OutputError:
    """Return the write error with what is in place and what is not."""
    if not writer.written:
        return OutputError(f"{error}. Nothing was written")
    return OutputError(
        f"{error}.\n{writer.summary()}\nNot written: {', '.join(rest)}. Fix the problem, then "
        "run again (with --force, to replace the packets that were written)"
    )


def _failed(failures: list[Failure], writer: PacketWriter) -> Exception:
    """Return one error listing the failed clients (grouped by problem) and what was written."""
    lines = []
    by_problem = sorted(failures, key=lambda f: (f.kind, f.message))
    for (_, message), group in groupby(by_problem, key=lambda f: (f.kind, f.message)):
        lines.append(f"{', '.join(f.client_id for f in group)}: {message}")
    failed = ", ".join(f.client_id for f in failures)
    outcome = (
        f"No folder was written for {failed}. {writer.summary()} Fix the problem, then run "
        f"again (--only {failed.replace(', ', ',')})"
        if writer.written
        else "Nothing was written. Fix the problem, then run again."
    )
    return as_error(failures[0].kind, "\n".join([*lines, outcome]))


def _without_bytes(packet: Packet, folder: Path) -> Packet:
    """Return the packet as written: its folder, without the file bytes (now on disk)."""
    documents = [replace(d, pdf=None, docx=None) for d in packet.documents]
    return replace(packet, documents=documents, packet_pdf=None, folder=folder)
