"""The packaged wording stays readable, and scoring works with no network."""

from __future__ import annotations

import socket
import statistics

import pytest

from kap_consent.readability import score_document

from .packets import example_packets


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("client_id", ["CP-0001", "CP-0002", "CP-0003"])
def test_wording_within_target(client_id: str, no_network: None) -> None:
    scores = [score_document(d.composed) for d in example_packets()[client_id].documents]
    grades = {s.form_id: s.flesch_kincaid_grade for s in scores}
    assert max(grades.values()) <= 9.0, grades
    assert statistics.median(grades.values()) <= 8.0, grades
    assert all(s.words > 100 and s.sentences > 10 for s in scores)
    assert all(s.smog_grade > 0 for s in scores)


def test_scores_are_real_measurements(no_network: None) -> None:
    """A deliberately hard paragraph must score far above the packaged wording."""
    from dataclasses import replace

    doc = example_packets()["CP-0001"].documents[0].composed
    hard = (
        "Notwithstanding contraindications, pharmacokinetic variability necessitates "
        "individualized titration methodologies incorporating comprehensive physiological "
        "monitoring considerations."
    )
    section = replace(
        doc.sections[0],
        clauses=[replace(doc.sections[0].clauses[0], paragraphs=[hard] * 5, items=[], rows=[])],
    )
    heavy = replace(doc, intro=[], sections=[section], attestation=[])
    assert score_document(heavy).flesch_kincaid_grade > 15


def test_readability_command_prints_a_table_per_client(no_network: None) -> None:
    from typer.testing import CliRunner

    from kap_consent.cli import app

    from .packets import EXAMPLES

    result = CliRunner().invoke(
        app,
        [
            "readability",
            "--practice",
            str(EXAMPLES / "practice.yaml"),
            "--client",
            str(EXAMPLES / "clients.yaml"),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    for expected in ("CP-0001", "CP-0003", "KAP-IC", "KAP-ROI", "FK grade", "SMOG", "Minutes"):
        assert expected in result.stdout
    assert "KAP-SUP" in result.stdout.split("CP-0002", 1)[1]
