"""Check the practice's logo before any packet depends on it: a whole PNG or JPEG file.

A file that only starts like an image (a valid header, then garbage, or a cut-off download)
used to validate and then fail or vanish from the PDF without a word; a pipe or a device such
as /dev/zero used to hang the run.
"""

from __future__ import annotations

import io
import stat
from pathlib import Path

from .readers import MAX_INPUT_BYTES

_LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


def logo_problem(logo: Path, written: Path) -> str | None:
    """Say why a logo file cannot be printed: missing, not a file, too big, or not a whole image."""
    try:
        info = logo.stat()
    except OSError:
        return f"cannot read the logo file; check that {written} exists"
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would never finish reading
        return "is not a saved image file; give the path of a PNG or JPEG file"
    if info.st_size > MAX_INPUT_BYTES:
        return (
            f"the logo file is larger than {MAX_INPUT_BYTES // 1024 // 1024} MB; "
            "export a smaller PNG"
        )
    try:
        data = logo.read_bytes()
    except OSError:
        return f"cannot read the logo file; check that {written} exists"
    if not any(data.startswith(magic) for magic in _LOGO_TYPES):
        return "not a PNG or JPEG image; export the logo as PNG"
    return None if _decodes(data) else "the image is damaged; export the logo again as PNG"


def _decodes(data: bytes) -> bool:
    """Return whether the whole image decodes (a valid header can hide a broken file)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:  # Pillow raises many kinds for a damaged file
        return False
    return True
