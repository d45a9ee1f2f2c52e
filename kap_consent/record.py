"""The record of what was given: an embedded SQLite file, one row per document and per file.

It holds client IDs, form IDs, versions, wording hashes, dates and file hashes, never a name,
a birth date or any other client detail. The file is created owner-only (0600); its schema
is versioned and brought up to date by record_schema.py.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import __version__
from .compose import ComposedDocument
from .content import DocumentDef
from .errors import RecordError
from .fingerprint import wording_hash
from .record_schema import migrate

RECORD_NAME = "kap-consent-record.sqlite"
"""The record's file name inside the output folder (a client ID cannot contain a dot)."""


@dataclass(frozen=True)
class RecordedFile:
    """One written file: its name in the client's folder and the SHA-256 of its bytes."""

    name: str
    sha256: str


@dataclass(frozen=True)
class GivenDocument:
    """One document as the record holds it."""

    client_id: str
    doc_id: str
    form_id: str
    title: str
    version: str
    """As printed, e.g. `1.0` or `1.0+local.3f2a9c41`."""
    form_version: str
    """The form's own version, without the local suffix."""
    wording_hash: str
    text_hash: str
    """SHA-256 of the text as printed for this client (changes with practice or client data)."""
    facts_as_of: str
    generated_at: str
    """UTC, ISO 8601: `2026-11-26T14:05:09Z`."""
    tool_version: str
    files: tuple[RecordedFile, ...]


def sha256(data: bytes) -> str:
    """Return the SHA-256 of `data` as hex."""
    return hashlib.sha256(data).hexdigest()


def text_hash(doc: ComposedDocument) -> str:
    """Return the SHA-256 of a document's printed text, version left out (a layout change)."""
    digest = hashlib.sha256()
    for part in [doc.form_id, doc.client_id, *doc.body_text()]:
        digest.update(part.encode("utf-8") + b"\x00")
    return digest.hexdigest()


def find_record(out_dir: Path | None, registry: Path | None) -> Path:
    """Return the record's path from --registry, else inside --out; one of them is needed."""
    if registry is not None:
        return registry
    if out_dir is not None:
        return out_dir / RECORD_NAME
    raise RecordError(
        "say where the record is: --out DIR (the folder you rendered into) or --registry FILE"
    )


def check_record(path: Path) -> None:
    """Fail before any packet is written if the record could not be opened or created.

    A missing record is not created here: a run that writes nothing leaves nothing behind.
    """
    if path.exists():
        with open_record(path, create=False):
            return
    existing = path.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise RecordError(
            f"{path}: cannot create the record there (no permission); choose another --registry"
        )


@contextmanager
def open_record(path: Path, *, create: bool) -> Iterator[Record]:
    """Open (and with `create`, make) the record, bring its schema up to date, close it after."""
    if not path.exists():
        if not create:
            raise RecordError(
                f"{path}: no record here; give the --out folder you rendered into, "
                "or --registry with the record file"
            )
        _create_private(path)
    try:
        connection = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise RecordError(f"{path}: cannot open the record ({exc}); check the path") from None
    try:
        migrate(connection, path)
        yield Record(connection, path)
    finally:
        connection.close()


def _create_private(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise RecordError(
            f"{path}: cannot create the record ({exc.strerror}); choose another --registry"
        ) from None


_SELECT = """
    SELECT d.id, p.client_id, d.doc_id, d.form_id, d.title, d.version, d.form_version,
           d.wording_hash, d.text_hash, d.facts_as_of, p.generated_at, p.tool_version
    FROM documents d JOIN packets p ON p.id = d.packet_id
"""


class Record:
    """An open record: add what was given, look documents up."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.connection.row_factory = sqlite3.Row
        self.path = path

    def add_packet(
        self,
        client_id: str,
        documents: Sequence[ComposedDocument],
        definitions: Sequence[DocumentDef],
        files: Mapping[str, bytes],
        when: datetime,
    ) -> None:
        """Record one written packet: each document, and the SHA-256 of each of its files."""
        try:
            self._add(client_id, documents, definitions, files, when)
        except sqlite3.Error as exc:
            raise RecordError(
                f"{self.path}: the packet of {client_id} was written but could not be recorded"
                f" ({exc}); render it again with --force once the record can be written"
            ) from None

    def _add(
        self,
        client_id: str,
        documents: Sequence[ComposedDocument],
        definitions: Sequence[DocumentDef],
        files: Mapping[str, bytes],
        when: datetime,
    ) -> None:
        defs = {d.form_id: d for d in definitions}
        with self.connection as db:
            packet = db.execute(
                "INSERT INTO packets (client_id, generated_at, tool_version) VALUES (?, ?, ?)",
                (client_id, when.strftime("%Y-%m-%dT%H:%M:%SZ"), __version__),
            ).lastrowid
            ids: dict[str, int | None] = {}
            for doc in documents:
                definition = defs[doc.form_id]
                ids[doc.stem] = db.execute(
                    "INSERT INTO documents (packet_id, doc_id, form_id, title, version,"
                    " form_version, wording_hash, text_hash, facts_as_of)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        *(packet, doc.doc_id, doc.form_id, doc.title, doc.version),
                        *(definition.version, wording_hash(definition), text_hash(doc)),
                        doc.facts_as_of.isoformat(),
                    ),
                ).lastrowid
            db.executemany(
                "INSERT INTO files (packet_id, document_id, name, sha256) VALUES (?, ?, ?, ?)",
                [(packet, ids.get(Path(n).stem), n, sha256(b)) for n, b in files.items()],
            )

    def documents(self, where: str = "", args: Sequence[object] = ()) -> list[GivenDocument]:
        """Return the recorded documents matching an SQL condition, oldest first."""
        try:
            rows = self.connection.execute(
                f"{_SELECT} {'WHERE ' + where if where else ''} ORDER BY p.id, d.id", args
            ).fetchall()
            return [self._given(row) for row in rows]
        except sqlite3.Error as exc:
            raise RecordError(
                f"{self.path}: cannot read the record ({exc}); give the right --registry"
            ) from None

    def _given(self, row: sqlite3.Row) -> GivenDocument:
        files = self.connection.execute(
            "SELECT name, sha256 FROM files WHERE document_id = ? ORDER BY id", (row[0],)
        ).fetchall()
        fields = dict(zip(row.keys(), row, strict=True))
        del fields["id"]
        return GivenDocument(**fields, files=tuple(RecordedFile(*f) for f in files))

    def history(self, client_id: str) -> list[GivenDocument]:
        """Return every document given to one client, oldest first."""
        return self.documents("p.client_id = ?", (client_id,))

    def by_doc_id(self, doc_id: str) -> list[GivenDocument]:
        """Return every generation of the document with this printed ID."""
        return self.documents("d.doc_id = ?", (doc_id,))

    def latest(self) -> list[GivenDocument]:
        """Return each client's most recently recorded document of each form."""
        return self.documents(
            "d.id = (SELECT MAX(d2.id) FROM documents d2 JOIN packets p2 ON p2.id = d2.packet_id"
            " WHERE p2.client_id = p.client_id AND d2.form_id = d.form_id)"
        )

    def file_documents(self, sha: str) -> tuple[str, list[GivenDocument]] | None:
        """Return the latest recorded file with this SHA-256: its name and its documents.

        A document's own file gives that document; packet.pdf gives every document of its packet.
        """
        row = self.connection.execute(
            "SELECT name, packet_id, document_id FROM files WHERE sha256 = ? ORDER BY id DESC",
            (sha,),
        ).fetchone()
        if row is None:
            return None
        name, packet, document = row
        if document is None:
            return name, self.documents("p.id = ?", (packet,))
        return name, self.documents("d.id = ?", (document,))

    def latest_file(self, client_id: str, name: str) -> GivenDocument | None:
        """Return the document most recently written to this client's file of this name."""
        found = self.documents(
            "d.id = (SELECT f.document_id FROM files f JOIN packets p2 ON p2.id = f.packet_id"
            " WHERE p2.client_id = ? AND f.name = ? ORDER BY f.id DESC LIMIT 1)",
            (client_id, name),
        )
        return found[0] if found else None
