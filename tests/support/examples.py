"""The example requests the repository ships (resources/examples), as tests read them."""

from __future__ import annotations

import json
from typing import Any

from tests.support.paths import EXAMPLES

POLICY_REQUEST_FILE = EXAMPLES / "policy-request.json"
QUOTE_REQUEST_FILE = EXAMPLES / "quote-request.json"

# Shared by many tests: never change it in place, take a `copy.deepcopy` first.
POLICY_REQUEST: dict[str, Any] = json.loads(POLICY_REQUEST_FILE.read_text(encoding="utf-8"))


def registry_answer(
    model: str = "大众汽车牌 SVW71810BU", usage: str = "非营运", found: bool = True
) -> dict[str, Any]:
    """What the vehicle registry answers for the example vehicle (by default: it matches)."""
    record = {
        "vin": "LSVCC6A45PN123456",
        "plate": "京A12345",
        "model": model,
        "usage_nature": usage,
        "owner_name_masked": "张*",
    }
    return {"found": found, "vehicle": record if found else None}
