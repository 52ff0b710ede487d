"""Screenshots GUI tests keep of what they checked, for people to look at (not compared)."""

from __future__ import annotations

from pathlib import Path

SHOTS = Path("/tmp/chudan-shots")


def shot(widget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    from PySide6.QtWidgets import QApplication

    # A retranslate posts layout requests; grabbing before they run shows labels clipped to
    # the other language's widths, which the running app never shows.
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path
