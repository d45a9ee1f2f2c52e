"""Writing packets as they are rendered: order, failures, progress, and what is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kap_consent.batch import PacketWriter, write_as_rendered
from kap_consent.errors import OutputError, TemplateError
from kap_consent.generate import Packet, RenderedDocument
from kap_consent.models import Client
from kap_consent.workers import Failure

from .packets import composed_documents


def _clients(*ids: str) -> list[Client]:
    return [Client.model_construct(id=client_id) for client_id in ids]


def _packet(client_id: str) -> Packet:
    composed = composed_documents(0)[0]
    document = RenderedDocument(composed, pdf=f"%PDF {client_id}".encode(), docx=b"PK docx")
    return Packet(client_id, [document], packet_pdf=b"%PDF packet")


def _writer(out: Path, recorded: list[str] | None = None, **kwargs: Any) -> PacketWriter:
    def record(packet: Packet, files: object) -> None:
        if recorded is not None:
            recorded.append(packet.client_id)

    return PacketWriter(out, force=False, stale={}, on_written=record, **kwargs)


def test_each_packet_is_written_in_order_and_kept_without_its_bytes(tmp_path: Path) -> None:
    out, recorded = tmp_path / "out", []
    clients = _clients("CP-0001", "CP-0002")
    results = [_packet("CP-0001"), _packet("CP-0002")]
    packets = write_as_rendered(clients, results, _writer(out, recorded))
    assert recorded == ["CP-0001", "CP-0002"]
    assert [(p.client_id, p.folder) for p in packets] == [
        ("CP-0001", out / "CP-0001"),
        ("CP-0002", out / "CP-0002"),
    ]
    assert packets[0].packet_pdf is None and packets[0].documents[0].pdf is None
    stem = composed_documents(0)[0].stem
    assert (out / "CP-0002" / f"{stem}.pdf").read_bytes() == b"%PDF CP-0002"
    assert (out / "CP-0002" / "packet.pdf").read_bytes() == b"%PDF packet"


def test_a_packet_is_on_disk_before_the_next_is_rendered(tmp_path: Path) -> None:
    out = tmp_path / "out"

    def rendered() -> Iterator[Packet]:
        yield _packet("CP-0001")
        assert (out / "CP-0001").is_dir()
        yield _packet("CP-0002")

    write_as_rendered(_clients("CP-0001", "CP-0002"), rendered(), _writer(out))
    assert (out / "CP-0002").is_dir()


def test_a_failed_client_gets_no_folder_and_the_others_are_written(tmp_path: Path) -> None:
    out, recorded = tmp_path / "out", []
    failure = Failure("CP-0002", "TemplateError", "KAP-MED (PDF) is missing a disclosure")
    results = [_packet("CP-0001"), failure, _packet("CP-0003")]
    with pytest.raises(TemplateError) as caught:
        write_as_rendered(
            _clients("CP-0001", "CP-0002", "CP-0003"), results, _writer(out, recorded)
        )
    assert str(caught.value) == (
        "CP-0002: KAP-MED (PDF) is missing a disclosure\n"
        f"No folder was written for CP-0002. Written: CP-0001 ({out / 'CP-0001'}), "
        f"CP-0003 ({out / 'CP-0003'}). Fix the problem, then run again (--only CP-0002)"
    )
    assert recorded == ["CP-0001", "CP-0003"]
    assert sorted(p.name for p in out.iterdir()) == ["CP-0001", "CP-0003"]


def test_clients_failing_the_same_way_are_named_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    results = [Failure(cid, "TemplateError", "KAP-IC: broken") for cid in ("CP-0001", "CP-0002")]
    with pytest.raises(TemplateError) as caught:
        write_as_rendered(_clients("CP-0001", "CP-0002"), results, _writer(out))
    assert str(caught.value) == (
        "CP-0001, CP-0002: KAP-IC: broken\nNothing was written. Fix the problem, then run again."
    )
    assert not out.exists()


def test_progress_advances_before_each_client_is_taken(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []

    def rendered() -> Iterator[Packet]:
        for client_id in ("CP-0001", "CP-0002"):
            assert seen[-1][0] == client_id
            yield _packet(client_id)

    clients = _clients("CP-0001", "CP-0002")
    write_as_rendered(clients, rendered(), _writer(tmp_path), lambda *a: seen.append(a))
    assert seen == [("CP-0001", 0, 2), ("CP-0002", 1, 2)]


def test_a_write_that_fails_stops_the_run_and_says_what_is_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "CP-0002").mkdir(parents=True)
    results = [_packet("CP-0001"), _packet("CP-0002"), _packet("CP-0003")]
    with pytest.raises(OutputError) as caught:
        write_as_rendered(_clients("CP-0001", "CP-0002", "CP-0003"), results, _writer(out))
    assert str(caught.value) == (
        f"{out / 'CP-0002'}: already exists; use --force to replace it.\n"
        f"Written: CP-0001 ({out / 'CP-0001'}).\n"
        "Not written: CP-0002, CP-0003. Fix the problem, then run again (with --force, to "
        "replace the packets that were written)"
    )
    assert not (out / "CP-0003").exists()


def test_leftovers_are_cleared_before_the_first_packet_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".CP-0009.ab12.partial").mkdir(parents=True)
    cleared: list[list[str]] = []
    writer = _writer(out, on_cleared=cleared.append)
    write_as_rendered(
        _clients("CP-0001", "CP-0002"), [_packet("CP-0001"), _packet("CP-0002")], writer
    )
    assert cleared == [["CP-0009"]]
    assert sorted(p.name for p in out.iterdir()) == ["CP-0001", "CP-0002"]
