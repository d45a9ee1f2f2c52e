"""The command line's two output streams, with rich loaded only for what needs it (tables).

Most commands print a few plain lines; importing rich costs a quick command (`--version`,
`validate`) about a third of its time, so plain text is written directly and rich's console
is created on first use by anything else.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, TextIO


class Stream:
    """Print to standard output or standard error, like rich's `Console.print`."""

    def __init__(self, *, stderr: bool = False) -> None:
        self.stderr = stderr

    @property
    def file(self) -> TextIO:
        """The stream written to, looked up on each print (tests swap `sys.stdout`)."""
        return sys.stderr if self.stderr else sys.stdout

    @functools.cached_property
    def console(self) -> Any:
        """A rich console on the same stream, for tables and styled text."""
        from rich.console import Console

        return Console(stderr=self.stderr, highlight=False, soft_wrap=True)

    def print(self, *objects: Any, markup: bool = True, **options: Any) -> None:
        """Print `objects`; plain text without markup is written as it is, in one line."""
        if not markup and not options and all(isinstance(o, str) for o in objects):
            self.file.write(" ".join(objects) + "\n")
            self.file.flush()
            return
        self.console.print(*objects, markup=markup, **options)
