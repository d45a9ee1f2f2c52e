"""The example packets, read back from PDF and DOCX, follow the rules' data.

Only the licenses that cover a client's states print; home plans print the crisis plan and
the prescriber's own numbers; office-only plans print neither.
"""

from __future__ import annotations

import pytest

from kap_consent.extract import docx_text, normalize, pdf_text

from .packets import example_packets

ALL_LICENSES = {
    "PSY-3172": "OR",  # rivera
    "PY-61234567": "WA",  # rivera
    "MD-204417": "OR",  # okafor
    "MD60987654": "WA",  # okafor
    "NP-88120": "OR",  # lindqvist
}
STATES = {"CP-0001": {"OR"}, "CP-0002": {"OR", "WA"}, "CP-0003": {"OR"}}
CLINICIANS = {"CP-0001": "lindqvist", "CP-0002": "okafor", "CP-0003": "okafor"}
PRESCRIBER_NUMBERS = {"okafor": ["MD-204417", "MD60987654"], "lindqvist": ["NP-88120"]}
HOME = {"CP-0002", "CP-0003"}


def _texts(client_id: str) -> dict[str, str]:
    """Return each format's whole packet text, whitespace folded."""
    docs = example_packets()[client_id].documents
    return {
        "pdf": normalize(" ".join(pdf_text(d.pdf or b"") for d in docs)),
        "docx": normalize(" ".join(docx_text(d.docx or b"") for d in docs)),
    }


@pytest.mark.parametrize("client_id", sorted(STATES))
def test_only_licenses_that_cover_the_clients_states(client_id: str) -> None:
    prescriber = CLINICIANS[client_id]
    for fmt, text in _texts(client_id).items():
        for number, state in ALL_LICENSES.items():
            is_therapist = number in ("PSY-3172", "PY-61234567")
            ours = is_therapist or number in PRESCRIBER_NUMBERS[prescriber]
            expected = ours and state in STATES[client_id]
            assert (number in text) == expected, (fmt, number)


@pytest.mark.parametrize("client_id", sorted(STATES))
def test_crisis_plan_and_home_numbers_only_for_home_plans(client_id: str) -> None:
    home = client_id in HOME
    for fmt, text in _texts(client_id).items():
        assert ("cannot reach you or your support person during a home session" in text) == home
        assert ("Step 4: Your therapist then tells your prescriber what happened." in text) == home
        assert "KAP is not crisis care or emergency care." in text, fmt
        assert "Your mood can dip for a day or two after a session." in text, fmt
        if home:
            assert "Do not dose if your blood pressure is above 160/90." in text, fmt
            assert "Do not dose if your heart rate is over 100 beats a minute." in text, fmt
            assert "you check them yourself with an automatic upper-arm blood-pressure" in text
        else:
            assert "Your prescriber will tell you when to stop eating before a dose." in text
            assert "160/90" not in text, fmt
