"""Synthetic OCR output: text boxes placed as an engine would report them, so readers and
repairs are tested on text without running a model."""

from __future__ import annotations

import math

from app.ocr.engine import TextBox


def box(x, y, text, w=None, h=30, score=0.99, angle=0.0):
    """A box of `text` with its top-left corner at (x, y), turned by `angle` radians."""
    w = w or 30 * len(text)
    c, s = math.cos(angle), math.sin(angle)
    pts = [(0, 0), (w, 0), (w, h), (0, h)]
    return TextBox(tuple((x + px * c - py * s, y + px * s + py * c) for px, py in pts), text, score)
