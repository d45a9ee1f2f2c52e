"""The project's facts file: what the wording asserts, with sources, for counsel to review."""

from __future__ import annotations

import functools
from typing import Any

import yaml

from .templating import packaged_dir


@functools.cache
def load_facts() -> dict[str, Any]:
    """Return the packaged facts file (`templates/facts.yaml`) as data."""
    data: dict[str, Any] = yaml.safe_load((packaged_dir() / "facts.yaml").read_text("utf-8"))
    return data


def checked_references() -> list[str]:
    """Return the citations marked checked, in file order."""
    return [r["citation"] for r in load_facts()["references"] if r["status"] == "checked"]
