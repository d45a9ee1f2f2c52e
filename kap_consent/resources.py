"""Where the packaged files live: templates (wording, layouts, fonts, facts) and examples.

A module of its own so that modules which only need a path do not import the Jinja engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_PACKAGE = Path(__file__).parent
PACKAGED_TEMPLATES = _PACKAGE / "templates"
SOURCE_TEMPLATES = _PACKAGE.parent / "templates"


def packaged_dir() -> Path:
    """Return the packaged templates folder (inside the wheel, or the source checkout's)."""
    return PACKAGED_TEMPLATES if PACKAGED_TEMPLATES.is_dir() else SOURCE_TEMPLATES


_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (about ten times faster)."""


def load_yaml(text: str) -> Any:
    """Parse YAML safely: plain data only, no tags that build objects."""
    return yaml.load(text, Loader=_FAST_LOADER)
