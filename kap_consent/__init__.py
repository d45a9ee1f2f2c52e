"""kap-consent: informed-consent and disclosure packets for ketamine-assisted psychotherapy.

The public API. The command line (`kap-consent`) is a thin layer over these functions.
Each name is imported on first use, so `import kap_consent` (and `kap-consent --help`) does
not load the rendering engines.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not imported from typing: a quick command needs no typing module
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"
"""The one place the version is written; the build reads it from here."""

_HOMES = {
    "client_history": "audit",
    "find_document": "audit",
    "find_outdated": "audit",
    "verify_file": "audit",
    "DataError": "errors",
    "KapConsentError": "errors",
    "OutputError": "errors",
    "Problem": "errors",
    "RecordError": "errors",
    "TemplateError": "errors",
    "Packet": "generate",
    "build_packet": "generate",
    "generate_packets": "generate",
    "select_documents": "generate",
    "check_templates": "lint",
    "load_clients": "loading",
    "load_inputs": "loading",
    "load_practice": "loading",
    "Client": "models",
    "Practice": "models",
    "TreatmentPlan": "models",
    "LayoutOptions": "render",
    "write_roster_template": "roster_template",
    "TemplateSet": "templating",
}
"""Public name → the module that defines it."""

__all__ = [
    "Client",
    "DataError",
    "KapConsentError",
    "LayoutOptions",
    "OutputError",
    "Packet",
    "Practice",
    "Problem",
    "RecordError",
    "TemplateError",
    "TemplateSet",
    "TreatmentPlan",
    "__version__",
    "build_packet",
    "check_templates",
    "client_history",
    "find_document",
    "find_outdated",
    "generate_packets",
    "load_clients",
    "load_inputs",
    "load_practice",
    "select_documents",
    "verify_file",
    "write_roster_template",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'kap_consent' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # the same names, for type checkers and editors
    from .audit import client_history, find_document, find_outdated, verify_file
    from .errors import (
        DataError,
        KapConsentError,
        OutputError,
        Problem,
        RecordError,
        TemplateError,
    )
    from .generate import Packet, build_packet, generate_packets, select_documents
    from .lint import check_templates
    from .loading import load_clients, load_inputs, load_practice
    from .models import Client, Practice, TreatmentPlan
    from .render import LayoutOptions
    from .roster_template import write_roster_template
    from .templating import TemplateSet
