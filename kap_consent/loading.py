"""Read practice and client files (YAML, JSON, TOML) and validate them once, reporting all."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataError
from .models import Client, Practice

_READERS: dict[str, Callable[[str], Any]] = {
    ".yaml": yaml.safe_load,
    ".yml": yaml.safe_load,
    ".json": json.loads,
    ".toml": tomllib.loads,
}
_LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


def read_data(path: Path) -> Any:
    """Parse one input file by its extension; raise DataError naming the file."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise DataError([f"{path}: unsupported file type; use .yaml, .yml, .json or .toml"])
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([f"{path}: file not found; check the path"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(
            [f"{path}: cannot read the file ({type(exc).__name__}); save it as UTF-8 text"]
        ) from None
    try:
        return reader(text)
    except (yaml.YAMLError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(
            [f"{path}: not valid {path.suffix.lstrip('.').upper()}: {_syntax_detail(exc)}"]
        ) from None


def _syntax_detail(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        problem = getattr(exc, "problem", None) or "syntax error"
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"
    return str(exc).splitlines()[0]


def _field_path(loc: Sequence[int | str], prefix: str = "") -> str:
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"


def _reason(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        return "unknown field; check the spelling (`kap-consent schema` lists every field)"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _validation_problems(path: Path, exc: ValidationError, prefix: str) -> list[str]:
    return [f"{path}: {_field_path(e['loc'], prefix)}: {_reason(e)}" for e in exc.errors()]


def _validate(model: type[BaseModel], data: Any, path: Path, prefix: str) -> tuple[Any, list[str]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _validation_problems(path, exc, prefix)


def load_practice(path: Path) -> Practice:
    """Load and validate a practice file; raise DataError listing every problem."""
    path = Path(path)
    practice, problems = _validate(Practice, read_data(path), path, "")
    if not problems and practice.logo is not None:
        practice, problems = _resolve_logo(practice, path)
    if problems:
        raise DataError(problems)
    assert isinstance(practice, Practice)
    return practice


def _resolve_logo(practice: Practice, path: Path) -> tuple[Practice, list[str]]:
    assert practice.logo is not None
    logo = (path.parent / practice.logo).resolve()
    try:
        head = logo.read_bytes()[:8]
    except OSError:
        return practice, [
            f"{path}: logo: cannot read the logo file; check that {practice.logo} exists"
        ]
    if not any(head.startswith(magic) for magic in _LOGO_TYPES):
        return practice, [f"{path}: logo: not a PNG or JPEG image; export the logo as PNG"]
    return practice.model_copy(update={"logo": logo}), []


def _client_items(data: Any) -> tuple[list[Any], str | None]:
    """Return the client records and the list's name in paths (None for a single client)."""
    if isinstance(data, dict) and set(data) == {"clients"}:
        data = data["clients"]
    if isinstance(data, list):
        return data, "clients"
    return [data], None


def load_clients(path: Path, practice: Practice, today: date) -> list[Client]:
    """Load a file of one client or a list, validate each against the practice; report all."""
    path = Path(path)
    items, list_name = _client_items(read_data(path))
    if not items:
        raise DataError([f"{path}: no clients in the file; add at least one"])
    clients: list[tuple[int, Client]] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        prefix = f"{list_name}[{index}]" if list_name else ""
        client, found = _validate(Client, item, path, prefix)
        if client is not None:
            found = [
                f"{path}: {_field_path([f], prefix)}: {why}"
                for f, why in check_client(client, practice, today)
            ]
            clients.append((index, client))
        problems.extend(found)
    problems.extend(_duplicate_ids(path, clients, list_name or "clients"))
    if problems:
        raise DataError(problems)
    return [client for _, client in clients]


def _duplicate_ids(path: Path, clients: list[tuple[int, Client]], list_name: str) -> list[str]:
    """Name each row whose id an earlier row of the file already used."""
    first_row: dict[str, int] = {}
    problems = []
    for row, client in clients:
        if client.id in first_row:
            problems.append(
                f"{path}: {list_name}[{row}].id: repeats the id of "
                f"{list_name}[{first_row[client.id]}]; each client needs its own id"
            )
        first_row.setdefault(client.id, row)
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
    elif _age(client.date_of_birth, today) < 18 and client.personal_representative is None:
        problems.append(
            (
                "personal_representative",
                "required because the client is under 18; add the parent or guardian who signs",
            )
        )
    return problems


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
