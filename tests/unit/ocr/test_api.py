"""The module's entry points without the models: an injected engine is used as given, and the
optional PaddleOCR backend refuses clearly (never downloads) when its model folders are missing."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from app.ocr import OcrUnavailable, TextBox, read_document
from app.ocr.engine import PaddleOcrEngine, load_engine


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (640, 400), "white").save(buf, "PNG")
    return buf.getvalue()


class ScriptedEngine:
    """Answers with the text boxes of an ID card back, as the detector would lay them out."""

    name = "scripted"

    def __init__(self) -> None:
        self.calls = 0

    def read(self, bgr: np.ndarray) -> list[TextBox]:
        self.calls += 1

        def b(x: float, y: float, text: str) -> TextBox:
            w = 28 * len(text)
            return TextBox(((x, y), (x + w, y), (x + w, y + 28), (x, y + 28)), text, 0.98)

        return [
            b(200, 40, "中华人民共和国"),
            b(200, 90, "居民身份证"),
            b(60, 300, "签发机关"),
            b(200, 300, "杭州市公安局西湖分局"),
            b(60, 350, "有效期限"),
            b(200, 350, "2015.06.01-2035.06.01"),
        ]


def test_read_document_uses_the_given_engine():
    engine = ScriptedEngine()
    r = read_document(_png(), engine=engine)
    assert engine.calls == 1  # upright: read once, no turns tried
    assert r.kind == "id-back"
    assert r.to_json()["fields"] == {
        "issuing_authority": {
            "value": "杭州市公安局西湖分局",
            "confidence": 0.98,
            "needs_review": False,
        },
        "valid_from": {"value": "2015-06-01", "confidence": 0.98, "needs_review": False},
        "valid_until": {"value": "2035-06-01", "confidence": 0.98, "needs_review": False},
    }


def test_unknown_kind_is_refused_with_the_choices():
    with pytest.raises(
        Exception,
        match="choose id-front, id-back, vehicle-licence, vehicle-licence-back, business-licence or auto",
    ):
        read_document(_png(), kind="passport", engine=ScriptedEngine())


def test_paddle_backend_without_model_folders_says_so(tmp_path):
    engine = load_engine("paddleocr", det_dir=tmp_path / "det", rec_dir=tmp_path / "rec")
    assert isinstance(engine, PaddleOcrEngine)
    with pytest.raises(OcrUnavailable, match="model folders are missing.*never downloads"):
        engine.read(np.zeros((32, 32, 3), np.uint8))
    assert not list(tmp_path.iterdir())  # nothing fetched or created


def test_unknown_engine_is_refused():
    with pytest.raises(OcrUnavailable, match="choose rapidocr or paddleocr"):
        load_engine("tesseract")


@pytest.mark.parametrize(
    "width, height", [(12_500, 12_000), (20_000, 20_000)]
)  # 150 and 400 megapixels
def test_absurdly_large_image_is_refused_before_decoding(width, height):
    """Refused from the header alone (never decoded), with advice."""
    import struct
    import zlib

    from app.ocr import UnreadableImage, load_image

    buf = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buf, "PNG")
    png = bytearray(buf.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(png[24:29])
    png[16:29] = ihdr
    png[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    with pytest.raises(UnreadableImage, match="too large.*normal resolution"):
        load_image(bytes(png))
