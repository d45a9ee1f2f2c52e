"""The record: a private SQLite file, versioned schema, one row per document and per file."""

from __future__ import annotations

import importlib.metadata
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kap_consent import TemplateSet
from kap_consent.compose import ComposedDocument
from kap_consent.errors import RecordError
from kap_consent.fingerprint import wording_hash
from kap_consent.record import RECORD_NAME, RecordedFile, find_record, open_record, sha256
from kap_consent.record_schema import MIGRATIONS, migrate

from .packets import composed_documents

WHEN = datetime(2026, 11, 26, 14, 5, 9, tzinfo=UTC)


def composed(client_index: int = 0) -> list[ComposedDocument]:
    return composed_documents(client_index)


def files_of(docs: list[ComposedDocument]) -> dict[str, bytes]:
    files = {f"{d.stem}.pdf": f"pdf {d.form_id}".encode() for d in docs}
    return {**files, "packet.pdf": b"all of them"}


def test_created_owner_only_with_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / RECORD_NAME
    with open_record(path, create=True):
        pass
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(len(MIGRATIONS),)]


def test_reading_never_creates_a_record(tmp_path: Path) -> None:
    path = tmp_path / RECORD_NAME
    with pytest.raises(RecordError) as error, open_record(path, create=False):
        pass
    assert str(error.value) == (
        f"{path}: no record here; give the --out folder you rendered into, "
        "or --registry with the record file"
    )
    assert not path.exists()


def test_a_file_that_is_not_a_record(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"shopping list: " * 200)
    with pytest.raises(RecordError) as error, open_record(path, create=False):
        pass
    assert str(error.value) == (
        f"{path}: is not a kap-consent record (file is not a database); give the right --registry"
    )


def test_migrations_run_in_order_once_and_keep_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    first = ("CREATE TABLE things (name TEXT)",)
    second = (*first, "ALTER TABLE things ADD COLUMN size INTEGER DEFAULT 7")
    with sqlite3.connect(path) as db:
        migrate(db, path, first)
        db.execute("INSERT INTO things (name) VALUES ('kept')")
    with sqlite3.connect(path) as db:
        migrate(db, path, second)
        migrate(db, path, second)  # nothing left to apply: a second run changes nothing
        assert db.execute("SELECT name, size FROM things").fetchall() == [("kept", 7)]
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(2,)]


def test_a_record_from_a_newer_tool_is_refused(tmp_path: Path) -> None:
    path = tmp_path / RECORD_NAME
    with sqlite3.connect(path) as db:
        migrate(db, path, (*MIGRATIONS, "CREATE TABLE future (x TEXT)"))
    with pytest.raises(RecordError) as error, open_record(path, create=False):
        pass
    assert str(error.value) == (
        f"{path}: the record was written by a newer kap-consent (schema "
        f"{len(MIGRATIONS) + 1}, this one knows {len(MIGRATIONS)}); update kap-consent"
    )


def test_every_document_and_file_is_recorded(tmp_path: Path) -> None:
    docs, defs = composed(), TemplateSet().document_defs()
    files = files_of(docs)
    path = tmp_path / RECORD_NAME
    with open_record(path, create=True) as record:
        record.add_packet("CP-0001", docs, defs, files, WHEN)
    with open_record(path, create=False) as record:
        history = record.history("CP-0001")
        packet = record.file_documents(sha256(b"all of them"))
        one = record.file_documents(sha256(b"pdf KAP-FEE"))
        assert record.history("CP-0002") == []
        assert record.file_documents(sha256(b"something else")) is None
    assert [g.form_id for g in history] == [d.form_id for d in docs]
    fee = next(g for g in history if g.form_id == "KAP-FEE")
    fee_def = next(d for d in defs if d.form_id == "KAP-FEE")
    assert (fee.client_id, fee.version, fee.form_version, fee.facts_as_of) == (
        "CP-0001",
        fee_def.version,
        fee_def.version,
        fee_def.facts_as_of.isoformat(),
    )
    assert fee.doc_id == next(d.doc_id for d in docs if d.form_id == "KAP-FEE")
    assert fee.wording_hash == wording_hash(fee_def)
    assert fee.generated_at == "2026-11-26T14:05:09Z"
    assert fee.tool_version == importlib.metadata.version("kap-consent")
    assert fee.files == (RecordedFile("07-fees.pdf", sha256(b"pdf KAP-FEE")),)
    assert packet == ("packet.pdf", history)
    assert one == ("07-fees.pdf", [fee])


def test_latest_of_each_form_per_client(tmp_path: Path) -> None:
    first, second = composed(0), composed(1)
    defs = TemplateSet().document_defs()
    with open_record(tmp_path / RECORD_NAME, create=True) as record:
        record.add_packet("CP-0001", first, defs, files_of(first), WHEN)
        record.add_packet("CP-0002", second, defs, files_of(second), WHEN)
        ic = next(d for d in first if d.form_id == "KAP-IC")
        record.add_packet("CP-0001", [ic], defs, {f"{ic.stem}.pdf": b"new"}, WHEN)
        latest = record.latest()
        renamed = record.latest_file("CP-0001", f"{ic.stem}.pdf")
    assert len(latest) == len(first) + len(second)
    newest_ic = [g for g in latest if (g.client_id, g.form_id) == ("CP-0001", "KAP-IC")]
    assert [g.files for g in newest_ic] == [(RecordedFile(f"{ic.stem}.pdf", sha256(b"new")),)]
    assert renamed == newest_ic[0]


def test_find_record() -> None:
    assert find_record(Path("out"), None) == Path("out") / RECORD_NAME
    assert find_record(Path("out"), Path("r.sqlite")) == Path("r.sqlite")
    with pytest.raises(RecordError) as error:
        find_record(None, None)
    assert str(error.value) == (
        "say where the record is: --out DIR (the folder you rendered into) or --registry FILE"
    )


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    first = ("CREATE TABLE things (name TEXT)",)
    broken = (*first, "CREATE TABLE more (x TEXT); ALTER TABLE nowhere ADD COLUMN y")
    with sqlite3.connect(path) as db:
        migrate(db, path, first)
    with pytest.raises(RecordError) as error, sqlite3.connect(path) as db:
        migrate(db, path, broken)
    assert str(error.value) == (
        f"{path}: cannot update the record to schema 2 (no such table: nowhere); "
        "it was left as it was"
    )
    with sqlite3.connect(path) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        assert sorted(tables) == [("schema_version",), ("things",)]
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,)]


def test_a_packet_written_but_not_recorded_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    path = tmp_path / RECORD_NAME
    with open_record(path, create=True) as record:
        monkeypatch.setattr(record, "_add", disk_full)
        with pytest.raises(RecordError) as error:
            record.add_packet("CP-0001", [], [], {}, WHEN)
    assert str(error.value) == (
        f"{path}: the packet of CP-0001 was written but could not be recorded "
        "(database or disk is full); render it again with --force once the record can be written"
    )


def test_a_damaged_record_is_reported_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / RECORD_NAME
    with open_record(path, create=True):
        pass
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE documents DROP COLUMN text_hash")
    with pytest.raises(RecordError) as error, open_record(path, create=False) as record:
        record.history("CP-0001")
    assert str(error.value) == (
        f"{path}: cannot read the record (no such column: d.text_hash); give the right --registry"
    )
