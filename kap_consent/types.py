"""Constrained field types shared by every model: one definition each."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

US_STATES = frozenset(
    (
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
        "NV NH NJ NM NY NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA VI WA WV WI WY GU AS MP"
    ).split()
)
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters (C0 and C1, but not the line break) and the Unicode line separators."""
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates: they reorder the printed letters of a value."""


def _no_control(value: str) -> str:
    value = value.replace("\r\n", "\n").strip()
    if _CONTROL.search(value):
        raise ValueError("contains a control character (such as a tab); remove it")
    bidi = _BIDI.search(value)
    if bidi:
        raise ValueError(
            f"contains a text-direction control character (U+{ord(bidi.group()):04X}) that "
            "would reorder the printed letters; remove it"
        )
    if not any(not c.isspace() and unicodedata.category(c) != "Cf" for c in value):
        raise ValueError("has no visible characters; fill it in")
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be on one line; remove the line break")
    return _no_control(value)


def _state(value: str) -> str:
    code = value.strip().upper()
    if code not in US_STATES:
        raise ValueError("is not a US state code; use two letters such as CA or NY")
    return code


def _phone(value: str) -> str:
    # Only the digits 0-9: other scripts' digits (Arabic-Indic, fullwidth) would print as typed.
    digits = re.sub(r"[^0-9]", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or value.strip() == "" or re.search(r"[^0-9 ().+-]", value):
        raise ValueError("is not a 10-digit US phone number; write it like 555-123-4567")
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def npi_check_digit_ok(npi: str) -> bool:
    """Return True when a 10-digit NPI passes the Luhn check with the 80840 prefix."""
    total = 24  # the 80840 prefix contributes 24 to the Luhn sum
    for index, char in enumerate(reversed(npi[:9])):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])


def _npi(value: str) -> str:
    if not re.fullmatch(r"[0-9]{10}", value):
        raise ValueError("is not an NPI; an NPI is exactly 10 digits")
    if not npi_check_digit_ok(value):
        raise ValueError("fails the NPI check digit; copy the number again from the NPI registry")
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", value):
        raise ValueError("is not an email address; write it like name@example.com")
    return value


TEXT_MAX = 200
"""The longest one-line value (a title, a license type, one step of the crisis plan)."""
NAME_MAX = 120
"""The longest name the running header of every page can hold (wrapped, in smaller type)."""
MULTILINE_MAX = 2000
"""The longest free text (an address, a policy): about a third of a printed page."""
CITATION_MAX = 500
"""The longest reference citation (authors, title, journal and a DOI or web address)."""
EMAIL_MAX = 254
"""The longest email address the mail standards allow (RFC 5321)."""
ITEMS_MAX = 50
"""The most entries of any list (clinicians, licenses, fees...): more than a practice has."""
STATES_MAX = len(US_STATES)
"""The most entries of a list of states: every state code once."""

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX),
    AfterValidator(_single_line),
]
"""One line of text, not empty, at most TEXT_MAX characters."""

Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX),
    AfterValidator(_single_line),
]
"""A name printed in the running header of every page: one line of text, at most NAME_MAX."""

MultilineText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MULTILINE_MAX),
    AfterValidator(_no_control),
]
"""Free text that may span lines (addresses, policies), at most MULTILINE_MAX characters."""

Citation = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=CITATION_MAX),
    AfterValidator(_single_line),
]
"""One reference citation on one line, at most CITATION_MAX characters."""


def _not_true_or_false(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("is true or false, not an amount; write a number such as 250 or 99.50")
    return value


def _whole_cents(value: float) -> float:
    if abs(value * 100 - round(value * 100)) > 1e-6:
        raise ValueError("has a fraction of a cent; round it to whole cents, such as 99.50")
    return value + 0.0  # -0.0 becomes 0.0, which prints as $0


Money = Annotated[
    float,
    Field(ge=0, le=1_000_000, allow_inf_nan=False),
    BeforeValidator(_not_true_or_false),
    AfterValidator(_whole_cents),
]
"""An amount in US dollars: a real number (not NaN or infinity) in whole cents, at most a
million."""


def _not_a_number(value: Any) -> Any:
    """Refuse a number given for a date field, which pydantic would read as Unix seconds."""
    if isinstance(value, int | float):
        raise ValueError("is a number, not a date; write a real date as YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_not_a_number)]
"""A calendar date written YYYY-MM-DD (a number is refused, not read as Unix seconds)."""


StateCode = Annotated[str, AfterValidator(_state)]
Phone = Annotated[str, AfterValidator(_phone)]
NPI = Annotated[str, AfterValidator(_npi)]
Email = Annotated[str, StringConstraints(max_length=EMAIL_MAX), AfterValidator(_email)]

_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)]
)


def _client_id(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", value):
        raise ValueError(
            "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit "
            "(it names the output folder, so no spaces, dots or slashes)"
        )
    if value.upper() in _WINDOWS_RESERVED:
        raise ValueError("is a name Windows reserves for devices; choose another client ID")
    return value


ClientId = Annotated[str, AfterValidator(_client_id)]
"""A client ID that is safe as a folder and file name on every system."""

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
"""A short lowercase key that other records use to refer to this one."""
