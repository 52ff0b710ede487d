"""Masking of personal data: the one place that decides how an ID number, phone or card
reference looks on screens, in PDFs, logs and exceptions (docs/architecture.md, security rules)."""

from __future__ import annotations

import re

_MASK = "*"


def mask_id_number(value: str) -> str:
    """110105198507231238 -> 110***********1238 (first 3, last 4 kept)."""
    v = value.strip()
    if len(v) <= 7:
        return _MASK * len(v)
    return v[:3] + _MASK * (len(v) - 7) + v[-4:]


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678."""
    v = value.strip()
    if len(v) < 8:
        return _MASK * len(v)
    return v[:3] + _MASK * (len(v) - 7) + v[-4:]


def mask_reference(value: str) -> str:
    """Bank card / terminal / transfer references: only the last 4 characters stay."""
    v = value.strip()
    if len(v) <= 4:
        return _MASK * len(v)
    return _MASK * (len(v) - 4) + v[-4:]


def mask_name(value: str) -> str:
    """张三丰 -> 张**; Latin names keep their first letter."""
    v = value.strip()
    if not v:
        return v
    return v[0] + _MASK * max(1, len(v) - 1)


def mask_email(value: str) -> str:
    """zhang.wei@example.com -> zh***@example.com."""
    local, at, domain = value.strip().partition("@")
    if not at:
        return mask_reference(value)
    return local[:2] + _MASK * 3 + "@" + domain


# Free text (log lines, exception messages): anything that looks like an 18/15-character
# ID number, a mainland mobile, or a long digit run (card numbers) is masked.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_CARD_RE = re.compile(r"(?<!\d)(\d{12,19})(?!\d)")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def mask_text(text: str) -> str:
    """Mask personal numbers wherever they appear in free text."""
    text = _ID_RE.sub(lambda m: mask_id_number(m.group(1)), text)
    text = _PHONE_RE.sub(lambda m: mask_phone(m.group(1)), text)
    text = _CARD_RE.sub(lambda m: mask_reference(m.group(1)), text)
    text = _EMAIL_RE.sub(lambda m: mask_email(m.group(0)), text)
    return text


def mask_address(value: str) -> str:
    """北京市朝阳区建国路88号 -> 北京市朝阳区****: the region stays, the street and number do not."""
    v = value.strip()
    if len(v) <= 6:
        return _MASK * len(v)
    return v[:6] + _MASK * 4


# How each kind of personal value looks wherever it is shown (a change's before and after).
_BY_KIND = {
    "id": mask_id_number,
    "phone": mask_phone,
    "reference": mask_reference,
    "name": mask_name,
    "email": mask_email,
    "address": mask_address,
}


def mask_as(kind: str | None, value: str | None) -> str | None:
    """`value` masked as a `kind` ("id", "phone", "reference", "name", "email", "address");
    a value with no kind is not personal and is shown as it is."""
    if value is None or kind is None:
        return value
    return _BY_KIND[kind](value)
