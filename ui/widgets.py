"""Helpers for building widgets."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

W = TypeVar("W", bound=QObject)


def named(widget: W, name: str) -> W:
    """`widget` with its objectName set: what the tests find it by. (PySide6 also takes
    `objectName=` as a constructor keyword, but its type stubs list only each class's own
    properties, so the type checker rejects that spelling.)"""
    widget.setObjectName(name)
    return widget


def field_label(form: QFormLayout, field: QWidget) -> QLabel:
    """The label of `field`'s row in `form` (a row added with a QLabel, retitled on a language
    change)."""
    label = form.labelForField(field)
    if not isinstance(label, QLabel):
        raise LookupError(f"{field.objectName() or field!r} has no label in this form")
    return label
