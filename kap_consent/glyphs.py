"""Which characters the packaged fonts can print, and the check that input text uses only those.

A character no packaged font draws would print as an empty box (or in whatever font the
computer happens to have), so it is refused when the data is loaded, naming the field.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .resources import packaged_dir

Loc = tuple[int | str, ...]
"""A field's location in the data, as pydantic reports it: `("clinicians", 0, "name")`."""

_LISTED = 3
"""How many unprintable characters one problem names before it says "and N more"."""
_CANNOT = "cannot be printed with the packaged fonts"
_SHOWN = frozenset("LNPS")
"""Unicode categories (first letter) whose characters are shown as themselves in messages."""


@functools.cache
def _fonts() -> tuple[Path, ...]:
    """Return the packaged font files, smallest first: most text never needs the big ones."""
    return tuple(sorted((packaged_dir() / "fonts").glob("*.ttf"), key=lambda p: p.stat().st_size))


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@functools.cache
def covered() -> frozenset[int]:
    """Return every code point that at least one packaged font (templates/fonts/*.ttf) maps."""
    return frozenset().union(*(_cmap(path) for path in _fonts()))


def printable(char: str) -> bool:
    """Return whether the packaged fonts can print this character (a line break always can)."""
    if char == "\n":
        return True
    code = ord(char)
    return unicodedata.category(char) != "Cc" and any(code in _cmap(p) for p in _fonts())


def unprintable(text: str) -> list[str]:
    """Return the distinct characters of `text` the packaged fonts cannot print, in order."""
    return list(dict.fromkeys(c for c in text if not printable(c)))


def describe(char: str) -> str:
    """Name one character for a message: `'ก' (U+0E01)`, or `U+0E48 (THAI CHARACTER MAI EK)`.

    Marks, controls and other invisible characters are named, not shown, so the message stays
    readable (and printable) on any terminal.
    """
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char)[0] in _SHOWN:
        return f"'{char}' ({code})"
    name = unicodedata.name(char, "")
    return f"{code} ({name})" if name else code


def glyph_problem(chars: Sequence[str]) -> str:
    """Return the reason a field holding these unprintable characters is refused."""
    named = ", ".join(describe(c) for c in chars[:_LISTED])
    if len(chars) > _LISTED:
        named += f" and {len(chars) - _LISTED} more"
    if len(chars) == 1:
        return f"the character {named} {_CANNOT}; replace it or leave it out"
    return f"the characters {named} {_CANNOT}; replace them or leave them out"


def strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Yield (location, text) for every string inside dumped model data."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*loc, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings(item, (*loc, index))


def check_glyphs(model: BaseModel) -> list[tuple[Loc, str]]:
    """Return (location, reason) for every text field holding a character no font can print."""
    problems = []
    for loc, text in strings(model.model_dump()):
        chars = unprintable(text)
        if chars:
            problems.append((loc, glyph_problem(chars)))
    return problems
