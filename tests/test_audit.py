"""Questions to the record: verify a file or a printed ID, the re-consent list, a history."""

from __future__ import annotations

import functools
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kap_consent import TemplateSet, build_packet, load_clients, load_practice
from kap_consent.audit import (
    client_history,
    find_document,
    find_outdated,
    printed_doc_id,
    verify_file,
)
from kap_consent.clock import today
from kap_consent.errors import RecordError
from kap_consent.fingerprint import printed_version
from kap_consent.generate import Packet
from kap_consent.record import RECORD_NAME, open_record
from kap_consent.templating import packaged_dir

from .packets import EXAMPLES, FIXED_EPOCH, composed_documents

WHEN = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
FEE = next(d.version for d in TemplateSet().document_defs() if d.form_id == "KAP-FEE")
CLIENTS = ("CP-0001", "CP-0002", "CP-0003")


@functools.cache
def fee_packet() -> Packet:
    """Return CP-0001's fee acknowledgment rendered as PDF and DOCX (once per session)."""
    practice = load_practice(EXAMPLES / "practice.yaml")
    client = load_clients(EXAMPLES / "clients.yaml", practice, today())[0]
    templates = TemplateSet()
    defs = [d for d in templates.document_defs() if d.form_id == "KAP-FEE"]
    return build_packet(practice, client, templates, defs)


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write CP-0001's fee packet as `out/CP-0001/...` and record it; return `out`."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    packet = fee_packet()
    out = tmp_path / "out"
    (out / "CP-0001").mkdir(parents=True)
    files = packet.files()
    for name, data in files.items():
        (out / "CP-0001" / name).write_bytes(data)
    defs = TemplateSet().document_defs()
    with open_record(out / RECORD_NAME, create=True) as record:
        record.add_packet("CP-0001", [d.composed for d in packet.documents], defs, files, WHEN)
    return out


def record_examples(path: Path, templates_dir: Path | None = None) -> None:
    """Record every example client's packet as composed with `templates_dir` (fake file bytes)."""
    defs = TemplateSet(templates_dir).document_defs()
    with open_record(path, create=True) as record:
        for index, client_id in enumerate(CLIENTS):
            docs = composed_documents(index, templates_dir)
            assert {d.client_id for d in docs} == {client_id}
            files = {f"{d.stem}.pdf": f"{client_id} {d.doc_id}".encode() for d in docs}
            record.add_packet(client_id, docs, defs, files, WHEN)


@pytest.mark.parametrize("name", ["07-fees.pdf", "07-fees.docx"])
def test_a_file_as_generated(written: Path, name: str) -> None:
    check = verify_file(written / "CP-0001" / name, written / RECORD_NAME)
    assert (check.status, check.recorded_name) == ("exact", name)
    [doc] = check.documents
    assert (doc.client_id, doc.form_id, doc.version) == ("CP-0001", "KAP-FEE", FEE)
    assert doc.doc_id == fee_packet().documents[0].composed.doc_id
    assert doc.generated_at == "2026-11-26T09:30:00Z"


def test_the_combined_packet_names_every_document(written: Path) -> None:
    check = verify_file(written / "CP-0001" / "packet.pdf", written / RECORD_NAME)
    assert check.status == "exact"
    assert [d.form_id for d in check.documents] == ["KAP-FEE"]


@pytest.mark.parametrize("name", ["07-fees.pdf", "07-fees.docx"])
def test_one_byte_changed_in_place(written: Path, name: str) -> None:
    path = written / "CP-0001" / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    check = verify_file(path, written / RECORD_NAME)
    assert check.status == "changed"
    assert [(d.client_id, d.form_id) for d in check.documents] == [("CP-0001", "KAP-FEE")]


@pytest.mark.parametrize("name", ["07-fees.pdf", "07-fees.docx"])
def test_a_changed_copy_elsewhere_is_found_by_its_printed_id(
    written: Path, tmp_path: Path, name: str
) -> None:
    """A scanned-then-edited or re-saved copy keeps the document ID printed in its footer."""
    copy = tmp_path / f"signed{Path(name).suffix}"
    shutil.copy(written / "CP-0001" / name, copy)
    if name.endswith(".pdf"):
        with copy.open("ab") as handle:
            handle.write(b"\n% saved again by a PDF editor\n")
    else:
        shutil.make_archive(str(tmp_path / "rezipped"), "zip", _unzip(copy, tmp_path / "x"))
        shutil.move(tmp_path / "rezipped.zip", copy)
    doc_id = fee_packet().documents[0].composed.doc_id
    assert printed_doc_id(copy.read_bytes()) == doc_id
    check = verify_file(copy, written / RECORD_NAME)
    assert check.status == "changed"
    assert [d.doc_id for d in check.documents] == [doc_id]


def _unzip(path: Path, folder: Path) -> Path:
    shutil.unpack_archive(path, folder, "zip")
    return folder


def test_a_file_the_record_does_not_know(written: Path, tmp_path: Path) -> None:
    stranger = tmp_path / "notes.pdf"
    stranger.write_bytes(b"%PDF-1.7 not ours")
    check = verify_file(stranger, written / RECORD_NAME)
    assert (check.status, check.documents) == ("unknown", [])


def test_a_file_that_cannot_be_read(written: Path) -> None:
    missing = written / "CP-0001" / "nope.pdf"
    with pytest.raises(RecordError) as error:
        verify_file(missing, written / RECORD_NAME)
    assert (
        str(error.value) == f"{missing}: cannot read it (No such file or directory); check the path"
    )


@pytest.mark.parametrize("typed", ["{id}", "{lower}", "{bare}", " {id} "])
def test_document_id_as_typed_from_a_page(written: Path, typed: str) -> None:
    doc_id = fee_packet().documents[0].composed.doc_id
    text = typed.format(id=doc_id, lower=doc_id.lower(), bare=doc_id.replace("-", ""))
    [found] = find_document(text, written / RECORD_NAME)
    assert (found.doc_id, found.client_id, found.form_id) == (doc_id, "CP-0001", "KAP-FEE")


def test_document_id_not_recorded_and_malformed(written: Path) -> None:
    assert find_document("00000-00000", written / RECORD_NAME) == []
    with pytest.raises(RecordError) as error:
        find_document("CP-0001", written / RECORD_NAME)
    assert str(error.value) == (
        "--id CP-0001: a document ID is 10 letters and digits as printed, e.g. 3F2A9-C41B0"
    )


def test_nobody_outdated_with_the_wording_they_were_given(tmp_path: Path) -> None:
    record_examples(tmp_path / RECORD_NAME)
    assert find_outdated(tmp_path / RECORD_NAME) == []


def _override_clause(folder: Path, form_id: str, clause_id: str, text: str) -> Path:
    path = folder / "clauses" / form_id / f"{clause_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return folder


def test_changed_wording_lists_everyone_given_that_form(tmp_path: Path) -> None:
    record_examples(tmp_path / RECORD_NAME)
    templates = _override_clause(tmp_path / "t", "KAP-FEE", "no-guarantee", "No promise.")
    found = find_outdated(tmp_path / RECORD_NAME, templates)
    now = TemplateSet(templates)
    fee = next(d for d in now.document_defs() if d.form_id == "KAP-FEE")
    assert [(o.given.client_id, o.given.form_id, o.given.version) for o in found] == [
        ("CP-0001", "KAP-FEE", FEE),
        ("CP-0002", "KAP-FEE", FEE),
        ("CP-0003", "KAP-FEE", FEE),
    ]
    assert {(o.current_version, o.reason) for o in found} == {
        (printed_version(now, fee), "wording changed")
    }


def test_only_the_latest_document_of_a_form_counts(tmp_path: Path) -> None:
    templates = _override_clause(tmp_path / "t", "KAP-FEE", "no-guarantee", "No promise.")
    record_examples(tmp_path / RECORD_NAME)
    record_examples(tmp_path / RECORD_NAME, templates)  # everyone signed the new wording
    assert find_outdated(tmp_path / RECORD_NAME, templates) == []
    back = find_outdated(tmp_path / RECORD_NAME)  # the practice drops its override again
    assert [(o.given.client_id, o.reason) for o in back] == [
        ("CP-0001", "wording changed"),
        ("CP-0002", "wording changed"),
        ("CP-0003", "wording changed"),
    ]
    assert {o.current_version for o in back} == {FEE}


def test_a_new_version_of_a_form(tmp_path: Path) -> None:
    record_examples(tmp_path / RECORD_NAME)
    source = (packaged_dir() / "documents" / "KAP-IC.yaml").read_text(encoding="utf-8")
    (tmp_path / "t" / "documents").mkdir(parents=True)
    (tmp_path / "t" / "documents" / "KAP-IC.yaml").write_text(
        re.sub(r'(?m)^version: ".*"$', 'version: "9.0"', source), encoding="utf-8"
    )
    found = find_outdated(tmp_path / RECORD_NAME, tmp_path / "t")
    assert [(o.given.client_id, o.given.form_id, o.reason) for o in found] == [
        ("CP-0001", "KAP-IC", "new version 9.0"),
        ("CP-0002", "KAP-IC", "new version 9.0"),
        ("CP-0003", "KAP-IC", "new version 9.0"),
    ]
    assert found[0].current_version.startswith("9.0+local.")


def test_a_layout_change_alone_asks_nobody_to_sign_again(tmp_path: Path) -> None:
    record_examples(tmp_path / RECORD_NAME)
    (tmp_path / "t" / "layout").mkdir(parents=True)
    (tmp_path / "t" / "layout" / "print.css").write_text("body { margin: 0 }", encoding="utf-8")
    assert find_outdated(tmp_path / RECORD_NAME, tmp_path / "t") == []


def test_history_of_one_client(tmp_path: Path) -> None:
    record_examples(tmp_path / RECORD_NAME)
    history = client_history("CP-0002", tmp_path / RECORD_NAME)
    assert [g.form_id for g in history] == [d.form_id for d in composed_documents(1)]
    assert {"KAP-IC", "KAP-FEE", "KAP-SUP"} <= {g.form_id for g in history}
    assert {g.client_id for g in history} == {"CP-0002"}
    assert client_history("CP-9999", tmp_path / RECORD_NAME) == []


def test_a_fee_change_in_the_practice_file(tmp_path: Path) -> None:
    record_examples(tmp_path / RECORD_NAME)
    examples = shutil.copytree(EXAMPLES, tmp_path / "examples")
    inputs = (examples / "practice.yaml", examples / "clients.yaml")
    assert find_outdated(tmp_path / RECORD_NAME, None, inputs) == []
    practice = inputs[0].read_text(encoding="utf-8")
    assert practice.count("fee: 550") == 1
    inputs[0].write_text(practice.replace("fee: 550", "fee: 600"), encoding="utf-8")
    found = find_outdated(tmp_path / RECORD_NAME, None, inputs)
    printing_the_fee = [
        (client_id, d.form_id)
        for index, client_id in enumerate(CLIENTS)
        for d in composed_documents(index)
        if any("$550" in text for text in d.body_text())
    ]
    assert ("CP-0001", "KAP-FEE") in printing_the_fee
    assert [(o.given.client_id, o.given.form_id) for o in found] == printing_the_fee
    assert {o.reason for o in found} == {"data changed"}


def test_a_layout_change_with_the_data_still_asks_nobody(tmp_path: Path) -> None:
    record_examples(tmp_path / RECORD_NAME)
    (tmp_path / "t" / "layout").mkdir(parents=True)
    (tmp_path / "t" / "layout" / "print.css").write_text("body { margin: 0 }", encoding="utf-8")
    inputs = (EXAMPLES / "practice.yaml", EXAMPLES / "clients.yaml")
    assert find_outdated(tmp_path / RECORD_NAME, tmp_path / "t", inputs) == []
