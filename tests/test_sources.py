"""What a run reads before composing: inputs, templates and documents, loaded in one call."""

from __future__ import annotations

from pathlib import Path

import pytest

from kap_consent.errors import DataError
from kap_consent.sources import load_sources

from .packets import EXAMPLES


def test_sources_of_the_examples_compose_each_client_in_packet_order() -> None:
    sources = load_sources(EXAMPLES / "practice.yaml", EXAMPLES / "clients.yaml")
    assert [c.id for c in sources.clients] == ["CP-0001", "CP-0002", "CP-0003"]
    assert [d.number for d in sources.defs] == sorted(d.number for d in sources.defs)
    composed = list(sources.each_composed())
    assert [client.id for client, _ in composed] == sorted(client.id for client, _ in composed)
    fullest = [doc.form_id for client, doc in composed if client.id == "CP-0002"]
    assert fullest == [d.form_id for d in sources.defs if d.form_id in fullest]
    assert fullest[0] == "KAP-KEY"


def test_an_invalid_client_file_is_a_data_error(tmp_path: Path) -> None:
    clients = tmp_path / "clients.yaml"
    clients.write_text("clients: [{id: CP-1}]\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_sources(EXAMPLES / "practice.yaml", clients)
