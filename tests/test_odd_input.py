"""Odd input that used to pass or print wrongly: repeated keys, case-only id clashes, digits of
other scripts, invisible names, direction overrides, odd amounts and dates, broken logos, pipes
and oversized files. Each is refused at validation with one line naming file, field and fix.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kap_consent.readers import MAX_INPUT_BYTES

Write = Callable[[Path, str, Any], Path]


def validate(practice: Path, client: Path) -> Result:
    from kap_consent.cli import app

    return CliRunner().invoke(
        app, ["validate", "--practice", str(practice), "--client", str(client)]
    )


def refused(result: Result, *problems: str) -> None:
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    expected = [f"Invalid input ({count}); nothing was written:", *(f"  {p}" for p in problems)]
    assert result.exit_code == 2, result.output
    assert result.stderr == "\n".join(expected) + "\n"


# Point 11: a key given twice


def test_yaml_key_given_twice_names_both_lines(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    text = client.read_text() + "date_of_birth: 1990-01-01\n"
    client.write_text(text)
    line = text.count("\n")
    first = text.split("\n").index("date_of_birth: '1984-06-12'") + 1
    refused(
        validate(practice, client),
        f'{client}: line {line}: "date_of_birth" is given twice (lines {first} and {line}); '
        "keep one",
    )


def test_json_key_given_twice_names_both_lines(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = tmp_path / "client.json"
    lines = json.dumps(client_data, indent=2).split("\n")
    dob = next(i for i, line in enumerate(lines) if '"date_of_birth"' in line)
    lines.insert(len(lines) - 1, '  ,"date_of_birth": "1990-01-01"')
    client.write_text("\n".join(lines))
    refused(
        validate(practice, client),
        f'{client}: line {len(lines) - 1}: "date_of_birth" is given twice '
        f"(lines {dob + 1} and {len(lines) - 1}); keep one",
    )


def test_repeated_key_inside_a_section(tmp_path: Path, practice_data: dict[str, Any]) -> None:
    practice = tmp_path / "practice.json"
    practice.write_text('{"sessions": {"dosing": {"fee": 1,\n"fee": 2}}}')
    client = tmp_path / "client.yaml"
    client.write_text("id: CP-1\n")
    result = validate(practice, client)
    assert result.exit_code == 2
    assert f'{practice}: line 2: "fee" is given twice (lines 1 and 2); keep one' in result.stderr


# Point 7: ids that differ only in case


def test_ids_that_differ_only_in_case_are_one_folder(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice = write(tmp_path, "practice.yaml", practice_data)
    other = {**client_data, "id": "cp-0001"}
    client = write(tmp_path, "clients.yaml", {"clients": [client_data, other]})
    refused(
        validate(practice, client),
        f"{client}: clients[1].id: differs from the id of clients[0] only in letter case, and "
        "macOS and Windows would write both to one folder; give each client its own id",
    )


# Point 13: odd values

ARABIC_INDIC, FULLWIDTH = 0x0660, 0xFF10
"""Where the digit zero is in each script; the digits 1-9 follow it."""


def digits(text: str, zero: int) -> str:
    """Write the ASCII digits of `text` in another script's digits."""
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in text)


ODD = [
    (
        "phone",
        digits("503-555-0110", ARABIC_INDIC),
        "is not a 10-digit US phone number; write it like 555-123-4567",
    ),
    (
        "phone",
        digits("503-555-0110", FULLWIDTH),
        "is not a 10-digit US phone number; write it like 555-123-4567",
    ),
    ("legal_name", "\u200b\u200d\u2060", "has no visible characters; fill it in"),
    ("legal_name", "\u3000 \u200b", "has no visible characters; fill it in"),
    (
        "legal_name",
        "Marcus \u202eBell",
        "contains a text-direction control character (U+202E) that would reorder the printed "
        "letters; remove it",
    ),
    (
        "address",
        "415 Fremont \u2067Street\u2069",
        "contains a text-direction control character (U+2067) that would reorder the printed "
        "letters; remove it",
    ),
    ("date_of_birth", 455846400, "is a number, not a date; write a real date as YYYY-MM-DD"),
    ("plan.start_date", 20261207, "is a number, not a date; write a real date as YYYY-MM-DD"),
]


@pytest.mark.parametrize(
    ("field", "value", "reason"), ODD, ids=[f"{f}-{i}" for i, (f, *_) in enumerate(ODD)]
)
def test_odd_client_value_is_refused(
    tmp_path: Path,
    write: Write,
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
    field: str,
    value: Any,
    reason: str,
) -> None:
    *parents, name = field.split(".")
    target = client_data
    for parent in parents:
        target = target[parent]
    target[name] = value
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.json", client_data)
    refused(validate(practice, client), f"{client}: {field}: {reason}")


FEES = [
    (True, "is true or false, not an amount; write a number such as 250 or 99.50"),
    (99.999, "has a fraction of a cent; round it to whole cents, such as 99.50"),
    (0.001, "has a fraction of a cent; round it to whole cents, such as 99.50"),
]


@pytest.mark.parametrize(("fee", "reason"), FEES)
def test_odd_fee_is_refused(
    tmp_path: Path,
    write: Write,
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
    fee: Any,
    reason: str,
) -> None:
    practice_data["sessions"]["dosing"]["fee"] = fee
    practice = write(tmp_path, "practice.json", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    refused(validate(practice, client), f"{practice}: sessions.dosing.fee: {reason}")


def test_npi_in_other_digits_is_refused(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice_data["prescribers"][0]["npi"] = digits("1341672115", FULLWIDTH)
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    refused(
        validate(practice, client),
        f"{practice}: prescribers[0].npi: is not an NPI; an NPI is exactly 10 digits",
    )


def test_negative_zero_fee_prints_as_zero(practice_data: dict[str, Any]) -> None:
    from kap_consent.models import Practice
    from kap_consent.templating import money

    practice_data["sessions"]["dosing"]["fee"] = -0.0
    fee = Practice.model_validate(practice_data).sessions.dosing.fee
    assert money(fee) == "$0"


def _with_logo(tmp_path: Path, write: Write, practice_data: dict[str, Any], logo: str) -> Path:
    practice_data["logo"] = logo
    return write(tmp_path, "practice.yaml", practice_data)


def test_png_header_followed_by_garbage_is_refused(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    practice = _with_logo(tmp_path, write, practice_data, "logo.png")
    client = write(tmp_path, "client.yaml", client_data)
    refused(
        validate(practice, client),
        f"{practice}: logo: the image is damaged; export the logo again as PNG",
    )


def test_truncated_png_is_refused(
    tmp_path: Path,
    write: Write,
    examples: Path,
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
) -> None:
    whole = (examples / "logo.png").read_bytes()
    (tmp_path / "logo.png").write_bytes(whole[: len(whole) // 2])
    practice = _with_logo(tmp_path, write, practice_data, "logo.png")
    client = write(tmp_path, "client.yaml", client_data)
    refused(
        validate(practice, client),
        f"{practice}: logo: the image is damaged; export the logo again as PNG",
    )


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_logo_that_is_a_pipe_or_device_does_not_hang(
    tmp_path: Path,
    write: Write,
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
    kind: str,
) -> None:
    if kind == "fifo":
        os.mkfifo(tmp_path / "logo.png")
        logo = "logo.png"
    else:
        logo = "/dev/zero"
    practice = _with_logo(tmp_path, write, practice_data, logo)
    client = write(tmp_path, "client.yaml", client_data)
    result = _within(5, lambda: validate(practice, client))
    refused(
        result,
        f"{practice}: logo: is not a saved image file; give the path of a PNG or JPEG file",
    )


def test_client_file_that_is_a_pipe_does_not_hang(
    tmp_path: Path, write: Write, practice_data: dict[str, Any]
) -> None:
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = tmp_path / "client.yaml"
    os.mkfifo(client)
    result = _within(5, lambda: validate(practice, client))
    refused(result, f"{client}: not a regular file; give the path of a saved file")


def test_oversized_input_is_refused_before_reading(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = tmp_path / "client.yaml"
    with client.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)

    def no_read(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    monkeypatch.setattr(Path, "read_text", no_read)
    refused(
        validate(practice, client),
        f"{client}: is 50.0 MB, larger than the {MAX_INPUT_BYTES // 1024 // 1024} MB limit for "
        "an input file; check that it is the right file",
    )


def _within(seconds: float, action: Callable[[], Result]) -> Result:
    """Run `action` in a thread; fail (instead of hanging the suite) if it does not finish."""
    box: list[Result] = []
    thread = threading.Thread(target=lambda: box.append(action()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"still running after {seconds} seconds"
    return box[0]
