"""Read practice and client files (YAML, JSON, TOML) and validate them once, reporting all."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DataError
from .glyphs import check_glyphs
from .logo import logo_problem
from .models import Client, Practice
from .readers import read_data
from .rules import Finding, review


def field_path(loc: Sequence[int | str], prefix: str = "") -> str:
    """Return a location as a dotted path: `clients[1].plan.prescriber`."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"


_DATE = "write a real date as YYYY-MM-DD"
_NUMBER = "write a number such as 250 or 99.50"
_HINTS = {
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_parsing": _DATE,
    "date_type": _DATE,
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "int_from_float": "write a whole number",
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "finite_number": _NUMBER,
    "greater_than": "check the number",
    "greater_than_equal": "check the number",
    "less_than_equal": "check the number",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "string_type": "write text",
    "string_too_short": "fill it in, or leave the field out if it is optional",
    "string_too_long": "shorten it (names print in the header of every page)",
    "string_pattern_mismatch": "use lowercase letters, digits, '-' or '_'",
    "literal_error": "use one of those",
    "list_type": "write a list (`[a, b]` or one `- item` per line)",
    "too_short": "add at least one",
    "model_type": "give this section's fields (`kap-consent schema` lists them)",
    "dict_type": "give this section's fields (`kap-consent schema` lists them)",
}
"""What to do, for pydantic's own messages (which say only what is wrong)."""


def _reason(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        return "unknown field; check the spelling (`kap-consent schema` lists every field)"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{message}; {_HINTS[kind]}" if kind in _HINTS else message


def _validation_problems(path: Path, exc: ValidationError, prefix: str) -> list[str]:
    return [f"{path}: {field_path(e['loc'], prefix)}: {_reason(e)}" for e in exc.errors()]


def _validate(model: type[BaseModel], data: Any, path: Path, prefix: str) -> tuple[Any, list[str]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _validation_problems(path, exc, prefix)


def load_practice(path: Path) -> Practice:
    """Load and validate a practice file; raise DataError listing every problem."""
    path = Path(path)
    practice, problems = _validate(Practice, read_data(path), path, "")
    if not problems:
        problems = [f"{path}: {field_path(loc)}: {why}" for loc, why in check_glyphs(practice)]
        if practice.logo is not None:
            practice, logo_problems = _resolve_logo(practice, path)
            problems += logo_problems
    if problems:
        raise DataError(problems)
    assert isinstance(practice, Practice)
    return practice


def _resolve_logo(practice: Practice, path: Path) -> tuple[Practice, list[str]]:
    assert practice.logo is not None
    logo = (path.parent / practice.logo).resolve()
    problem = logo_problem(logo, practice.logo)
    if problem:
        return practice, [f"{path}: logo: {problem}"]
    return practice.model_copy(update={"logo": logo}), []


def _client_items(data: Any) -> tuple[list[Any], str | None]:
    """Return the client records and the list's name in paths (None for a single client)."""
    if isinstance(data, dict) and set(data) == {"clients"}:
        data = data["clients"]
    if isinstance(data, list):
        return data, "clients"
    return [data], None


def load_inputs(
    practice_path: Path, client_path: Path | None, today: date
) -> tuple[Practice, list[Client]]:
    """Load both files and report the problems of both at once.

    When the practice file is invalid, the clients are still checked on their own (the rules
    that need the practice, such as known therapist ids, wait until it is fixed).
    """
    try:
        practice = load_practice(practice_path)
    except DataError as practice_error:
        problems = list(practice_error.problems)
        if client_path is not None:
            try:
                load_clients(client_path, None, today)
            except DataError as client_error:
                problems += client_error.problems
        raise DataError(problems) from None
    clients = (
        load_clients(client_path, practice, today, practice_path) if client_path is not None else []
    )
    return practice, clients


def load_clients(
    path: Path, practice: Practice | None, today: date, practice_path: Path | None = None
) -> list[Client]:
    """Load a file of one client or a list, validate each against the practice; report all.

    With no practice, only the client's own fields are checked. With one, the rules that decide
    whether a packet may exist (`rules.review`) run on every client whose references resolve.
    """
    path = Path(path)
    items, list_name = _client_items(read_data(path))
    if not items:
        raise DataError([f"{path}: no clients in the file; add at least one"])
    clients: list[tuple[int, Client]] = []
    problems: list[str] = []
    resolved: list[Client] = []
    for index, item in enumerate(items):
        prefix = f"{list_name}[{index}]" if list_name else ""
        client, found = _validate(Client, item, path, prefix)
        if client is not None:
            found = [
                f"{path}: {field_path(loc, prefix)}: {why}" for loc, why in check_glyphs(client)
            ]
            if practice is not None:
                cross = check_client(client, practice, today)
                found += [f"{path}: {field_path([f], prefix)}: {why}" for f, why in cross]
                if not cross:
                    resolved.append(client)
            clients.append((index, client))
        problems.extend(found)
    problems.extend(_duplicate_ids(path, clients, list_name or "clients"))
    if practice is not None:
        problems += [
            format_finding(f, path, practice_path)
            for f in review(practice, resolved, today)
            if not f.warning
        ]
    if problems:
        raise DataError(problems)
    return [client for _, client in clients]


def folder_key(client_id: str) -> str:
    """Return what a client ID is on a file system that ignores case (macOS, Windows)."""
    return unicodedata.normalize("NFC", client_id).casefold()


def _duplicate_ids(path: Path, clients: list[tuple[int, Client]], list_name: str) -> list[str]:
    """Name each row whose id an earlier row used, also apart from case (one folder on macOS)."""
    first: dict[str, tuple[int, str]] = {}
    problems = []
    for row, client in clients:
        key = folder_key(client.id)
        if key in first:
            earlier, earlier_id = first[key]
            reason = (
                "repeats the id of {0}; each client needs its own id"
                if earlier_id == client.id
                else "differs from the id of {0} only in letter case, and macOS and Windows "
                "would write both to one folder; give each client its own id"
            )
            problems.append(
                f"{path}: {list_name}[{row}].id: " + reason.format(f"{list_name}[{earlier}]")
            )
        first.setdefault(key, (row, client.id))
    return problems


def check_client(client: Client, practice: Practice, today: date) -> list[tuple[str, str]]:
    """Return (field path, reason) for every rule that spans client, plan and practice."""
    plan = client.plan
    problems: list[tuple[str, str]] = []
    if practice.clinician(plan.therapist) is None:
        known = ", ".join(c.id for c in practice.clinicians)
        problems.append(
            ("plan.therapist", f"no clinician with this id in the practice file (known: {known})")
        )
    if practice.prescriber(plan.prescriber) is None:
        known = ", ".join(p.id for p in practice.prescribers)
        problems.append(
            ("plan.prescriber", f"no prescriber with this id in the practice file (known: {known})")
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
