"""Roster runs in the background, so the page can show a progress bar while they render."""

from __future__ import annotations

import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KapConsentError


@dataclass
class Job:
    """One run: how far it is, which packets it wrote or skipped, and how it ended."""

    total: int
    done: int = 0
    current: str | None = None
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None
    finished: bool = False

    @property
    def percent(self) -> int:
        """Return how far the run is, 0-100 (writing counts as the last step)."""
        return 100 if self.finished else int(100 * self.done / (self.total + 1))


Work = Callable[[Job], list[str]]
"""Renders and writes the packets, updating the job; returns the client IDs written."""


class Jobs:
    """The runs of this server, by a random ID (no client data in URLs)."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, total: int, work: Work, cleanup: Path) -> str:
        """Run `work` in a thread; remove the `cleanup` folder (the upload) when it ends."""
        job_id = secrets.token_urlsafe(16)
        job = Job(total)
        with self._lock:
            self._jobs[job_id] = job

        def run() -> None:
            try:
                job.written = work(job)
            except KapConsentError as error:
                job.error = str(error)
            except Exception as error:  # its message could quote client data
                job.error = f"Unexpected error ({type(error).__name__}); nothing more was written."
            finally:
                shutil.rmtree(cleanup, ignore_errors=True)
                job.finished = True

        threading.Thread(target=run, name="kap-consent-roster", daemon=True).start()
        return job_id

    def get(self, job_id: str) -> Job | None:
        """Return a run by its ID."""
        with self._lock:
            return self._jobs.get(job_id)
