"""The registry look-up compared with what the clerk has from the 行驶证 (docs/regulations.md §8.2: the
outlet binds on what it can check; a mismatch or a look-up that cannot run offline flags the policy
for manual verification, and the flag follows the policy)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from app.vehicle import check_usage_code

Status = Literal["matched", "mismatch", "not_found", "pending"]
FLAG_PENDING = "registry_lookup_pending"
FLAG_MISMATCH = "registry_mismatch"
FLAG_NOT_FOUND = "registry_not_found"


@dataclass(frozen=True)
class RegistryCheck:
    status: Status
    differences_zh: list[str] = field(default_factory=list)
    differences_en: list[str] = field(default_factory=list)
    fields: tuple[str, ...] = ()  # which of the vehicle's fields differ: "model", "usage"

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "differences_zh": self.differences_zh,
            "differences_en": self.differences_en,
        }

    @property
    def flag(self) -> str | None:
        return {"matched": None, "mismatch": FLAG_MISMATCH, "not_found": FLAG_NOT_FOUND}.get(
            self.status, FLAG_PENDING
        )


def _plain(text: str) -> str:
    return re.sub(r"[\s·\-_/]", "", text or "").upper()


def compare(vehicle: dict[str, Any], answer: dict[str, Any] | None) -> RegistryCheck:
    """`vehicle` as the wizard holds it (brand_model, usage); `answer` is head office's
    VehicleLookupResponse as JSON, or None while the look-up waits."""
    if answer is None:
        return RegistryCheck("pending")
    if not answer.get("found") or not answer.get("vehicle"):
        return RegistryCheck(
            "not_found", ["登记系统中查无此车"], ["the registry has no such vehicle"]
        )
    rec = answer["vehicle"]
    zh, en, fields = [], [], []
    ours, theirs = _plain(vehicle.get("brand_model") or ""), _plain(rec.get("model") or "")
    if ours and theirs and ours not in theirs and theirs not in ours:
        zh.append(f"品牌型号：行驶证为 {vehicle.get('brand_model')}，登记为 {rec.get('model')}")
        en.append(f"model: licence {vehicle.get('brand_model')}, registry {rec.get('model')}")
        fields.append("model")
    registered = check_usage_code(rec.get("usage_nature") or "")
    usage = vehicle.get("usage") or ""
    if registered.valid and usage and registered.value != usage:
        zh.append(f"使用性质：录入为 {usage}，登记为 {registered.value}")
        en.append(f"usage nature: entered {usage}, registry {registered.value}")
        fields.append("usage")
    return RegistryCheck("mismatch" if zh else "matched", zh, en, tuple(fields))
