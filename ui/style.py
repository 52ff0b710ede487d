"""The window's one style sheet: spacing, grouped sections, one accent colour, a clear primary
button, and the states a field can be in (to check against the document, wrong, filled from a
document). Widgets never carry their own colours: they set a property (`state`, `role`, `tone`)
and this sheet says what it looks like, so the look is decided here and only here."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

ACCENT = "#1565c0"
ACCENT_DARK = "#0d47a1"
DANGER = "#c62828"
WARNING = "#b26a00"
OK = "#1b5e20"
CHECK_BG = "#fff8e1"
CHECK_BORDER = "#f9a825"
PANEL = "#f4f6f9"
LINE = "#d5dbe3"

STYLE_SHEET = f"""
QWidget {{ font-size: 10pt; }}
QMainWindow, QDialog {{ background: #ffffff; }}
QGroupBox {{
    border: 1px solid {LINE}; border-radius: 6px; margin-top: 14px; padding: 10px 10px 6px 10px;
    background: #ffffff;
}}
QGroupBox::title {{
    subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {ACCENT_DARK}; font-weight: bold;
}}
QLineEdit, QComboBox, QDateEdit, QSpinBox {{
    border: 1px solid #b0bac6; border-radius: 4px; padding: 3px 6px; min-height: 22px;
    background: #ffffff;
}}
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus {{
    border: 2px solid {ACCENT};
}}
QLineEdit[state="review"], QComboBox[state="review"] {{
    background: {CHECK_BG}; border: 2px solid {CHECK_BORDER};
}}
QLineEdit[state="bad"] {{ border: 2px solid {DANGER}; }}
QLineEdit:disabled {{ background: #eef1f4; color: #6b7785; }}
QPushButton {{
    border: 1px solid #9aa7b5; border-radius: 4px; padding: 5px 12px; background: #f7f9fb;
}}
QPushButton:hover {{ background: #e9eef4; }}
QPushButton:disabled {{ color: #9aa7b5; border-color: #d0d6dd; }}
QPushButton[role="primary"] {{
    background: {ACCENT}; color: #ffffff; border: 1px solid {ACCENT_DARK}; font-weight: bold;
    padding: 6px 18px;
}}
QPushButton[role="primary"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton[role="primary"]:disabled {{ background: #9fb7d6; border-color: #9fb7d6; }}
QPushButton[role="plan"] {{
    text-align: left; padding: 8px 12px; border: 1px solid {LINE}; border-radius: 6px;
    background: #ffffff;
}}
QPushButton[role="plan"]:checked {{ border: 2px solid {ACCENT}; background: #e8f0fb; }}
QPushButton[role="link"] {{ border: none; background: transparent; color: {ACCENT}; padding: 0 2px; }}
QLabel[tone="problem"] {{ color: {DANGER}; }}
QLabel[tone="warning"] {{ color: {WARNING}; }}
QLabel[tone="ok"] {{ color: {OK}; }}
QLabel[tone="muted"] {{ color: #5f6b78; }}
QLabel[tone="premium"] {{ color: {ACCENT_DARK}; font-size: 16pt; font-weight: bold; }}
QLabel[tone="title"] {{ font-size: 15pt; font-weight: bold; }}
QLabel[tone="source"] {{
    color: {ACCENT_DARK}; background: #e3edf9; border-radius: 3px; padding: 0 4px; font-size: 8pt;
}}
QLabel#wizardHeader {{ font-size: 11pt; padding: 4px 0; }}
QLabel#syncState {{ font-size: 12pt; }}
QCheckBox[role="emphasis"] {{ font-weight: bold; }}
QPushButton#statusSync {{ border: none; background: transparent; padding: 0 6px; }}
QPushButton[tone="ok"] {{ color: {OK}; }}
QPushButton[tone="warning"] {{ color: {WARNING}; }}
QPushButton[tone="problem"] {{ color: {DANGER}; }}
QPushButton[tone="muted"] {{ color: #5f6b78; }}
QFrame#summaryPanel {{ background: {PANEL}; border: 1px solid {LINE}; border-radius: 6px; }}
QFrame#summaryPanel QLabel {{ background: transparent; }}
QLabel#summaryTitle {{ font-weight: bold; color: {ACCENT_DARK}; }}
QLabel#summaryPremium {{ font-size: 14pt; font-weight: bold; color: {ACCENT_DARK}; }}
QScrollArea#stepScroll {{ border: none; background: #ffffff; }}
QWidget#stepBody {{ background: #ffffff; }}
QListWidget#navigation {{ font-size: 12pt; border: none; background: {PANEL}; }}
QListWidget#navigation::item {{ padding: 10px 8px; }}
QListWidget#navigation::item:selected {{ background: {ACCENT}; color: #ffffff; }}
QTableWidget {{ gridline-color: {LINE}; }}
QHeaderView::section {{ background: {PANEL}; border: none; border-bottom: 1px solid {LINE}; padding: 4px; }}
QProgressBar {{ border: 1px solid {LINE}; border-radius: 3px; max-height: 8px; background: #ffffff; }}
QProgressBar::chunk {{ background: {ACCENT}; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(STYLE_SHEET)


def set_state(widget: QWidget, prop: str, value: str) -> None:
    """Set a property the style sheet reads and have the widget drawn again by it."""
    if widget.property(prop) == value:
        return
    widget.setProperty(prop, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
