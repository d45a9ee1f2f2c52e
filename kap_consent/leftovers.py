"""Find what interrupted runs left in an output folder: hidden packets being written or set aside.

A run names these folders after the client and its own process ID, so a later run can tell the
leftovers of a run that is no longer alive (killed, or its computer switched off) from the work
of one still writing. Folders of earlier versions, which had no process ID, are always stale.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PARTIAL = ".partial"
"""A packet being written: `.<client ID>.<process ID>.<random>.partial`."""
OLD = ".old"
"""A previous packet set aside while it is replaced: `.<client ID>.<process ID>.old`."""
_NAME = re.compile(
    r"\.(?P<client_id>[A-Za-z0-9][A-Za-z0-9_-]{0,63})"
    r"(?:\.(?P<pid>[0-9]+))?(?:\.[A-Za-z0-9_]+(?P<partial>\.partial)|(?P<old>\.old))"
)


@dataclass(frozen=True)
class Leftover:
    """A hidden folder an interrupted run left behind."""

    path: Path
    client_id: str
    set_aside: bool
    """True for a previous packet set aside (`.old`), False for one being written."""


def find_leftovers(out_dir: Path) -> list[Leftover]:
    """Return the hidden packet folders in `out_dir` whose run is no longer alive."""
    if not out_dir.is_dir():
        return []
    found = []
    for entry in sorted(out_dir.iterdir()):
        match = _NAME.fullmatch(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink():
            continue
        pid = match.group("pid")
        if pid is not None and _alive(int(pid)):
            continue
        found.append(Leftover(entry, match.group("client_id"), match.group("old") is not None))
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
