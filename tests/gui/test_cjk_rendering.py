"""Chinese renders as Chinese: the log-in window's own strings are drawn with real glyphs, not the
empty boxes ("tofu") a machine without a CJK font shows (the main window, docs/ui.md)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from tests.support.screenshots import shot


def _drawn(text: str, font: QFont) -> bytes:
    img = QImage(64, 64, QImage.Format.Format_Grayscale8)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(font)
    p.setPen(QColor("black"))
    p.drawText(img.rect(), Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return bytes(img.constBits())


def test_the_login_window_draws_distinct_chinese_glyphs(qtbot, gui_ctx):
    from ui.login_dialog import LoginDialog

    d = LoginDialog(gui_ctx)
    qtbot.addWidget(d)
    d.show()
    path = shot(d, "login-cjk")
    assert path.stat().st_size > 0
    title = d.windowTitle()  # 出单台 — 登录
    hanzi = [c for c in dict.fromkeys(title) if "\u4e00" <= c <= "\u9fff"]
    assert len(hanzi) >= 4, title
    blank = _drawn("", d.font())
    drawn = {c: _drawn(c, d.font()) for c in hanzi}
    # Every character leaves ink, and no two characters look alike: tofu boxes are all the same.
    assert all(img != blank for img in drawn.values())
    assert len(set(drawn.values())) == len(hanzi)
    # The same holds for a character with many strokes next to a simple one.
    assert _drawn("出", d.font()) != _drawn("單", d.font())
