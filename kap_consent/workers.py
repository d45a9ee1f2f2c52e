"""The process pool behind `--workers`: render clients in parallel, results in input order.

Each worker is a fresh interpreter (the `spawn` start method: no state copied from a parent
that may already hold WeasyPrint's native libraries) that loads the templates and fonts once,
then renders one client per task. Only pickle-safe values cross between processes: a packet,
or a `Failure` holding the error's kind and message. With one worker there is no pool at all.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError, KapConsentError, OutputError, RecordError, TemplateError
from .heap import settle_loaded
from .models import Client, Practice
from .render import LayoutOptions

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .generate import OutputFormat, Packet

Results = Generator["Packet | Failure", None, None]
"""Each client's packet or failure, in input order; close it to stop the workers."""

_KINDS: dict[str, type[KapConsentError]] = {
    cls.__name__: cls for cls in (TemplateError, OutputError, RecordError, KapConsentError)
}
_AHEAD = 2
_PR_SET_PDEATHSIG = 1
"""Clients handed to the pool per worker before the first result is taken back."""


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker needs to render any client of one run (pickle-safe)."""

    practice: Practice
    templates_dir: Path | None
    documents: tuple[str, ...] | None
    formats: frozenset[OutputFormat]
    options: LayoutOptions
    day: date


@dataclass(frozen=True)
class Failure:
    """A client whose render failed: the error's kind and message, never a traceback."""

    client_id: str
    kind: str
    message: str

    def error(self) -> KapConsentError:
        """Return the error as the project's own type, message prefixed with the client ID."""
        return as_error(self.kind, f"{self.client_id}: {self.message}")


def as_error(kind: str, message: str) -> KapConsentError:
    """Return an error of the project's type named `kind` (the base type if unknown)."""
    if kind == DataError.__name__:
        return DataError([message])
    return _KINDS.get(kind, KapConsentError)(message)


class _Renderer:
    """One process's loaded templates and document list, reused for every client."""

    def __init__(self, job: RenderJob) -> None:
        from .generate import select_documents
        from .render import docx, pdf  # noqa: F401  (load the engines and fonts once)
        from .templating import TemplateSet

        self.job = job
        self.templates = TemplateSet(job.templates_dir)
        self.defs = select_documents(self.templates, job.documents)
        self.settled = False

    def render(self, client: Client) -> Packet | Failure:
        """Return the client's packet; after the first, what stays loaded is frozen."""
        result = self._render(client)
        if not self.settled:
            settle_loaded()
            self.settled = True
        return result

    def _render(self, client: Client) -> Packet | Failure:
        """Return the client's packet, or a Failure that carries no client data but its ID."""
        from .generate import build_packet

        job = self.job
        try:
            return build_packet(
                job.practice, client, self.templates, self.defs, job.formats, job.options, job.day
            )
        except DataError as error:
            return Failure(client.id, DataError.__name__, "; ".join(error.problems))
        except KapConsentError as error:
            return Failure(client.id, type(error).__name__, str(error))
        except Exception as error:  # its message could quote client text, so only the kind
            return Failure(
                client.id,
                KapConsentError.__name__,
                f"unexpected error ({type(error).__name__}) in kap-consent, not in your files; "
                "please report it with the command you ran",
            )


_worker: _Renderer | None = None


def _start_worker(job: RenderJob, parent: int) -> None:
    """Load one worker's templates once; Ctrl-C is the parent's to handle."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent)
    _worker = _Renderer(job)


def _end_with_parent(parent: int) -> None:
    """Have Linux end this worker when its parent dies, even killed outright (no orphans)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _render_in_worker(client: Client) -> Packet | Failure:
    assert _worker is not None, "the pool initializer did not run"
    return _worker.render(client)


def render_packets(job: RenderJob, clients: Sequence[Client], workers: int = 1) -> Results:
    """Yield each client's packet (or its Failure) in input order, `workers` at a time.

    At most a few clients per worker are rendered ahead of the one being taken, so memory
    does not grow with the number of clients.
    """
    if workers < 1:
        raise DataError([f"--workers: {workers} is not a number of processes; use 1 or more"])
    if workers == 1 or len(clients) <= 1:
        renderer = _Renderer(job)
        for client in clients:
            yield renderer.render(client)
        return
    yield from _pooled(job, clients, min(workers, len(clients)))


def _pooled(job: RenderJob, clients: Sequence[Client], workers: int) -> Results:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    parent = os.getpid()
    pool = ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(job, parent))
    try:
        queue = iter(clients)
        with _interrupts_ignored():  # the first submissions start the workers
            waiting: deque[Future[Packet | Failure]] = deque(
                pool.submit(_render_in_worker, c) for c in islice(queue, workers * _AHEAD)
            )
        while waiting:
            result = waiting.popleft().result()
            waiting.extend(pool.submit(_render_in_worker, c) for c in islice(queue, 1))
            yield result
    except BrokenProcessPool:
        raise KapConsentError(
            "a worker process stopped unexpectedly (out of memory?); the packets already "
            "written are complete; run again with fewer --workers"
        ) from None
    except BaseException:  # Ctrl-C, or a consumer that stopped early: end the workers now
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while workers start: they keep ignoring it from their first instruction.

    An ignored signal stays ignored in a started program, so a Ctrl-C while a worker is still
    importing cannot print its traceback; the parent alone handles it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End every worker at once; they write nothing, so nothing is left half-done."""
    processes = getattr(pool, "_processes", None) or {}  # Python 3.14 has terminate_workers()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list(processes.values()):
        process.terminate()
    for process in list(processes.values()):
        process.join(timeout=5)
