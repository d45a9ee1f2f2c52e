"""Questions to the record: is this file what was generated, who must sign again, who got what."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import RecordError
from .fingerprint import printed_version, wording_hash
from .record import GivenDocument, open_record, sha256, text_hash
from .sources import Sources, load_sources
from .templating import TemplateSet

DOC_ID = re.compile(r"Document ID\s*([0-9A-F]{5}-[0-9A-F]{5})")
Status = Literal["exact", "changed", "unknown"]


@dataclass(frozen=True)
class Verification:
    """The answer for one file: exact (as generated), changed, or unknown to the record."""

    file: Path
    status: Status
    documents: list[GivenDocument]
    """Exact: what the file holds (every document, for packet.pdf). Changed: what it should be."""
    recorded_name: str | None = None


@dataclass(frozen=True)
class Outdated:
    """A client's latest document of a form, given with an older version or wording."""

    given: GivenDocument
    current_version: str
    reason: str


def verify_file(file: Path, record_path: Path) -> Verification:
    """Compare a file's SHA-256 with every file the record holds; say what it is or was."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise RecordError(f"{file}: cannot read it ({exc.strerror}); check the path") from None
    with open_record(record_path, create=False) as record:
        found = record.file_documents(sha256(data))
        if found is not None:
            return Verification(file, "exact", found[1], found[0])
        expected = record.latest_file(file.parent.name, file.name)
        printed = printed_doc_id(data)
        if expected is None and printed is not None:
            expected = next(reversed(record.by_doc_id(printed)), None)
    if expected is None:
        return Verification(file, "unknown", [])
    return Verification(file, "changed", [expected])


def printed_doc_id(data: bytes) -> str | None:
    """Return the document ID printed in a PDF's or DOCX's footer, if it can be read."""
    try:
        if data.startswith(b"%PDF"):
            from .extract import pdf_pages

            text = "\n".join(pdf_pages(data)[:1])
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as docx:
                footers = [n for n in docx.namelist() if n.startswith("word/footer")]
                text = re.sub(r"<[^>]+>", "", " ".join(docx.read(n).decode() for n in footers))
    except Exception:  # a damaged file has no readable ID; the answer is then "unknown"
        return None
    match = DOC_ID.search(text)
    return match.group(1) if match else None


def find_document(doc_id: str, record_path: Path) -> list[GivenDocument]:
    """Return every generation of the document whose ID is printed on a page (`ABCDE-12345`)."""
    code = re.sub(r"[^0-9A-Za-z]", "", doc_id).upper()
    if not re.fullmatch(r"[0-9A-F]{10}", code):
        raise RecordError(
            f"--id {doc_id}: a document ID is 10 letters and digits as printed, e.g. 3F2A9-C41B0"
        )
    with open_record(record_path, create=False) as record:
        return record.by_doc_id(f"{code[:5]}-{code[5:]}")


def client_history(client_id: str, record_path: Path) -> list[GivenDocument]:
    """Return every document the record holds for one client, oldest first."""
    with open_record(record_path, create=False) as record:
        return record.history(client_id)


def find_outdated(
    record_path: Path,
    templates_dir: Path | None = None,
    inputs: tuple[Path, Path] | None = None,
) -> list[Outdated]:
    """Return each client's latest document of a form whose version or wording is not current.

    With `inputs` (practice file, client file), also each document whose text as printed for
    that client would change, e.g. after a fee change. Layout changes alone do not put anyone
    on the list: they change the print, not the text.
    """
    sources = load_sources(*inputs, templates_dir) if inputs else None
    templates = sources.templates if sources else TemplateSet(templates_dir)
    current = {d.form_id: d for d in templates.document_defs()}
    texts = printed_texts(sources) if sources else {}
    with open_record(record_path, create=False) as record:
        latest = record.latest()
    found = []
    for given in latest:
        form = current.get(given.form_id)
        if form is None:
            continue
        now = printed_version(templates, form)
        if given.form_version != form.version:
            found.append(Outdated(given, now, f"new version {form.version}"))
        elif given.wording_hash != wording_hash(form):
            found.append(Outdated(given, now, "wording changed"))
        elif texts.get((given.client_id, given.form_id), given.text_hash) != given.text_hash:
            found.append(Outdated(given, now, "data changed"))
    return found


def printed_texts(sources: Sources) -> dict[tuple[str, str], str]:
    """Return (client ID, form ID) → hash of the text each client's document would print today."""
    return {
        (client.id, composed.form_id): text_hash(composed)
        for client, composed in sources.each_composed()
    }
