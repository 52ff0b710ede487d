"""The signed schedule (the review and signature step, docs/issuance.md): what the customer saw when
they signed (parties, vehicle, covers with sums insured, limits and deductibles, period, premium,
and what was priced), frozen by a hash stored with the time of signing. Taking money and issuing
compare the schedule as it stands then with the signed one and refuse on any difference, so nothing
after the signature can change what was signed; the customer signs again instead.

In the wizard the signature is kept with the draft (a `signature` document whose `extracted`
holds the hash, the time and the signed schedule, so the refusal can say what changed); the
policy row only exists from bind on, and takes the hash and time from it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.changes import Changes
from app.core.errors import InvalidInput
from app.issuance.schedule import canonical_hash
from local_db.models import Document

SIGNATURE_KIND = "signature"

# The sections of a schedule, as a refusal names them.
_SECTIONS = {
    "parties": ("names, ID numbers and phones", "投保人、被保险人或车主信息"),
    "vehicle": ("the vehicle", "车辆信息"),
    "covers": ("covers, sums insured, limits or deductibles", "险种、保额、限额或免赔"),
    "period": ("the period of cover", "保险期间"),
    "premium": ("the premium", "保费"),
    "priced": (
        "what was priced (history, coefficients, promotions)",
        "报价依据（理赔记录、系数、优惠）",
    ),
}


class ScheduleChanged(InvalidInput):
    """The schedule is not the one the customer signed (or nobody signed yet): back to the
    signature step. The wizard recognises this error and goes there."""


@dataclass(frozen=True)
class Signature:
    schedule_hash: str
    signed_at: datetime
    schedule: dict[str, Any]
    document_id: int

    @property
    def total(self) -> str:
        return str(self.schedule["premium"]["total"])

    @property
    def changes(self) -> Changes:
        return Changes(drafts=True)


def store_signature(
    session: Session, draft_id: str, customer_strokes: list, schedule: dict[str, Any], at: datetime
) -> Signature:
    """Keep the customer's strokes with the hash of what they signed (a new record each time the
    customer signs; the newest counts)."""
    digest = canonical_hash(schedule)
    doc = Document(
        kind=SIGNATURE_KIND,
        draft_id=draft_id,
        mime_type="application/json",
        content=json.dumps(customer_strokes).encode(),
        extracted={"schedule_hash": digest, "signed_at": at.isoformat(), "schedule": schedule},
    )
    session.add(doc)
    session.flush()
    return Signature(digest, at, schedule, doc.id)


def latest_signature(session: Session, draft_id: str) -> Signature | None:
    doc = (
        session.execute(
            select(Document)
            .where(
                Document.draft_id == draft_id,
                Document.kind == SIGNATURE_KIND,
                Document.policy_id.is_(None),
            )
            .order_by(Document.id.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )
    if doc is None or not (doc.extracted or {}).get("schedule_hash"):
        return None
    x = doc.extracted or {}
    return Signature(
        x["schedule_hash"], datetime.fromisoformat(x["signed_at"]), x["schedule"], doc.id
    )


def check_signed(signature: Signature | None, current: dict[str, Any]) -> Signature:
    """The signature, when the current schedule is exactly the signed one; otherwise the refusal
    that names what changed."""
    if signature is None:
        raise ScheduleChanged(
            "The customer has not signed this schedule yet: go back to review and signature, check it with "
            "the customer and let them sign.",
            zh="客户尚未在投保单上签名：请返回复核与签名步骤，与客户核对后签名。",
        )
    if canonical_hash(current) == signature.schedule_hash:
        return signature
    changed = [
        k
        for k in _SECTIONS
        if canonical_hash(current.get(k)) != canonical_hash(signature.schedule.get(k))
    ]
    en = ", ".join(_SECTIONS[k][0] for k in changed) or "the schedule"
    zh = "、".join(_SECTIONS[k][1] for k in changed) or "投保单内容"
    raise ScheduleChanged(
        f"The schedule changed since the customer signed it ({en}): nothing was taken or issued. Go back to "
        "review and signature, check the schedule with the customer and let them sign again.",
        zh=f"客户签名后投保单已变更（{zh}），未收费、未出单：请返回复核与签名，与客户重新核对并重新签名。",
    )
