"""The combined packet.pdf: a standard one joins the finished files, in order.

For an archival (PDF/A) or tagged (PDF/UA) packet, joining finished PDF files would drop what
makes them conform: the XMP metadata, the output intent, the structure tree and the language.
WeasyPrint writes the laid-out pages of every document as one PDF instead, so packet.pdf is
made, and conforms, the way each document does; each page keeps the numbers ("Page X of Y")
its own document gave it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from . import LayoutOptions


def combine_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """Concatenate PDFs into one, in order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def packet_pdf(documents: Sequence[Any], options: LayoutOptions, title: str) -> bytes:
    """Return one PDF of every page of WeasyPrint `documents`, in order, in the packet's variant."""
    first = documents[0]
    pages = [page for document in documents for page in document.pages]
    combined = first.copy(pages)
    combined.metadata = first.metadata.__class__(
        title=title,
        authors=first.metadata.authors,
        created=first.metadata.created,
        modified=first.metadata.modified,
        lang=first.metadata.lang,
    )
    output = io.BytesIO()
    variant = None if options.pdf_variant == "standard" else options.pdf_variant
    combined.write_pdf(output, pdf_variant=variant, pdf_tags=variant is not None)
    return output.getvalue()
