"""Keep only the Word styles a layout uses: python-docx's default template carries 164."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docx.oxml.ns import qn

_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")
_LINKS = ("w:basedOn", "w:next", "w:link", *_REFERENCES)


def prune_styles(document: Any) -> None:
    """Remove every style that no part refers to, directly or through another style."""
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    wanted = {key for key, style in by_id.items() if style.get(qn("w:default")) in ("1", "true")}
    for element in _style_users(document):
        wanted.update(_referenced(element, _REFERENCES))
    pending = list(wanted)
    while pending:
        style = by_id.get(pending.pop())
        found = _referenced(style, _LINKS) - wanted if style is not None else set()
        wanted |= found
        pending.extend(found)
    for key, style in by_id.items():
        if key not in wanted:
            styles.remove(style)


def drop_styles_with_effects(document: Any) -> None:
    """Drop Word 2010's second copy of every style, which would still list the pruned ones."""
    for key, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(key)


def _referenced(element: Any, tags: tuple[str, ...]) -> set[str]:
    """Return the style IDs that `element` and its descendants name with `tags`."""
    return {ref.get(qn("w:val")) for ref in element.iter(*(qn(tag) for tag in tags))}


def _style_users(document: Any) -> Iterator[Any]:
    """Yield the root of every part whose XML can name a style."""
    yield document.element
    yield document.part.numbering_part.element
    for section in document.sections:
        for running in (section.header, section.footer):
            if not running.is_linked_to_previous:
                yield running.part.element
