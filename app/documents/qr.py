"""QR codes as a matrix of dark/light modules: the PDF draws them as squares and the window
paints them, so neither needs an image library or a default font. And the other way: the QR
codes on a PDF's pages or in a photo, read back as text (`chudan policy verify FILE`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import qrcode

from app.core.errors import InvalidInput

# Rasterised finely enough that a module of the code (61 modules across 32 mm) is ~4 pixels,
# then finer if nothing was found.
PDF_DPIS = (200, 300)


@lru_cache(maxsize=32)  # a schedule is laid out twice, and a payment QR repainted: encode once
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in qr.get_matrix())


def _decode_image(path: Path) -> list[str]:
    import cv2  # OpenCV (a dependency of the OCR engine): loaded only to read a code back

    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise InvalidInput(
            f"{path.name} is not an image or a PDF this desk can read; give a PDF, PNG or JPEG.",
            zh=f"{path.name} 不是可读取的图片或 PDF，请提供 PDF、PNG 或 JPEG 文件。",
        )
    # OpenCV's ArUco-based detector finds the codes the classic one misses (measured on rendered
    # policies: the classic one lost 1 in 12 at 200 dpi, this one none in 60); the classic one
    # still reads several codes on one page.
    text = cv2.QRCodeDetectorAruco().detectAndDecode(image)[0]
    if text:
        return [text]
    detector = cv2.QRCodeDetector()
    ok, texts, _points, _ = detector.detectAndDecodeMulti(image)
    found = [t for t in texts if t] if ok else []
    if not found:
        text = detector.detectAndDecode(image)[0]
        found = [text] if text else []
    return found


def read_qr_codes(path: Path) -> list[str]:
    """The text of every QR code on the pages of a PDF, or in a PNG/JPEG image."""
    if not path.is_file():
        raise InvalidInput(
            f"There is no file {path}; give the path of the PDF or photo.",
            zh=f"找不到文件 {path}，请提供 PDF 或照片的路径。",
        )
    with path.open("rb") as fh:
        pdf = fh.read(5) == b"%PDF-"
    if not pdf:
        return _decode_image(path)
    if shutil.which("pdftoppm") is None:
        raise InvalidInput(
            "Reading a PDF needs pdftoppm (poppler-utils); install it, or scan the QR code and "
            "give the token's text instead.",
            zh="读取 PDF 需要 pdftoppm（poppler-utils），请安装，或扫描二维码后直接提供验证码文字。",
        )
    found: list[str] = []
    for dpi in PDF_DPIS:  # finer only when nothing was found
        with tempfile.TemporaryDirectory() as tmp:
            try:
                subprocess.run(
                    ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(Path(tmp) / "p")],
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                raise InvalidInput(
                    f"{path.name} could not be read as a PDF; give another copy or the token's text.",
                    zh=f"无法读取 PDF 文件 {path.name}，请提供其他副本或验证码文字。",
                ) from exc
            for page in sorted(Path(tmp).glob("p*.png")):
                found.extend(_decode_image(page))
        if found:
            break
    return found
