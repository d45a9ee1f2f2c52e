"""Read practice files and client files or rosters; validate them once, reporting every problem."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .choices import normalize_choices
from .client_files import ClientEntry, Locate, client_entries, in_file, shown_id
from .errors import DataError, Problem
from .glyphs import check_glyphs
from .logo import logo_problem
from .models import Client, Practice
from .readers import read_data
from .reasons import field_path as field_path  # kept importable from here
from .reasons import reasons
from .references import KnownIds, reference_problems, unknown_id_message
from .rules import Finding, review


def _validate(model: type[BaseModel], data: Any, locate: Locate) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(normalize_choices(model, data)), []
    except ValidationError as exc:
        return None, [locate(loc, why) for loc, why in reasons(exc, model)]


def load_practice(path: Path) -> Practice:
    """Load and validate a practice file; raise DataError listing every problem."""
    path = Path(path)
    locate = in_file(path)
    practice, problems = _validate(Practice, read_data(path), locate)
    if not problems:
        problems = [locate(loc, why) for loc, why in check_glyphs(practice)]
        if practice.logo is not None:
            practice, logo_problems = _resolve_logo(practice, path)
            problems += logo_problems
    if problems:
        raise DataError(problems)
    assert isinstance(practice, Practice)
    return practice


def _resolve_logo(practice: Practice, path: Path) -> tuple[Practice, list[Problem]]:
    assert practice.logo is not None
    logo = (path.parent / practice.logo).resolve()
    problem = logo_problem(logo, practice.logo)
    if problem:
        return practice, [Problem(str(path), "logo", problem)]
    return practice.model_copy(update={"logo": logo}), []


def load_inputs(
    practice_path: Path, client_path: Path | None, today: date
) -> tuple[Practice, list[Client]]:
    """Load both files and report the problems of both at once.

    When the practice file is invalid, the clients are still checked on their own, and
    against the clinician and prescriber IDs the practice file does list.
    """
    try:
        practice = load_practice(practice_path)
    except DataError as practice_error:
        problems: list[str | Problem] = list(practice_error.details)
        if client_path is not None:
            try:
                load_clients(client_path, None, today, known=_readable_ids(practice_path))
            except DataError as client_error:
                problems += client_error.details
        raise DataError(problems) from None
    clients = (
        load_clients(client_path, practice, today, practice_path) if client_path is not None else []
    )
    return practice, clients


def _readable_ids(practice_path: Path) -> KnownIds | None:
    try:
        return KnownIds.from_data(read_data(practice_path))
    except DataError:
        return None


def load_clients(
    path: Path,
    practice: Practice | None,
    today: date,
    practice_path: Path | None = None,
    *,
    known: KnownIds | None = None,
) -> list[Client]:
    """Load a client file or roster, validate each client against the practice; report all.

    With no practice, only the client's own fields are checked (and its therapist and
    prescriber IDs against `known`, when given). With one, the rules that decide whether a
    packet may exist (`rules.review`) run on every client whose references resolve.
    """
    path = Path(path)
    entries, problems = client_entries(path)
    if not entries:
        problems.append(Problem(str(path), None, "no clients in the file; add at least one"))
    known = KnownIds.of(practice) if practice is not None else known
    clients: list[tuple[ClientEntry, Client]] = []
    resolved: list[Client] = []
    for entry in entries:
        client, found = _validate(Client, entry.data, entry.locate)
        if client is not None:
            found = [entry.locate(loc, why) for loc, why in check_glyphs(client)]
            if practice is not None:
                cross = check_client(client, practice, today)
                found += [entry.locate([f], why) for f, why in cross]
                if not cross:
                    resolved.append(client)
            clients.append((entry, client))
        elif known is not None:
            found += [entry.locate(loc, why) for loc, why in reference_problems(entry.data, known)]
        problems.extend(p for p in found if p.location not in entry.reported)
    problems.extend(_duplicate_ids(clients))
    if practice is not None:
        problems += [
            finding_problem(f, path, practice_path, entries)
            for f in review(practice, resolved, today)
            if not f.warning
        ]
    if problems:
        raise DataError(problems)
    return [client for _, client in clients]


def folder_key(client_id: str) -> str:
    """Return what a client ID is on a file system that ignores case (macOS, Windows)."""
    return unicodedata.normalize("NFC", client_id).casefold()


def _duplicate_ids(clients: list[tuple[ClientEntry, Client]]) -> list[Problem]:
    """Name each record whose id an earlier one used, also apart from case (one folder on macOS)."""
    first: dict[str, tuple[ClientEntry, str]] = {}
    problems = []
    for entry, client in clients:
        key = folder_key(client.id)
        if key in first:
            earlier, earlier_id = first[key]
            reason = (
                "repeats the id of {0}; each client needs its own id"
                if earlier_id == client.id
                else "differs from the id of {0} only in letter case, and macOS and Windows "
                "would write both to one folder; give each client its own id"
            )
            problems.append(entry.locate(["id"], reason.format(earlier.label)))
        first.setdefault(key, (entry, client.id))
    return problems


def check_client(client: Client, practice: Practice, today: date) -> list[tuple[str, str]]:
    """Return (field path, reason) for every rule that spans client, plan and practice."""
    plan = client.plan
    problems: list[tuple[str, str]] = []
    known = KnownIds.of(practice)
    if practice.clinician(plan.therapist) is None:
        problems.append(
            ("plan.therapist", unknown_id_message("clinician", plan.therapist, known.clinicians))
        )
    if practice.prescriber(plan.prescriber) is None:
        problems.append(
            (
                "plan.prescriber",
                unknown_id_message("prescriber", plan.prescriber, known.prescribers),
            )
        )
    if plan.has_home and client.support_person is None:
        problems.append(
            (
                "support_person",
                "required because the plan has home sessions; add the support person",
            )
        )
    if plan.is_remote and practice.telehealth is None:
        problems.append(
            (
                "plan.settings",
                "has video sessions but the practice file has no telehealth section; add one",
            )
        )
    if plan.share_with_primary_care and client.primary_care is None:
        problems.append(
            (
                "primary_care",
                "required because share_with_primary_care is true; add it or set that to false",
            )
        )
    if client.date_of_birth > today:
        problems.append(("date_of_birth", "is in the future; check the date (YYYY-MM-DD)"))
    return problems


def finding_problem(
    finding: Finding, client_path: Path, practice_path: Path | None, entries: list[ClientEntry]
) -> Problem:
    """Return a rule's finding as a Problem; in a roster, on the client's row."""
    if finding.client_id is None:
        return Problem(str(practice_path or "practice file"), finding.where, finding.message)
    rows = (e for e in entries if e.row is not None and shown_id(e.data) == finding.client_id)
    entry = next(rows, None)
    if entry is not None:
        return entry.locate([finding.where], finding.message)
    where = f"{finding.client_id}: {finding.where}"
    return Problem(str(client_path), where, finding.message, finding.client_id)


def format_finding(finding: Finding, client_path: Path, practice_path: Path | None) -> str:
    """Return a rule's finding as `file: [client id: ]field: reason`."""
    if finding.client_id is not None:
        return f"{client_path}: {finding.client_id}: {finding.where}: {finding.message}"
    return f"{practice_path or 'practice file'}: {finding.where}: {finding.message}"


def plan_warnings(
    practice: Practice,
    clients: Sequence[Client],
    today: date,
    client_path: Path,
    practice_path: Path | None = None,
) -> list[str]:
    """Return the rules' warnings for valid data (printed on every run; they do not stop it)."""
    return [
        format_finding(f, client_path, practice_path)
        for f in review(practice, clients, today)
        if f.warning
    ]
