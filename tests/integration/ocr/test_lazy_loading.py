"""OCR costs nothing until a document is read: checked in a fresh interpreter, since this test
process has long imported everything."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.live  # a Python process of its own


def test_the_settings_page_part_of_ocr_loads_no_engine_numpy_or_pillow():
    """The idle window shows the OCR settings box; the engine and its numpy/Pillow come only with
    the first document (the idle window's memory is a start-up figure)."""
    code = (
        "import sys, app.ocr.settings, ui.pages.ocr_box; "
        "print(sorted(m for m in ('numpy', 'PIL', 'onnxruntime', 'rapidocr', 'app.ocr.service') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.strip()
    assert out == "[]"
