"""QR codes as a matrix of dark/light modules: the PDF draws them as squares and the window
paints them, so neither needs an image library or a default font."""

from __future__ import annotations

import qrcode


def qr_matrix(data: str) -> list[list[bool]]:
    qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    return [[bool(cell) for cell in row] for row in qr.get_matrix()]
