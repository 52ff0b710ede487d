"""Is this printed policy genuine? The token in its QR code (app/core/policy_tokens.py) is checked
against the keys this desk has signed with, then against the policy this desk holds under that
number. A token another desk signed cannot be checked here: head office can
(`chudan-hq policy verify`), and the answer says so rather than guessing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.money import fmt_amount
from app.core.policy_tokens import PolicyToken, parse_token, signature_valid
from app.issuance.device_key import known_public_keys
from app.issuance.lifecycle import STATE_NAMES_ZH, State
from local_db.models import Policy, Vehicle

# genuine: signed by this desk and matching the policy it holds; genuine_not_held: signed by
# this desk, but the policy is not in this store (a store restored from an older backup);
# altered: the signature does not match what the token says; other_signer: signed by a key this
# desk does not hold (another desk, or head office's check is needed).
STATUSES = ("genuine", "genuine_not_held", "altered", "other_signer")


@dataclass
class Verification:
    status: str
    token: PolicyToken
    message: str
    message_zh: str
    state: str = ""  # the held policy's state (bound, confirmed, …)
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("genuine", "genuine_not_held") and not self.differences

    def localized(self, language: str) -> str:
        return self.message_zh if language.startswith("zh") else self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "ok": self.ok,
            "token": self.token.to_json(),
            "policy_state": self.state or None,
            "differences": self.differences,
            "message": self.message,
            "message_zh": self.message_zh,
        }


def _differences(token: PolicyToken, policy: Policy, vin: str) -> list[str]:
    out = []
    if (policy.schedule_hash or "") != token.schedule_hash:
        out.append("schedule")
    if policy.premium_total is not None and policy.premium_total != token.total:
        out.append("total")
    if (policy.start_date, policy.end_date) != (token.start, token.end):
        out.append("period")
    if vin != token.vin:
        out.append("vin")
    if token.kind == "policy" and (policy.confirmation_code or "") != token.confirmation_code:
        out.append("confirmation_code")
    return out


def verify_token(session: Session, text: str) -> Verification:
    """Raises TokenMalformed (an InvalidInput) for text that is no token at all."""
    token, signed, signature = parse_token(text)
    what = (
        f"{token.policy_number}, VIN {token.vin}, {token.start}–{token.end}, "
        f"total {fmt_amount(token.total)}"
    )
    what_zh = (
        f"保单号 {token.policy_number}，车架号 {token.vin}，保险期间 {token.start} 至 {token.end}，"
        f"合计 {fmt_amount(token.total)} 元"
    )
    key = known_public_keys(session).get(token.signer)
    if key is None:
        if token.local_signer:
            en = (
                f"Signed by a desk that was never provisioned ({token.signer}), not this one: only "
                "that desk can check it. A demo desk's documents are not policies."
            )
            zh = f"该凭证由一台未开通的出单台（{token.signer}）签发，不是本机：只有该设备能核验。演示设备出具的单证不是有效保单。"
        else:
            en = (
                f"Signed by device {token.signer}, not this desk: head office checks it "
                "(chudan-hq policy verify)."
            )
            zh = f"该凭证由设备 {token.signer} 签发，不是本机：请由总公司核验（chudan-hq policy verify）。"
        return Verification("other_signer", token, en, zh)
    if not signature_valid(signed, signature, key):
        return Verification(
            "altered",
            token,
            "The signature does not match what the code says: this document was altered or is "
            "not genuine. Do not accept it; compare it with the policy in 保单.",
            "签名与二维码内容不符：该单证已被改动或并非真实出具，请勿接受，并与系统中的保单核对。",
        )
    row = session.execute(
        select(Policy, Vehicle)
        .join(Vehicle, Vehicle.id == Policy.vehicle_id)
        .where(Policy.policy_number == token.policy_number)
    ).first()
    demo = (
        " This desk is not provisioned: its documents are demonstrations, not policies."
        if token.local_signer
        else ""
    )
    demo_zh = "本机尚未开通：其单证仅为演示，不是有效保单。" if token.local_signer else ""
    if row is None:
        return Verification(
            "genuine_not_held",
            token,
            f"Genuine: signed by this desk ({what}), but this desk's store does not hold the policy "
            f"(restored from an older backup?).{demo}",
            f"真实：由本机签发（{what_zh}），但本机数据中没有这张保单（是否从较早的备份恢复？）。{demo_zh}",
        )
    policy, vehicle = row
    state_zh = STATE_NAMES_ZH.get(State(policy.state), policy.state)
    diffs = _differences(token, policy, vehicle.vin)
    if diffs:
        return Verification(
            "genuine",
            token,
            f"Signed by this desk, but the policy it holds differs in: {', '.join(diffs)}. "
            "Check the paper against the policy in 保单.",
            f"由本机签发，但与本机保存的保单不一致（{'、'.join(diffs)}），请与系统中的保单核对。",
            policy.state,
            diffs,
        )
    return Verification(
        "genuine",
        token,
        f"Genuine: signed by this desk and matching its policy ({what}; now {policy.state}).{demo}",
        f"真实：由本机签发，与本机保存的保单一致（{what_zh}；当前状态：{state_zh}）。{demo_zh}",
        policy.state,
    )
