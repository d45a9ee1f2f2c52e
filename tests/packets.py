"""Example packets rendered once per test session and shared by the rendering tests."""

from __future__ import annotations

import functools
import os
from collections.abc import Set as AbstractSet
from pathlib import Path

from kap_consent import LayoutOptions, TemplateSet, build_packet, load_clients, load_practice
from kap_consent.clock import today
from kap_consent.compose import ComposedDocument, compose_document, is_included
from kap_consent.context import build_context
from kap_consent.generate import ALL_FORMATS, OutputFormat, Packet

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIXED_EPOCH = "1795651200"  # 2026-11-26, so dates and document IDs are stable


@functools.cache
def example_packets() -> dict[str, Packet]:
    """Return every example client's full packet in both formats, keyed by client ID."""
    return _render(LayoutOptions(), ALL_FORMATS)


@functools.cache
def layout_packets(options: LayoutOptions) -> dict[str, Packet]:
    """Return every example client's packet as PDF only, laid out with `options`."""
    if options == LayoutOptions():
        return example_packets()
    return _render(options, frozenset({"pdf"}))


def _render(options: LayoutOptions, formats: AbstractSet[OutputFormat]) -> dict[str, Packet]:
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    practice = load_practice(EXAMPLES / "practice.yaml")
    clients = load_clients(EXAMPLES / "clients.yaml", practice, today())
    templates = TemplateSet()
    defs = templates.document_defs()
    return {c.id: build_packet(practice, c, templates, defs, formats, options) for c in clients}


def composed_documents(
    client_index: int, templates_dir: Path | None = None
) -> list[ComposedDocument]:
    """Return one example client's composed documents (no rendering), overrides applied."""
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    practice = load_practice(EXAMPLES / "practice.yaml")
    client = load_clients(EXAMPLES / "clients.yaml", practice, today())[client_index]
    context = build_context(practice, client, today())
    templates = TemplateSet(templates_dir)
    return [
        compose_document(templates, d, context)
        for d in templates.document_defs()
        if is_included(templates, d, context)
    ]
