"""Render every example document, and a PNG of each page, for looking at the layout by eye.

Run with `make samples` (or `python tools/samples.py OUT`). Writes OUT/<variant>/<client>/:
each document as PDF and DOCX, packet.pdf, a PNG of every PDF page, and word/ with the DOCX
files converted to PDF (and PNG) by LibreOffice, to compare the Word layout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kap_consent import LayoutOptions, build_packet
from kap_consent.output import prepare_out_dir, write_packet
from kap_consent.sources import load_sources

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VARIANTS = {
    "letter": LayoutOptions(),
    "a4": LayoutOptions(paper="a4"),
    "large-print": LayoutOptions(large_print=True),
}
"""Every client gets the first variant; only the first client gets the others."""


def render_samples(out: Path) -> list[Path]:
    """Write every variant's packets under `out`; return the packet folders."""
    sources = load_sources(EXAMPLES / "practice.yaml", EXAMPLES / "clients.yaml")
    clients = sources.clients
    folders = []
    for index, (variant, options) in enumerate(VARIANTS.items()):
        prepare_out_dir(out / variant)
        for client in clients if index == 0 else clients[:1]:
            print(f"rendering {variant}/{client.id}", file=sys.stderr)
            packet = build_packet(
                sources.practice, client, sources.templates, sources.defs, options=options
            )
            folders.append(write_packet(out / variant, client.id, packet.files(), force=True))
    return folders


def convert_docx(folders: list[Path]) -> None:
    """Convert every DOCX to PDF with LibreOffice (one call), into each folder's word/."""
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("soffice (LibreOffice) not found; run `make system-deps`")
    with (
        tempfile.TemporaryDirectory(prefix="kap-samples-lo-") as profile,
        tempfile.TemporaryDirectory() as tmp,
    ):
        docs = sorted(p for f in folders for p in f.glob("*.docx"))
        # Copy under unique names: LibreOffice writes every PDF into one --outdir.
        sources = {Path(tmp, f"{n:03d}.docx"): d for n, d in enumerate(docs)}
        for copy, original in sources.items():
            shutil.copyfile(original, copy)
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless"]
        subprocess.run(
            [*command, "--convert-to", "pdf", "--outdir", tmp, *map(str, sources)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for copy, original in sources.items():
            (original.parent / "word").mkdir(mode=0o700, exist_ok=True)
            shutil.move(copy.with_suffix(".pdf"), original.parent / "word" / f"{original.stem}.pdf")


def page_images(out: Path) -> None:
    """Write a 60 dpi PNG of every page of every PDF under `out`, next to the PDF."""
    for pdf in sorted(out.rglob("*.pdf")):
        for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True
        )


def main() -> int:
    """Render the samples into the folder named on the command line (default out/samples)."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/samples")
    folders = render_samples(out)
    convert_docx(folders)
    page_images(out)
    print(f"samples and page images are in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
