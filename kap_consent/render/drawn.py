"""What a PDF layout visibly draws: the text a reader can see on paper, for the disclosure check.

The text of a PDF file also holds what no one can read: white or transparent text, text of 1pt,
text pushed off the page or clipped away. This reads WeasyPrint's laid-out pages instead, and
keeps only text drawn at a readable size, in enough contrast with what is behind it, inside the
page and any box that clips it, and not hidden (display: none leaves no box at all). Text under
a CSS transform is not counted, since its size and place on paper are not known here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MIN_POINTS = 6.0
"""Smallest font size, in points, that counts as readable on paper."""
MIN_CONTRAST = 3.0
"""Smallest contrast ratio (WCAG's, 1 to 21) between text and what is behind it."""
WHITE: tuple[float, ...] = (1.0, 1.0, 1.0)

Box = tuple[float, float, float, float]
"""A rectangle on the page: left, top, right, bottom, in CSS pixels."""


@dataclass(frozen=True)
class _Scene:
    """What applies to a box from its ancestors: clipping, opacity, background, transforms."""

    clip: Box
    opacity: float
    background: tuple[float, ...]
    transformed: bool


def drawn_text(document: Any) -> str:
    """Return the text a WeasyPrint document visibly draws in its pages' bodies, line by line.

    The running header and footer (page-margin boxes) are left out.
    """
    from weasyprint.formatting_structure.boxes import MarginBox

    lines: list[str] = []
    for page in document.pages:
        box = page._page_box
        scene = _Scene((0, 0, box.margin_width(), box.margin_height()), 1.0, WHITE, False)
        scene = _enter(box, scene)
        for child in box.children:
            if not isinstance(child, MarginBox):
                _collect(child, scene, lines)
    # A line that ends in a hyphen was broken inside a hyphenated word ("S-" / "ketamine").
    return re.sub(r"-\n(?=\S)", "-", "\n".join(lines))


def _collect(box: Any, scene: _Scene, lines: list[str]) -> None:
    from weasyprint.formatting_structure.boxes import LineBox

    scene = _enter(box, scene)
    if isinstance(box, LineBox):
        lines.append("".join(_line_text(box, scene)))
        return
    for child in getattr(box, "children", ()):
        _collect(child, scene, lines)


def _line_text(box: Any, scene: _Scene) -> list[str]:
    from weasyprint.formatting_structure.boxes import TextBox

    parts: list[str] = []
    for child in getattr(box, "children", ()):
        inner = _enter(child, scene)
        if isinstance(child, TextBox):
            parts.append(child.text if _visible(child, inner) else " ")
        else:
            parts += _line_text(child, inner)
    return parts


def _enter(box: Any, scene: _Scene) -> _Scene:
    """Return the scene inside `box`: its opacity, background, clipping and transform apply."""
    style = box.style
    if _leaves_scene(style):
        return scene
    background = _blend(style["background_color"], scene.background, 1.0)
    clip = scene.clip
    if style["overflow"] != "visible" or style["clip"]:
        clip = _intersect(clip, _padding_box(box))
    return _Scene(
        clip,
        scene.opacity * float(style["opacity"]),
        background,
        scene.transformed or bool(style["transform"]),
    )


def _leaves_scene(style: Any) -> bool:
    """Tell whether a box changes nothing for its content (most boxes: no background, no clip)."""
    return bool(
        style["background_color"].alpha == 0
        and style["opacity"] == 1
        and style["overflow"] == "visible"
        and not style["clip"]
        and not style["transform"]
    )


def _visible(box: Any, scene: _Scene) -> bool:
    style = box.style
    if style["visibility"] != "visible" or scene.transformed:
        return False
    if style["font_size"] * 0.75 < MIN_POINTS:  # CSS pixels to points
        return False
    color = _blend(style["color"], scene.background, scene.opacity)
    if _contrast(color, scene.background) < MIN_CONTRAST:
        return False
    left, top = box.position_x, box.position_y
    right, bottom = left + box.width, top + box.height
    c_left, c_top, c_right, c_bottom = scene.clip
    slack = 0.5  # rounding in layout
    return bool(
        left >= c_left - slack
        and top >= c_top - slack
        and right <= c_right + slack
        and bottom <= c_bottom + slack
    )


def _padding_box(box: Any) -> Box:
    if not hasattr(box, "padding_width"):
        return (float("-inf"), float("-inf"), float("inf"), float("inf"))
    left = box.position_x + box.margin_left + box.border_left_width
    top = box.position_y + box.margin_top + box.border_top_width
    return (left, top, left + box.padding_width(), top + box.padding_height())


def _intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _blend(color: Any, behind: tuple[float, ...], opacity: float) -> tuple[float, ...]:
    """Return `color` painted over `behind` at its alpha times `opacity`, as sRGB."""
    srgb = color.to("srgb")
    alpha = float(srgb.alpha) * opacity
    return tuple(
        alpha * float(c) + (1 - alpha) * b for c, b in zip(srgb.coordinates, behind, strict=True)
    )


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    lighter, darker = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(rgb: tuple[float, ...]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(min(max(c, 0.0), 1.0)) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
