"""The local web page for the practice manager: the same library as the CLI, in a browser.

Imported only by `kap-consent serve`, so the other commands start without the web packages.
"""

from __future__ import annotations

from .actions import WebSettings
from .app import create_app

__all__ = ["WebSettings", "create_app"]
