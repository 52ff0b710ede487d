"""The result of every check (validators and OCR cross-checks): valid or not, the normalised
value, a reason code, a message in Chinese and English that says what to do, and, where one
exists, a suggestion."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class CheckResult:
    valid: bool
    value: str
    reason: str  # "ok" when valid
    message_zh: str
    message_en: str
    suggestion_zh: str | None = None
    suggestion_en: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def message(self, language: str) -> str:
        return self.message_zh if language.startswith("zh") else self.message_en

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "valid": self.valid,
            "value": self.value,
            "reason": self.reason,
            "message": self.message_zh,
            "message_en": self.message_en,
            "suggestion": self.suggestion_zh,
            "suggestion_en": self.suggestion_en,
            "warnings": list(self.warnings),
        }
        for k, v in self.details.items():
            out[k] = v.isoformat() if isinstance(v, date) else v
        return out


def ok(value: str, zh: str = "格式正确。", en: str = "Looks right.", **details: Any) -> CheckResult:
    warnings = tuple(details.pop("warnings", ()))
    return CheckResult(True, value, "ok", zh, en, details=details, warnings=warnings)


def bad(
    value: str,
    reason: str,
    zh: str,
    en: str,
    *,
    suggestion_zh: str | None = None,
    suggestion_en: str | None = None,
    **details: Any,
) -> CheckResult:
    return CheckResult(False, value, reason, zh, en, suggestion_zh, suggestion_en, details=details)


_FULLWIDTH = {
    ord(c): ord(c) - 0xFEE0
    for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
}


def normalise_code(value: str) -> str:
    """Full-width to half-width, spaces and dashes out, upper case: how codes are typed in a hurry."""
    return (
        value.translate(_FULLWIDTH)
        .replace(" ", "")
        .replace("-", "")
        .replace("\u3000", "")
        .strip()
        .upper()
    )
