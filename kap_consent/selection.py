"""Which clients a run renders: the ones named with --only, minus packets that already exist."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .errors import DataError
from .models import Client
from .output import existing_packets
from .suggest import with_suggestion


def select_clients(
    clients: Sequence[Client], only: Sequence[str] | None, source: Path
) -> list[Client]:
    """Return the clients named in `only` (all when None), in file order; unknown IDs are errors."""
    if not only:
        return list(clients)
    ids = [c.id for c in clients]
    unknown = [cid for cid in dict.fromkeys(only) if cid not in ids]
    if unknown:
        raise DataError(
            [with_suggestion(f"--only: no client {cid} in {source}", cid, ids) for cid in unknown]
        )
    return [c for c in clients if c.id in set(only)]


def skip_existing(
    out_dir: Path, clients: Sequence[Client], force: bool
) -> tuple[list[Client], list[str]]:
    """Split clients into those to render and the IDs skipped because a packet exists.

    With `force` nothing is skipped: existing packets are replaced.
    """
    if force:
        return list(clients), []
    existing = set(existing_packets(out_dir, [c.id for c in clients]))
    return [c for c in clients if c.id not in existing], [c.id for c in clients if c.id in existing]
