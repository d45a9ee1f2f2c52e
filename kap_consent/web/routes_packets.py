"""A generated packet: its documents with a picture of each first page, downloads, a ZIP."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ..errors import OutputError
from ..output import PACKET_PDF, packet_dir
from .actions import WebSettings
from .pages import page

_TYPES = {".pdf": "application/pdf", ".docx": "application/octet-stream"}
_PREVIEW_SECONDS = 30


def packet_folder(request: Request) -> Path:
    """Return the packet folder the URL names; 404 when the ID is unsafe or has no packet."""
    settings: WebSettings = request.app.state.settings
    try:
        folder = packet_dir(settings.out_dir, request.path_params["client_id"])
    except OutputError:
        raise HTTPException(404, "No such packet.") from None
    if not folder.is_dir():
        raise HTTPException(404, "No packet has been generated for this client ID here.")
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix in _TYPES and p.name[0] != "."
    )


async def packet_page(request: Request) -> Response:
    """List the documents (PDF, DOCX, first-page picture), packet.pdf and the ZIP."""
    folder = packet_folder(request)
    files = _files(folder)
    stems = sorted({p.stem for p in files if p.name != PACKET_PDF})
    documents = [
        {
            "stem": stem,
            "pdf": (folder / f"{stem}.pdf").is_file(),
            "docx": (folder / f"{stem}.docx").is_file(),
        }
        for stem in stems
    ]
    return page(
        request,
        "packet.html",
        client_id=folder.name,
        documents=documents,
        has_packet=(folder / PACKET_PDF).is_file(),
        previews=shutil.which("pdftocairo") is not None,
    )


def _named_file(request: Request) -> Path:
    folder = packet_folder(request)
    wanted = request.path_params["name"]
    for path in _files(folder):  # only a file the folder lists: no path can reach elsewhere
        if path.name == wanted:
            return path
    raise HTTPException(404, "No such file in this packet.")


async def packet_file(request: Request) -> Response:
    """Send one file; PDFs open in the browser (to print) unless `?download=1`."""
    path = _named_file(request)
    inline = path.suffix == ".pdf" and request.query_params.get("download") != "1"
    return FileResponse(
        path,
        media_type=_TYPES[path.suffix],
        filename=path.name,
        content_disposition_type="inline" if inline else "attachment",
    )


async def preview(request: Request) -> Response:
    """Return a PNG of a document's first page, drawn by poppler's pdftocairo in memory."""
    folder = packet_folder(request)
    pdf = folder / f"{request.path_params['stem']}.pdf"
    if pdf not in _files(folder) or shutil.which("pdftocairo") is None:
        raise HTTPException(404, "No picture for this document.")
    command = ["pdftocairo", "-png", "-f", "1", "-l", "1", "-scale-to", "360", "-singlefile"]
    try:
        result = subprocess.run(
            [*command, str(pdf), "-"], capture_output=True, timeout=_PREVIEW_SECONDS, check=True
        )
    except (OSError, subprocess.SubprocessError):
        raise HTTPException(404, "The picture of this document could not be drawn.") from None
    return Response(result.stdout, media_type="image/png")


async def packet_zip(request: Request) -> Response:
    """Return every PDF and DOCX of the packet in one ZIP (made in memory, never on disk)."""
    folder = packet_folder(request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in _files(folder):
            archive.write(path, f"{folder.name}/{path.name}")
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{folder.name}.zip"'},
    )
