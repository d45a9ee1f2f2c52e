"""Benchmark: time the example packets and compare with the speed targets.

Run with `make bench`. Targets live here, not in the tests, because test machines differ.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from kap_consent import TemplateSet, build_packet, load_clients, load_practice
from kap_consent.clock import today

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TARGET_SECONDS_PER_DOCUMENT = 1.0
"""Both formats of one document, on the 2-core reference machine."""
TARGET_SECONDS_TO_VALIDATE = 0.5
"""Loading and validating the example practice and clients."""
ROUNDS = 3


def main() -> int:
    """Time validation and rendering; print the figures and whether each target is met."""
    started = time.perf_counter()
    practice = load_practice(EXAMPLES / "practice.yaml")
    clients = load_clients(EXAMPLES / "clients.yaml", practice, today())
    validate_seconds = time.perf_counter() - started
    templates = TemplateSet()
    defs = templates.document_defs()
    build_packet(practice, clients[0], templates, defs)  # warm caches and font loading
    per_document = []
    for _ in range(ROUNDS):
        for client in clients:
            started = time.perf_counter()
            packet = build_packet(practice, client, templates, defs)
            per_document.append((time.perf_counter() - started) / len(packet.documents))
    median = statistics.median(per_document)
    print(f"fontTools {version('fonttools')}, WeasyPrint {version('weasyprint')}")
    print(f"validate examples: {validate_seconds:.3f} s (target {TARGET_SECONDS_TO_VALIDATE} s)")
    print(
        f"render one document, PDF + DOCX + checks: median {median:.3f} s, "
        f"max {max(per_document):.3f} s over {len(per_document)} packets "
        f"(target {TARGET_SECONDS_PER_DOCUMENT} s)"
    )
    met = median <= TARGET_SECONDS_PER_DOCUMENT and validate_seconds <= TARGET_SECONDS_TO_VALIDATE
    print("targets met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
