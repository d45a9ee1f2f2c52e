"""The record's schema: ordered migrations, and the version table that says which have run."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from .errors import RecordError

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE packets (
        id INTEGER PRIMARY KEY,
        client_id TEXT NOT NULL,
        generated_at TEXT NOT NULL,
        tool_version TEXT NOT NULL
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        packet_id INTEGER NOT NULL REFERENCES packets(id),
        doc_id TEXT NOT NULL,
        form_id TEXT NOT NULL,
        title TEXT NOT NULL,
        version TEXT NOT NULL,
        form_version TEXT NOT NULL,
        wording_hash TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        facts_as_of TEXT NOT NULL
    );
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        packet_id INTEGER NOT NULL REFERENCES packets(id),
        document_id INTEGER REFERENCES documents(id),
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL
    );
    CREATE INDEX packets_client ON packets(client_id);
    CREATE INDEX documents_doc_id ON documents(doc_id);
    CREATE INDEX files_sha256 ON files(sha256);
    """,
)
"""Schema changes in order; entry N brings a file from schema version N to N + 1. Only append."""


def migrate(
    connection: sqlite3.Connection, path: Path, migrations: Sequence[str] = MIGRATIONS
) -> None:
    """Apply the migrations this file has not had yet, in order, in one transaction.

    Statements are split at `;`, so a migration must not put one inside a string.
    """
    connection.isolation_level = None  # explicit BEGIN and COMMIT: table changes roll back too
    try:
        current = _begin(connection, path)
        if current > len(migrations):
            raise RecordError(
                f"{path}: the record was written by a newer kap-consent (schema "
                f"{current}, this one knows {len(migrations)}); update kap-consent"
            )
        for number, script in enumerate(migrations[current:], start=current + 1):
            try:
                for statement in filter(str.strip, script.split(";")):
                    connection.execute(statement)
            except sqlite3.Error as exc:
                raise RecordError(
                    f"{path}: cannot update the record to schema {number} ({exc}); "
                    "it was left as it was"
                ) from None
        connection.execute("DELETE FROM schema_version")
        connection.execute("INSERT INTO schema_version VALUES (?)", (len(migrations),))
        connection.execute("COMMIT")
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.isolation_level = "DEFERRED"


def _begin(connection: sqlite3.Connection, path: Path) -> int:
    """Start the migration's transaction; return the file's schema version (0 when new)."""
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        row = connection.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise RecordError(
            f"{path}: is not a kap-consent record ({exc}); give the right --registry"
        ) from None
    return int(row[0]) if row else 0
