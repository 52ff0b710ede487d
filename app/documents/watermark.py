"""The training watermark on a document page (docs/training.md): 培训 · TRAINING · 无效 across
the page, diagonally, three times, in translucent grey over everything drawn before it, and once
straight across the top of the page (which is also what a text extraction reads back).
Drawn on every page of a document whose policy number is a training number, so a printed
training policy cannot be mistaken for a real one whichever page is shown."""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from app.core.policy_number import TRAINING_WATERMARK, is_training_number


def training_page_mark(c: Any, font: str, policy_number: str) -> None:
    """Call before each `showPage`; draws nothing for a real policy's page."""
    if is_training_number(policy_number):
        draw_training_mark(c, font)


def draw_training_mark(c: Any, font: str) -> None:
    """The mark on a page of a training document that has no policy number (a certificate)."""
    w, h = A4
    c.saveState()
    c.setFillColorRGB(0.75, 0.1, 0.1)
    c.setFont(font, 12)
    c.drawCentredString(w / 2, h - 10 * mm, TRAINING_WATERMARK)
    c.setFillGray(0.55, 0.35)
    c.setFont(font, 40)
    for i in (0.25, 0.5, 0.75):
        c.saveState()
        c.translate(w / 2, h * i)
        c.rotate(30)
        c.drawCentredString(0, 0, TRAINING_WATERMARK)
        c.restoreState()
    c.restoreState()
