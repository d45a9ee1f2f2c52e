"""Property tests: any valid practice and client prints exactly in both formats; any character
the fonts lack, and any invalid input, is refused with exit code 2 and nothing written.

A DOCX's text is compared exactly. A PDF's text is read back from its glyphs, which loses what
the glyphs do not record, so it is compared after NFKC normalization, without whitespace or
invisible (default-ignorable) characters, and not for text with combining marks (see
test_text_with_combining_marks_renders).
"""

from __future__ import annotations

import copy
import functools
import io
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from kap_consent import TemplateSet, build_packet, load_clients, load_practice, select_documents
from kap_consent.cli import app
from kap_consent.clock import today
from kap_consent.errors import DataError
from kap_consent.extract import docx_paragraphs, pdf_pages
from kap_consent.glyphs import covered, glyph_problem
from kap_consent.types import npi_check_digit_ok

from .conftest import ready_for_home, write_data

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # the data fixtures are copied, never kept
    ],
)
QUICK = settings(SETTINGS, max_examples=30)
IGNORABLE = frozenset(
    [
        *(0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFEFF, 0xFFA0),
        *range(0x180B, 0x1810),
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        *range(0xFE00, 0xFE10),
        *range(0xFFF0, 0xFFF9),
    ]
)
"""Unicode's default-ignorable code points in the fonts' range: never drawn, so never read back."""
RIGHT_TO_LEFT = frozenset({"R", "AL"})
LEFT_TO_RIGHT = frozenset({"L", "EN", "ES", "ET", "CS", "ON"})
RTL_BLOCKS = [(0x0590, 0x0900), (0xFB1D, 0xFE00), (0xFE70, 0xFF00)]
"""Hebrew and Arabic blocks: their neutral signs (such as U+FB29) still read back reordered."""


def _visible(char: str) -> bool:
    return ord(char) not in IGNORABLE and unicodedata.category(char)[0] in "LNPS"


@functools.cache
def _pools() -> dict[str, list[str]]:
    """Printable characters by kind: left-to-right, right-to-left letters, combining marks."""
    chars = [chr(c) for c in sorted(covered()) if c > 0x20 and not 0xE000 <= c <= 0xF8FF]
    ltr = [
        c
        for c in chars
        if _visible(c)
        and unicodedata.bidirectional(c) in LEFT_TO_RIGHT
        and not any(low <= ord(c) < high for low, high in RTL_BLOCKS)
    ]
    return {
        "ltr": ltr,
        "rtl": [c for c in chars if unicodedata.category(c) == "Lo" and _rtl(c)],
        "marks": [c for c in chars if 0x300 <= ord(c) < 0x370 and unicodedata.category(c) == "Mn"],
    }


def _rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in RIGHT_TO_LEFT and ord(char) < 0xFB00


def _scripts() -> st.SearchStrategy[str]:
    """One left-to-right character, spread over scripts rather than drowned in CJK."""
    ltr = _pools()["ltr"]
    bands = [(0x21, 0x250), (0x370, 0x530), (0x1E00, 0x2000), (0x2000, 0x3000), (0x3000, 0xFB00)]
    strategies = [st.sampled_from([c for c in ltr if low <= ord(c) < high]) for low, high in bands]
    return st.one_of(*strategies, st.sampled_from([c for c in ltr if ord(c) >= 0xFB00]))


@st.composite
def ltr_word(draw: st.DrawFn, marks: bool = False) -> str:
    """A word of any left-to-right characters; with `marks`, letters may carry combining marks."""
    parts = []
    for char in draw(st.lists(_scripts(), min_size=1, max_size=10)):
        parts.append(char)
        if marks and unicodedata.category(char).startswith("L") and draw(st.integers(0, 3)) == 0:
            parts.append(draw(st.sampled_from(_pools()["marks"])))
    return "".join(parts)


@st.composite
def names(draw: st.DrawFn, marks: bool = False) -> str:
    """A name: left-to-right words, or letters-only words of both directions mixed."""
    if marks or draw(st.booleans()):
        return " ".join(draw(st.lists(ltr_word(marks), min_size=1, max_size=4)))
    letters = [c for c in _pools()["ltr"] if unicodedata.bidirectional(c) == "L"]
    word = st.one_of(
        st.text(st.sampled_from(letters), min_size=1, max_size=8),
        st.text(st.sampled_from(_pools()["rtl"]), min_size=1, max_size=8),
    )
    return " ".join(draw(st.lists(word, min_size=1, max_size=4)))


def flat(text: str) -> str:
    """A PDF's text as it can be compared: NFKC, no whitespace, no invisible characters."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and ord(c) not in IGNORABLE)


def printed(value: str, page: str) -> bool:
    """Return whether `value` is in a page's flat text.

    Text extraction does not undo the bidirectional algorithm: punctuation the template puts
    next to a right-to-left word can come back on its other side. So a value with right-to-left
    letters (whose words are all letters) is checked word by word.
    """
    if not any(_rtl(c) for c in value):
        return flat(value) in page
    return all(flat(word) in page for word in value.split())


def _files(folder: Path, practice: dict[str, Any], client: dict[str, Any]) -> tuple[Path, Path]:
    return write_data(folder, "practice.yaml", practice), write_data(folder, "client.yaml", client)


def _valid(
    practice_data: dict[str, Any], client_data: dict[str, Any], texts: dict[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    practice, client = copy.deepcopy(practice_data), copy.deepcopy(client_data)
    practice.update(display_name=texts["practice"], address=f"{texts['street']}\n{texts['city']}")
    practice["clinicians"][0]["name"] = texts["therapist"]
    practice["prescribers"][0]["organization"] = texts["organization"]
    practice["telehealth"] = {"platform": texts["platform"], "backup_phone": "503-555-0142"}
    client.update(legal_name=texts["client"], address=f"{texts['street']}\n{texts['city']}")
    client["emergency_contact"].update(name=texts["contact"], relationship=texts["relationship"])
    client["support_person"] = {
        "name": texts["support"],
        "relationship": "friend",
        "phone": "503-555-0199",
    }
    ready_for_home(practice, client)
    return practice, client


FIELDS = ["practice", "street", "city", "therapist", "organization", "platform", "client"]
FIELDS += ["contact", "relationship", "support"]


def _render(
    practice_data: dict[str, Any], client_data: dict[str, Any], texts: dict[str, str]
) -> tuple[bytes, bytes]:
    """Write, load and render the emergency form; build_packet also checks every disclosure."""
    practice, client = _valid(practice_data, client_data, texts)
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_practice(_files(Path(folder), practice, client)[0])
        clients = load_clients(Path(folder) / "client.yaml", loaded, today())
    templates = TemplateSet()
    defs = select_documents(templates, ["KAP-EMER"])
    document = build_packet(loaded, clients[0], templates, defs).documents[0]
    return document.pdf or b"", document.docx or b""


def _assert_docx_exact(data: bytes, texts: dict[str, str]) -> None:
    header = docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    assert header == f"{texts['practice']}\t{texts['client']}"
    paragraphs = docx_paragraphs(data)
    for field in ("client", "contact", "support"):
        assert texts[field] in paragraphs
    assert f"{texts['street']}\n{texts['city']}" in paragraphs
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                etree.fromstring(archive.read(name))  # strict: raises on any broken XML


@SETTINGS
@given(texts=st.fixed_dictionaries({field: names() for field in FIELDS}))
def test_any_printable_text_renders_exactly(
    practice_data: dict[str, Any], client_data: dict[str, Any], texts: dict[str, str]
) -> None:
    pdf, data = _render(practice_data, client_data, texts)
    _assert_docx_exact(data, texts)
    pages = [flat(page) for page in pdf_pages(pdf)]
    assert all(printed(texts["client"], page) for page in pages)  # every page's header
    body = "".join(pages)
    for field in ("contact", "support", "street", "city", "therapist"):
        assert printed(texts[field], body), field


@settings(SETTINGS, max_examples=6)
@given(texts=st.fixed_dictionaries({field: names(marks=True) for field in FIELDS}))
def test_text_with_combining_marks_renders(
    practice_data: dict[str, Any], client_data: dict[str, Any], texts: dict[str, str]
) -> None:
    """Marks print (a mark no font has would stop the render) and the DOCX keeps them exactly.

    The PDF's text layer is not compared: WeasyPrint maps each glyph back to the first text it
    drew, so a letter drawn once with a mark and once without reads back wrong in one of them
    (Kozea/WeasyPrint#2841); what is printed on the page is right.
    """
    pdf, data = _render(practice_data, client_data, texts)
    _assert_docx_exact(data, texts)
    assert pdf.startswith(b"%PDF-")


@functools.cache
def _unprintable() -> list[str]:
    """Characters no packaged font has that reach the font check (controls are refused first)."""
    candidates = [*range(0x80, 0x3000), *range(0xA000, 0xAC00), *range(0xD7B0, 0xD800)]
    candidates += [*range(0xE000, 0xF900), *range(0x1F000, 0x1FB00), 0xE0001, 0x10FFFD]
    controls = {*range(0x80, 0xA0), 0x2028, 0x2029}
    return [chr(c) for c in candidates if c not in covered() and c not in controls]


@SETTINGS
@given(
    name=st.lists(ltr_word(), min_size=2, max_size=3).map(" ".join),
    char=st.sampled_from(_unprintable()),
    position=st.integers(1, 100),
)
def test_any_character_the_fonts_lack_is_refused_naming_the_field(
    practice_data: dict[str, Any], client_data: dict[str, Any], name: str, char: str, position: int
) -> None:
    at = 1 + position % (len(name) - 1)  # inside the name, where stripping cannot remove it
    client_data = copy.deepcopy(client_data)
    client_data["emergency_contact"]["name"] = name[:at] + char + name[at:]
    with tempfile.TemporaryDirectory() as folder:
        practice, client = _files(Path(folder), practice_data, client_data)
        with pytest.raises(DataError) as info:
            load_clients(client, load_practice(practice), today())
    assert info.value.problems == [f"{client}: emergency_contact.name: {glyph_problem([char])}"]


# Invalid input

TEXT_FIELDS = ["legal_name", "address", "phone", "emergency_contact.name", "plan.therapist"]
NUMBER_FIELDS = ["plan.dosing_sessions", "plan.preparation_sessions", "plan.integration_sessions"]
DATE_FIELDS = ["date_of_birth", "plan.start_date"]
KNOWN_KEYS = {"id", "legal_name", "preferred_name", "date_of_birth", "address", "phone", "email"}
KNOWN_KEYS |= {"emergency_contact", "support_person", "primary_care", "personal_representative"}
KNOWN_KEYS |= {"nearest_emergency_room", "plan"}

not_text = st.one_of(st.integers(), st.lists(st.integers(), max_size=2), st.just({"a": 1}))
not_count = st.one_of(
    st.integers(max_value=0), st.integers(min_value=51), st.text(min_size=1), st.just([1])
)
not_date = st.one_of(
    st.builds(
        "{}-{:02d}-{:02d}".format, st.integers(1900, 2100), st.integers(13, 99), st.integers(1, 28)
    ),
    st.builds(
        "{}-{:02d}-{:02d}".format, st.integers(1900, 2100), st.integers(1, 12), st.integers(32, 99)
    ),
    st.builds(
        "{}-02-{}".format, st.sampled_from([2025, 2026, 2027]), st.sampled_from([29, 30, 31])
    ),
    st.text(st.characters(codec="ascii", categories=["L", "N", "P"]), min_size=1, max_size=12),
)
bad_npi = st.from_regex(r"\A[0-9]{10}\Z").filter(
    lambda n: not npi_check_digit_ok(n)
) | st.from_regex(r"\A[0-9]{1,9}\Z")


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for parent in parents:
        data = data[parent]
    data[name] = value


@st.composite
def broken(draw: st.DrawFn, client: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return (what was broken, client data) with one or more definite errors."""
    client = copy.deepcopy(client)
    kinds = draw(
        st.lists(st.sampled_from(["type", "count", "key", "date"]), min_size=1, max_size=3)
    )
    for kind in kinds:
        if kind == "type":
            _set(client, draw(st.sampled_from(TEXT_FIELDS)), draw(not_text))
        elif kind == "count":
            _set(client, draw(st.sampled_from(NUMBER_FIELDS)), draw(not_count))
        elif kind == "date":
            _set(client, draw(st.sampled_from(DATE_FIELDS)), draw(not_date))
        else:
            key = draw(st.from_regex(r"\A[a-z_]{1,12}\Z").filter(lambda k: k not in KNOWN_KEYS))
            client[key] = draw(st.one_of(st.integers(), st.text(max_size=5)))
    return ",".join(kinds), client


@QUICK
@given(data=st.data(), suffix=st.sampled_from([".yaml", ".json", ".toml"]))
def test_any_invalid_client_exits_2_and_writes_nothing(
    practice_data: dict[str, Any], client_data: dict[str, Any], data: st.DataObject, suffix: str
) -> None:
    _, client = data.draw(broken(client_data))
    with tempfile.TemporaryDirectory() as folder:
        practice_file = write_data(Path(folder), "practice.yaml", practice_data)
        client_file = write_data(Path(folder), f"client{suffix}", client)
        out = Path(folder) / "out"
        result = CliRunner().invoke(
            app,
            [
                "render",
                "--practice",
                str(practice_file),
                "--client",
                str(client_file),
                "--out",
                str(out),
            ],
        )
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("Invalid input (")
        assert "Traceback" not in result.output
        assert not out.exists()
        assert sorted(p.name for p in Path(folder).iterdir()) == sorted(
            ["practice.yaml", f"client{suffix}"]
        )


@settings(QUICK, max_examples=15)
@given(
    npi=bad_npi,
    phone=st.text(st.characters(codec="ascii", categories=["L"]), min_size=1, max_size=8),
)
def test_any_invalid_practice_exits_2_and_writes_nothing(
    practice_data: dict[str, Any], client_data: dict[str, Any], npi: str, phone: str
) -> None:
    practice = copy.deepcopy(practice_data)
    practice["prescribers"][0]["npi"] = npi
    practice["phone"] = phone
    with tempfile.TemporaryDirectory() as folder:
        practice_file, client_file = _files(Path(folder), practice, client_data)
        out = Path(folder) / "out"
        result = CliRunner().invoke(
            app,
            [
                "render",
                "--practice",
                str(practice_file),
                "--client",
                str(client_file),
                "--out",
                str(out),
            ],
        )
        assert result.exit_code == 2, result.output
        assert f"{practice_file}: prescribers[0].npi: " in result.stderr
        assert f"{practice_file}: phone: " in result.stderr
        assert not out.exists()
