"""kap-consent: informed-consent and disclosure packets for ketamine-assisted psychotherapy.

The public API. The command line (`kap-consent`) is a thin layer over these functions.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("kap-consent")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

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
