"""What the pages do, as plain functions over the library (no HTTP here).

A filled form becomes a one-row roster in a private temporary folder, so it goes through
`load_inputs` and `generate_packets` exactly as a roster does on the command line. The form
of each client generated here is kept beside the packets (owner-only), for re-generating.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..clock import today
from ..errors import DataError, Problem
from ..generate import Packet, generate_packets
from ..loading import load_inputs
from ..output import packet_dir, prepare_out_dir, write_file
from .client_form import as_roster

SAVED_FORMS = "kap-consent-web.forms"
"""Folder of the forms filled in here, inside the output folder (a client ID has no dot)."""


@dataclass(frozen=True)
class WebSettings:
    """What `kap-consent serve` was started with."""

    practice_file: Path
    out_dir: Path
    password: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a Generate did: the packet, or the problems, or that a packet already exists."""

    packet: Packet | None = None
    problems: tuple[Problem, ...] = ()
    exists: bool = False


@contextmanager
def form_roster(values: Mapping[str, str]) -> Iterator[Path]:
    """Yield a private temporary one-row roster holding the form; it is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="kap-consent-web-") as folder:  # mode 0700
        yield write_file(Path(folder) / "client.csv", as_roster(values))


def check_form(settings: WebSettings, values: Mapping[str, str]) -> list[Problem]:
    """Return every problem of the practice file and the filled form (none: it may render)."""
    with form_roster(values) as roster:
        try:
            load_inputs(settings.practice_file, roster, today())
        except DataError as error:
            return error.details
    return []


def generate_form(settings: WebSettings, values: Mapping[str, str], replace: bool) -> Outcome:
    """Render the form's client; an existing packet is replaced only when `replace` is given."""
    skipped: list[str] = []
    with form_roster(values) as roster:
        try:
            packets = generate_packets(
                settings.practice_file,
                roster,
                settings.out_dir,
                force=replace,
                on_skip=skipped.append,
            )
        except DataError as error:
            return Outcome(problems=tuple(error.details))
        if skipped:
            return Outcome(exists=True)
        saved = settings.out_dir / SAVED_FORMS
        prepare_out_dir(saved)
        write_file(saved / f"{packets[0].client_id}.csv", roster.read_bytes(), force=True)
    return Outcome(packet=packets[0])


def saved_form(settings: WebSettings, client_id: str) -> Path | None:
    """Return the form last used to generate a client here, if there is one."""
    packet_dir(settings.out_dir, client_id)  # refuses an ID that is not a safe folder name
    path = settings.out_dir / SAVED_FORMS / f"{client_id}.csv"
    return path if path.is_file() else None


def generate_file(
    settings: WebSettings,
    client_file: Path,
    replace: bool,
    on_progress: Callable[[str, int, int], None] | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> list[Packet]:
    """Render every client of a client file or roster into the output folder."""
    return generate_packets(
        settings.practice_file,
        client_file,
        settings.out_dir,
        force=replace,
        on_progress=on_progress,
        on_skip=on_skip,
    )
