"""Reading ID cards and driving licences offline: the engine (app.ocr.engine) finds and reads
text boxes; the readers turn them into fields with confidences; cross-checks repair or flag
numbers. `OcrService` (app.ocr.service) loads the engine once and is used from one worker thread.

This package's own namespace is lazy: importing a light part (app.ocr.settings, for the settings
page) must not bring numpy, Pillow and the engine into a window that reads no document yet (the
idle window's memory is a figure)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.ocr.boxes import TextBox
    from app.ocr.engine import OcrUnavailable
    from app.ocr.images import UnreadableImage, load_image
    from app.ocr.service import KINDS, DocumentResult, OcrService, read_document

_WHERE = {
    "KINDS": "app.ocr.service",
    "DocumentResult": "app.ocr.service",
    "OcrService": "app.ocr.service",
    "read_document": "app.ocr.service",
    "OcrUnavailable": "app.ocr.engine",
    "TextBox": "app.ocr.boxes",
    "UnreadableImage": "app.ocr.images",
    "load_image": "app.ocr.images",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'app.ocr' has no attribute {name!r}")


__all__ = [
    "KINDS",
    "DocumentResult",
    "OcrService",
    "OcrUnavailable",
    "TextBox",
    "UnreadableImage",
    "load_image",
    "read_document",
]
