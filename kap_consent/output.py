"""The one module that writes files: safe names, owner-only permissions, atomic packet folders."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from .errors import OutputError
from .leftovers import OLD, PARTIAL, find_leftovers
from .types import ClientId

_CLIENT_ID = TypeAdapter(ClientId)
_SPACE_MARGIN = 1024 * 1024
PACKET_PDF = "packet.pdf"


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


def name_packet_files(
    documents: Iterable[tuple[str, bytes | None, bytes | None]], packet_pdf: bytes | None
) -> dict[str, bytes]:
    """Return file name → bytes: each document (stem, PDF, DOCX) per format, then packet.pdf."""
    files: dict[str, bytes] = {}
    for stem, pdf, docx in documents:
        if pdf is not None:
            files[f"{stem}.pdf"] = pdf
        if docx is not None:
            files[f"{stem}.docx"] = docx
    if packet_pdf is not None:
        files[PACKET_PDF] = packet_pdf
    return files


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


def check_targets(out_dir: Path, client_ids: list[str], force: bool) -> None:
    """Refuse before anything is written if a packet exists and --force was not given."""
    existing = [cid for cid in client_ids if packet_dir(out_dir, cid).exists()]
    if existing and not force:
        raise OutputError(
            f"{out_dir}: packets already exist for {', '.join(existing)}; "
            "use --force to replace them or choose another --out"
        )


def existing_packets(out_dir: Path, client_ids: Sequence[str]) -> list[str]:
    """Return the client IDs whose packet folder already exists in `out_dir`."""
    return [cid for cid in client_ids if packet_dir(out_dir, cid).exists()]


def check_space(out_dir: Path, sizes: Iterable[int]) -> None:
    """Refuse before the first write when the disk cannot hold every file of the run."""
    needed = sum(sizes) + _SPACE_MARGIN
    existing = out_dir
    while not existing.exists():
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    if free < needed:
        raise OutputError(
            f"{out_dir}: not enough free space: this run needs about {_mb(needed)}, and "
            f"{_mb(free)} is free; nothing was written. Free some space or choose another --out"
        )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def write_packet(
    out_dir: Path,
    client_id: str,
    files: Mapping[str, bytes],
    force: bool,
    stale: Collection[str] = (),
) -> Path:
    """Write one client's files into a fresh folder, then move it into place in one step.

    With `force`, an existing packet's files are replaced by this run's files; any other file
    in its folder (a scanned signed copy, a document this run did not render) is kept, except
    the `stale` ones this tool wrote before and that no longer apply.
    """
    target = packet_dir(out_dir, client_id)
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to replace it")
    for name in files:
        _check_file_name(name)
    try:
        staging = Path(
            tempfile.mkdtemp(prefix=f".{client_id}.{os.getpid()}.", suffix=PARTIAL, dir=out_dir)
        )
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot write there ({exc.strerror}); choose another --out"
        ) from None
    try:
        for name, data in files.items():
            _write_file(staging / name, data)
        if target.is_dir():
            _keep_others(target, staging, set(files) | set(stale))
        _swap_into_place(staging, target)
    except OSError as exc:
        remove_tree(staging)
        raise OutputError(
            f"{target}: could not write the packet ({exc.strerror}); this client's folder was "
            "not changed"
        ) from None
    except BaseException:  # even an interrupt leaves no half-written folder behind
        remove_tree(staging)
        raise
    return target


def _keep_others(target: Path, staging: Path, replaced: set[str]) -> None:
    """Link every entry of the old packet this run does not replace into the new one."""
    for entry in target.iterdir():
        if entry.name in replaced:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, staging / entry.name, symlinks=True, copy_function=_link)
        else:
            _link(entry, staging / entry.name)


def _link(source: Path | str, destination: Path | str) -> None:
    """Hard-link a kept file (no copy, no extra space); copy it where links are not possible."""
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, destination, follow_symlinks=False)


def remove_tree(path: Path) -> None:
    """Remove a folder this tool made, even one whose folders were made read-only."""
    if path.is_symlink() or path.is_file():
        path.unlink()
        return
    if not path.exists():
        return
    os.chmod(path, 0o700)
    for parent, dirs, _ in os.walk(path):  # each folder is made writable before it is listed
        for name in dirs:
            os.chmod(os.path.join(parent, name), 0o700, follow_symlinks=False)
    shutil.rmtree(path)


def clear_leftovers(out_dir: Path) -> list[str]:
    """Remove what interrupted runs left in `out_dir`; return their client IDs.

    A previous packet set aside by a run that stopped before its new one was in place is put
    back instead.
    """
    cleared = []
    for leftover in find_leftovers(out_dir):
        target = out_dir / leftover.client_id
        if leftover.set_aside and not target.exists():
            leftover.path.rename(target)
        else:
            remove_tree(leftover.path)
        cleared.append(leftover.client_id)
    return sorted(set(cleared))


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
    """Move `staging` to `target`; if that fails, put any previous packet back.

    Signals wait during the two renames, so an interrupted run never leaves the previous
    packet aside with no packet in its place.
    """
    with _signals_held():
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.{os.getpid()}{OLD}")
            remove_tree(old)
            target.rename(old)
        try:
            staging.rename(target)
        except BaseException:
            if old is not None:
                old.rename(target)
            raise
    if old is not None:
        with suppress(OSError):  # the next run into this folder removes it, and says so
            remove_tree(old)


@contextmanager
def _signals_held() -> Iterator[None]:
    held = {signal.SIGINT, signal.SIGTERM} | (
        {signal.SIGHUP} if hasattr(signal, "SIGHUP") else set()
    )
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
