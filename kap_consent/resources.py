"""Where the packaged files live: templates (wording, layouts, fonts, facts) and examples.

A module of its own so that modules which only need a path do not import the Jinja engine.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).parent
PACKAGED_TEMPLATES = _PACKAGE / "templates"
SOURCE_TEMPLATES = _PACKAGE.parent / "templates"


def packaged_dir() -> Path:
    """Return the packaged templates folder (inside the wheel, or the source checkout's)."""
    return PACKAGED_TEMPLATES if PACKAGED_TEMPLATES.is_dir() else SOURCE_TEMPLATES


@functools.cache
def _safe_loader() -> Any:
    """Return libyaml's safe loader when PyYAML was built with it (about ten times faster).

    PyYAML is imported here, not at the top, so that finding a packaged file loads no parser.
    """
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML safely: plain data only, no tags that build objects."""
    import yaml

    return yaml.load(text, Loader=_safe_loader())
