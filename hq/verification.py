"""Head office checks a printed policy's QR token offline: the signer is a device it provisioned,
whose document-signing key the device registered (`PUT /device/signing-key`); the signature must
verify with that key, and when the policy has been received, what the token says must be what the
device uploaded (number, schedule hash, total, period, VIN, confirmation code)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.money import fmt_amount
from app.core.policy_tokens import PolicyToken, parse_token, signature_valid
from hq.models import Device, Policy
from hq.personal_data import DataKey

# genuine: a known device signed it and it matches the policy received; genuine_not_received:
# signed by a known device, policy not uploaded yet; differs: signed, but the upload says
# otherwise; altered: the signature does not match; unknown_device / no_key: cannot be checked.
OK_STATUSES = ("genuine", "genuine_not_received")


@dataclass
class HqVerification:
    status: str
    token: PolicyToken
    message: str
    outlet: str = ""
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "ok": self.ok,
            "outlet": self.outlet or None,
            "differences": self.differences,
            "token": self.token.to_json(),
            "message": self.message,
        }


def _differences(token: PolicyToken, policy: Policy, key: DataKey) -> list[str]:
    content = json.loads(key.open(policy.content_json, f"policies.content_json:{policy.policy_id}"))
    out = []
    if content.get("schedule_hash") and content["schedule_hash"] != token.schedule_hash:
        out.append("schedule")
    total = (content.get("premium") or {}).get("total")
    if total is not None and Decimal(str(total)) != token.total:
        out.append("total")
    if policy.period_start and (policy.period_start, policy.period_end) != (
        token.start.isoformat(),
        token.end.isoformat(),
    ):
        out.append("period")
    if policy.vin and policy.vin != token.vin:
        out.append("vin")
    if token.kind == "policy" and policy.confirmation_code != token.confirmation_code:
        out.append("confirmation_code")
    return out


def verify_token(session: Session, key: DataKey, text: str) -> HqVerification:
    """Raises TokenMalformed (InvalidInput) for text that is no token."""
    token, signed, signature = parse_token(text)
    if token.local_signer:
        return HqVerification(
            "unknown_device",
            token,
            f"Signed by a desk that was never provisioned ({token.signer}): a demonstration, "
            "not a policy of this head office.",
        )
    device = session.get(Device, token.signer)
    if device is None:
        return HqVerification(
            "unknown_device",
            token,
            f"No device {token.signer} was provisioned here: not a document of this head office.",
        )
    if not device.signing_key:
        return HqVerification(
            "no_key",
            token,
            f"Device {device.id} (outlet {device.outlet_code}) has not registered its signing key "
            "yet; it does at its next sync. Check again then.",
            device.outlet_code,
        )
    if not signature_valid(signed, signature, base64.b64decode(device.signing_key)):
        return HqVerification(
            "altered",
            token,
            "The signature does not match what the code says: the document was altered or forged.",
            device.outlet_code,
        )
    revoked = f" (device revoked {device.revoked_at:%Y-%m-%d})" if device.revoked_at else ""
    policy = session.scalars(
        select(Policy).where(
            Policy.policy_number == token.policy_number, Policy.device_id == device.id
        )
    ).first()
    what = f"{token.policy_number}, VIN {token.vin}, {token.start}–{token.end}, total {fmt_amount(token.total)}"
    if policy is None:
        return HqVerification(
            "genuine_not_received",
            token,
            f"Signed by device {device.id} of outlet {device.outlet_code}{revoked} ({what}); "
            "the policy has not been received yet.",
            device.outlet_code,
        )
    diffs = _differences(token, policy, key)
    if diffs:
        return HqVerification(
            "differs",
            token,
            f"Signed by device {device.id} of outlet {device.outlet_code}, but the policy it "
            f"uploaded differs in: {', '.join(diffs)}.",
            device.outlet_code,
            diffs,
        )
    return HqVerification(
        "genuine",
        token,
        f"Genuine: signed by device {device.id} of outlet {device.outlet_code}{revoked} and "
        f"matching the policy received ({what}; confirmation {policy.confirmation_code}).",
        device.outlet_code,
    )
