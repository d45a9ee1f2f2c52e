"""Which characters the packaged fonts can print, and the check that input text uses only those.

A character no packaged font draws would print as an empty box (or in whatever font the
computer happens to have), so it is refused when the data is loaded, naming the field.
"""

from __future__ import annotations

import bisect
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


COVERAGE_FILE = "coverage.txt"
"""Beside the fonts: the code points they map, as ranges. Reading it is instant, where parsing
the fonts' character maps costs a quick command (`validate`) a noticeable part of its time; a
test keeps it equal to the fonts (`python tools/font_coverage.py` writes it again)."""


def font_files() -> tuple[Path, ...]:
    """Return the packaged font files (templates/fonts/*.ttf), smallest first."""
    return tuple(sorted((packaged_dir() / "fonts").glob("*.ttf"), key=lambda p: p.stat().st_size))


def read_fonts_coverage() -> frozenset[int]:
    """Return every code point that at least one packaged font maps, read from the fonts."""
    from fontTools.ttLib import TTFont

    codes: set[int] = set()
    for path in font_files():
        with TTFont(path, lazy=True) as font:
            codes.update(font.getBestCmap())
    return frozenset(codes)


def coverage_text(codes: frozenset[int]) -> str:
    """Return the coverage file's text: one `start-end` hex range of code points a line."""
    lines = ["# Code points the packaged fonts map; written by tools/font_coverage.py."]
    ordered = sorted(codes)
    start = previous = ordered[0]
    for code in [*ordered[1:], -1]:
        if code != previous + 1:
            lines.append(f"{start:04X}-{previous:04X}")
            start = code
        previous = code
    return "\n".join(lines) + "\n"


@functools.cache
def _ranges() -> tuple[list[int], list[int]]:
    """Return the coverage file's ranges as sorted starts and their ends."""
    starts, ends = [], []
    text = (packaged_dir() / "fonts" / COVERAGE_FILE).read_text(encoding="ascii")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            starts.append(int(first, 16))
            ends.append(int(last, 16))
    return starts, ends


def covered() -> frozenset[int]:
    """Return every code point that at least one packaged font (templates/fonts/*.ttf) maps."""
    starts, ends = _ranges()
    return frozenset(c for s, e in zip(starts, ends, strict=True) for c in range(s, e + 1))


def printable(char: str) -> bool:
    """Return whether the packaged fonts can print this character (a line break always can)."""
    if char == "\n":
        return True
    if unicodedata.category(char) == "Cc":
        return False
    starts, ends = _ranges()
    index = bisect.bisect_right(starts, ord(char)) - 1
    return index >= 0 and ord(char) <= ends[index]


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
