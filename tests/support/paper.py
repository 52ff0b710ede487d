"""Paper documents to import into the archive: PDFs with their own text, drawn with the bundled
font (as a scanner's searchable PDF or another insurer's e-policy carries it)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.documents.policy_pdf import _register_font


def text_pdf(*pages: list[str]) -> bytes:
    font = _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for lines in pages:
        c.setFont(font, 14)
        y = 780
        for line in lines:
            c.drawString(60, y, line)
            y -= 24
        c.showPage()
    c.save()
    return buf.getvalue()
