"""The one module that writes files: safe names, owner-only permissions, atomic packet folders."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from .errors import OutputError
from .types import ClientId

_CLIENT_ID = TypeAdapter(ClientId)


def packet_dir(out_dir: Path, client_id: str) -> Path:
    """Return the client's packet folder inside `out_dir`; refuse ids that could escape it."""
    try:
        _CLIENT_ID.validate_python(client_id)
    except ValidationError:
        raise OutputError(f"client id {client_id!r} is not safe as a folder name") from None
    target = out_dir / client_id
    if target.resolve().parent != out_dir.resolve():
        raise OutputError(f"client id {client_id!r} would write outside {out_dir}")
    return target


def check_out_dir(out_dir: Path) -> None:
    """Fail early, before any rendering, if the output folder could not be created or written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder; choose another --out")
    existing = out_dir
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: cannot write there (no permission); choose another --out")


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder (owner-only) or explain why it cannot be used."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder; choose another --out")
    try:
        out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot create the output folder ({exc.strerror}); choose another --out"
        ) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(
            f"{out_dir}: the output folder is not writable; "
            "choose another --out or fix its permissions"
        )


def existing_packets(out_dir: Path, client_ids: Sequence[str]) -> list[str]:
    """Return the client IDs whose packet folder already exists in `out_dir`."""
    return [cid for cid in client_ids if packet_dir(out_dir, cid).exists()]


def write_packet(out_dir: Path, client_id: str, files: Mapping[str, bytes], force: bool) -> Path:
    """Write one client's files into a fresh folder, then move it into place in one step."""
    target = packet_dir(out_dir, client_id)
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to replace it")
    for name in files:
        _check_file_name(name)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{client_id}.", suffix=".partial", dir=out_dir))
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot write there ({exc.strerror}); choose another --out"
        ) from None
    try:
        for name, data in files.items():
            _write_file(staging / name, data)
        _swap_into_place(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(
            f"{target}: could not write the packet ({exc.strerror}); nothing was changed"
        ) from None
    except BaseException:  # even an interrupt leaves no half-written folder behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _check_file_name(name: str) -> None:
    if not name or "/" in name or "\\" in name or name.startswith(".") or Path(name).name != name:
        raise OutputError(f"refusing unsafe file name {name!r}")


def _write_file(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _swap_into_place(staging: Path, target: Path) -> None:
    """Move `staging` to `target`; if that fails, put any previous packet back."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_file(path: Path, data: bytes, force: bool = False) -> Path:
    """Write one file atomically (owner-only); refuse to replace it without `force`."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to replace it")
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: exists and is not a file; choose another name")
    try:
        descriptor, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write there ({exc.strerror}); check the folder"
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:  # mkstemp creates it 0600
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
