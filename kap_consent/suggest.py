"""Did-you-mean suggestions for misspelled fields, choices and IDs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, options: Iterable[str]) -> str | None:
    """Return the option closest to `word` (ignoring case), or None when nothing is close."""
    by_folded = {option.casefold(): option for option in options}
    match = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[match[0]] if match else None


def did_you_mean(word: object, options: Iterable[str]) -> str:
    """Return `did you mean X?` for a near miss, or an empty string."""
    if not isinstance(word, str):
        return ""
    match = closest(word, options)
    return f"did you mean {match}?" if match is not None and match != word else ""


def with_suggestion(message: str, word: object, options: Iterable[str]) -> str:
    """Append a did-you-mean to `message` when one of `options` is close to `word`."""
    hint = did_you_mean(word, options)
    return f"{message}; {hint}" if hint else message
