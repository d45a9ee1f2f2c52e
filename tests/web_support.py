"""Shared helpers of the web tests: a test client on 127.0.0.1 and a filled client form."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from kap_consent.web import WebSettings, create_app

EXAMPLES = Path(__file__).parent.parent / "examples"

FORM = {
    "id": "CP-0100",
    "legal_name": "Robin Quill",
    "date_of_birth": "1980-03-04",
    "address": "12 Birch Lane\nPortland, OR 97202",
    "phone": "503-555-0190",
    "emergency_contact.name": "Sam Quill",
    "emergency_contact.relationship": "brother",
    "emergency_contact.phone": "503-555-0191",
    "insured_for_kap": "true",
    "plan.therapist": "rivera",
    "plan.prescriber": "okafor",
    "plan.settings": "office",
    "plan.preparation_sessions": "2",
    "plan.dosing_sessions": "3",
    "plan.integration_sessions": "3",
    "plan.medication_form": "troche",
    "plan.start_date": "2027-01-11",
}
"""An office-only client of the example practice (the tests' today is 2026-11-26)."""


def web_client(out: Path, practice: Path = EXAMPLES / "practice.yaml") -> TestClient:
    """Return a test client of the web page for the example practice, writing into `out`."""
    return TestClient(create_app(WebSettings(practice, out)), base_url="http://127.0.0.1")


def csrf(client: TestClient) -> str:
    """Return this client's CSRF token, as the pages put it in every form."""
    page = client.get("/client").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def beside(page: str, name: str) -> list[str]:
    """Return the problems the page shows beside the input `name`."""
    return re.findall(rf'<p class="problem" id="{re.escape(name)}-problem">([^<]*)</p>', page)
