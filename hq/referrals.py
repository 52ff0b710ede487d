"""Referrals: an outlet asks head office to decide a quote it may not issue on its own; an
underwriter approves or declines with a note; the outlet polls for the decision."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import ChudanError, NotFound
from hq.models import Device, Referral, utcnow
from hq.personal_data import DataKey
from sync.protocol import ReferralStatus, ReferralSubmit


def status_of(row: Referral) -> ReferralStatus:
    # Validated, not constructed: the row holds the id and status as text.
    return ReferralStatus.model_validate(
        {
            "referral_id": row.id,
            "status": row.status,
            "note": row.decision_note,
            "decided_at": row.decided_at,
        }
    )


def submit(session: Session, device: Device, body: ReferralSubmit, key: DataKey) -> Referral:
    """Idempotent on the outlet-chosen id: a resend returns the stored referral unchanged."""
    rid = str(body.referral_id)
    row = session.get(Referral, rid)
    if row is not None:
        if row.device_id != device.id:
            raise NotFound("No such referral for this device.", zh="本设备没有该转报记录。")
        return row
    row = Referral(
        id=rid,
        device_id=device.id,
        outlet_code=device.outlet_code,
        draft_id=body.draft_id,
        policy_number=body.policy_number,
        reasons_json=json.dumps(body.reasons, ensure_ascii=False),
        # What the clerk sent may name the customer: sealed (hq.personal_data).
        submitted_json=key.seal(
            json.dumps(
                {"quote_request": body.quote_request, "quote_summary": body.quote_summary},
                ensure_ascii=False,
            ),
            f"referrals.submitted_json:{rid}",
        ),
        note=key.seal(body.note, f"referrals.note:{rid}"),
        status="pending",
        decision_note="",
        submitted_at=utcnow(),
    )
    session.add(row)
    return row


def for_device(session: Session, device_id: str, referral_id: str) -> Referral | None:
    row = session.get(Referral, referral_id)
    return row if row is not None and row.device_id == device_id else None


def decide(session: Session, referral_id: str, approve: bool, note: str) -> Referral:
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFound(
            f"No referral {referral_id}; see `chudan-hq referrals list`.",
            zh=f"没有转报 {referral_id}，请用 chudan-hq referrals list 查看。",
        )
    if row.status != "pending":
        raise ChudanError(
            f"Referral {referral_id} was already {row.status} on {row.decided_at:%Y-%m-%d %H:%M}; "
            "a decision is final. Ask the outlet to submit a new referral.",
            zh=f"转报 {referral_id} 已于 {row.decided_at:%Y-%m-%d %H:%M} 处理，决定不可更改。",
        )
    row.status = "approved" if approve else "declined"
    row.decision_note = note
    row.decided_at = utcnow()
    return row


def listing(session: Session, key: DataKey, status: str | None = None) -> list[dict[str, Any]]:
    stmt = select(Referral).order_by(Referral.submitted_at)
    if status:
        stmt = stmt.where(Referral.status == status)

    def submitted(r: Referral) -> dict[str, Any]:
        return dict(json.loads(key.open(r.submitted_json, f"referrals.submitted_json:{r.id}")))

    return [
        {
            "referral_id": r.id,
            "outlet_code": r.outlet_code,
            "draft_id": r.draft_id,
            "policy_number": r.policy_number,
            "reasons": json.loads(r.reasons_json),
            "status": r.status,
            "note": key.open(r.note, f"referrals.note:{r.id}"),
            "decision_note": r.decision_note,
            "submitted_at": r.submitted_at.isoformat() if r.submitted_at else "",
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
            "quote_summary": submitted(r).get("quote_summary", {}),
        }
        for r in session.scalars(stmt)
    ]
