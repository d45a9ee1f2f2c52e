"""The shared constrained types: NPI, phone, state, text, client ID."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from kap_consent.types import (
    NPI,
    ClientId,
    MultilineText,
    Phone,
    StateCode,
    Text,
    npi_check_digit_ok,
)


def reason(adapter: TypeAdapter[Any], value: Any) -> str:
    """Return the one validation message for `value`."""
    with pytest.raises(ValidationError) as info:
        adapter.validate_python(value)
    errors = info.value.errors()
    assert len(errors) == 1
    return str(errors[0]["msg"]).removeprefix("Value error, ")


# NPI


def test_npi_check_digit() -> None:
    assert npi_check_digit_ok("1234567893")
    assert not npi_check_digit_ok("1234567890")
    assert npi_check_digit_ok("1341672115")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_npi_exactly_one_check_digit_passes(first_nine: str) -> None:
    assert sum(npi_check_digit_ok(first_nine + d) for d in "0123456789") == 1


def test_npi_type() -> None:
    npi = TypeAdapter(NPI)
    assert npi.validate_python("1234567893") == "1234567893"
    assert (
        reason(npi, "1234567890")
        == "fails the NPI check digit; copy the number again from the NPI registry"
    )


@pytest.mark.parametrize("value", ["12345678a3", "123456789", "12345678931", "1234 567893", ""])
def test_npi_must_be_ten_digits(value: str) -> None:
    assert reason(TypeAdapter(NPI), value) == "is not an NPI; an NPI is exactly 10 digits"


# Phone

PHONE_HINT = "is not a 10-digit US phone number; write it like 555-123-4567"


@pytest.mark.parametrize(
    "value",
    [
        "503-555-0142",
        "(503) 555-0142",
        "503.555.0142",
        "5035550142",
        "+1 503 555 0142",
        "1-503-555-0142",
    ],
)
def test_phone_normalized(value: str) -> None:
    assert TypeAdapter(Phone).validate_python(value) == "503-555-0142"


@pytest.mark.parametrize("value", ["503-555-CALL", "503-555-014", "555-0142", "", "2-503-555-0142"])
def test_phone_rejected(value: str) -> None:
    assert reason(TypeAdapter(Phone), value) == PHONE_HINT


# State codes


@pytest.mark.parametrize(("value", "code"), [("OR", "OR"), ("wa", "WA"), (" ny ", "NY")])
def test_state_code_upper_cased(value: str, code: str) -> None:
    assert TypeAdapter(StateCode).validate_python(value) == code


@pytest.mark.parametrize("value", ["XX", "Oregon", ""])
def test_state_code_rejected(value: str) -> None:
    assert (
        reason(TypeAdapter(StateCode), value)
        == "is not a US state code; use two letters such as CA or NY"
    )


# Text

CONTROL_HINT = "contains a control character (such as a tab); remove it"


def test_text_strips_and_rejects_line_breaks() -> None:
    text = TypeAdapter(Text)
    assert text.validate_python("  Dana Rivera ") == "Dana Rivera"
    assert reason(text, "Dana\nRivera") == "must be on one line; remove the line break"
    assert reason(text, "Dana\rRivera") == "must be on one line; remove the line break"
    assert reason(text, "   ") == "String should have at least 1 character"


@pytest.mark.parametrize("value", ["Dana\x07Rivera", "Dana\tRivera"])
def test_text_rejects_control_characters(value: str) -> None:
    assert reason(TypeAdapter(Text), value) == CONTROL_HINT


def test_multiline_text_keeps_line_breaks() -> None:
    multiline = TypeAdapter(MultilineText)
    assert multiline.validate_python("2150 Alder Street\nPortland, OR") == (
        "2150 Alder Street\nPortland, OR"
    )
    assert multiline.validate_python("2150 Alder Street\r\nPortland, OR\n") == (
        "2150 Alder Street\nPortland, OR"
    )


@pytest.mark.parametrize("value", ["Suite\x07300", "Suite\t300", "Suite 300\n\tPortland", "a\x00b"])
def test_multiline_text_rejects_control_characters(value: str) -> None:
    assert reason(TypeAdapter(MultilineText), value) == CONTROL_HINT


# Client IDs

ID_HINT = (
    "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit "
    "(it names the output folder, so no spaces, dots or slashes)"
)


@pytest.mark.parametrize("value", ["CP-0001", "a", "client_7", "x" * 64])
def test_client_id_accepted(value: str) -> None:
    assert TypeAdapter(ClientId).validate_python(value) == value


@pytest.mark.parametrize(
    "value", ["../x", "/abs", "a/b", "a b", ".hidden", "-x", "", "CP-0001.", "x" * 65]
)
def test_client_id_rejected(value: str) -> None:
    assert reason(TypeAdapter(ClientId), value) == ID_HINT


@pytest.mark.parametrize("value", ["CON", "nul", "Com1", "LPT9", "aux", "PRN"])
def test_client_id_rejects_windows_device_names(value: str) -> None:
    assert (
        reason(TypeAdapter(ClientId), value)
        == "is a name Windows reserves for devices; choose another client ID"
    )
