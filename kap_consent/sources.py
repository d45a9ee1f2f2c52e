"""What a run reads before it composes: the practice, the clients, the templates, the documents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .clock import today as clock_today
from .compose import ComposedDocument, compose_document, is_included
from .content import DocumentDef
from .context import build_context
from .loading import load_inputs
from .models import Client, Practice
from .templating import TemplateSet


@dataclass(frozen=True)
class Sources:
    """The validated inputs of one run, with the templates and documents they are printed with."""

    practice: Practice
    clients: list[Client]
    templates: TemplateSet
    defs: list[DocumentDef]
    """Every document definition, overrides applied, in packet order."""
    day: date
    """The day the run counts as today (ages, dates printed)."""

    def each_composed(self) -> Iterator[tuple[Client, ComposedDocument]]:
        """Yield every client's included documents, composed, client by client."""
        for client in self.clients:
            context = build_context(self.practice, client, self.day)
            for doc in self.defs:
                if is_included(self.templates, doc, context):
                    yield client, compose_document(self.templates, doc, context)


def load_sources(
    practice_file: Path,
    client_file: Path | None,
    templates_dir: Path | None = None,
    day: date | None = None,
) -> Sources:
    """Load and validate both files, then the templates and documents; raise on any problem."""
    day = day or clock_today()
    practice, clients = load_inputs(practice_file, client_file, day)
    templates = TemplateSet(templates_dir)
    return Sources(practice, clients, templates, templates.document_defs(), day)
