"""Keep Python's cycle collector off what a rendering process loads once and keeps.

Fonts, parsed stylesheets, compiled templates and the imported engines stay alive for the
whole run; every full collection would walk them again (two full collections a packet, about
0.15 CPU seconds of CP-0002's 2.9 s PDF packet). Frozen after the first packet, they are left
out of later collections; what a packet allocates is still collected as before, so memory
stays flat. Only once per process: a long-running process (the web page) renders many runs,
and freezing again would keep each run's leftovers out of collection for good.
"""

from __future__ import annotations

import atexit
import gc

_settled = False


def settle_loaded() -> None:
    """Collect garbage, then leave every surviving object out of later collections (once)."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)  # at exit, objects are finalized while their modules remain
