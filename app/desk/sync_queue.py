"""What waits for head office, as the sync page lists it: policies to upload (and look-ups and
referrals asked while offline), newest first, with attempts and the last error. Read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.core.masking import mask_text
from local_db.models import OutboxItem, Policy
from local_db.store import Store

KIND_NAMES_ZH = {
    "policy": "保单上传",
    "endorsement": "批改",
    "cancellation": "退保",
    "lookup": "查询",
    "referral": "核保转总公司",
}
STATUS_NAMES_ZH = {
    "pending": "等待发送",
    "submitted": "已提交，等待答复",
    "rejected": "被退回",
    "acked": "已确认",
    "failed": "失败",
}


@dataclass(frozen=True)
class QueueRow:
    kind: str
    what: str  # the policy number, or the look-up's subject
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str  # masked


def waiting(store: Store, limit: int = 200) -> list[QueueRow]:
    with store.read() as s:
        rows = s.execute(
            select(
                OutboxItem.kind,
                OutboxItem.status,
                OutboxItem.attempts,
                OutboxItem.next_attempt_at,
                OutboxItem.last_error,
                OutboxItem.idempotency_key,
                Policy.policy_number,
            )
            .outerjoin(Policy, Policy.id == OutboxItem.policy_id)
            .where(OutboxItem.status.not_in(("acked",)))
            .order_by(OutboxItem.id.desc())
            .limit(limit)
        ).all()
    return [
        QueueRow(kind, number or key[:12], status, attempts or 0, next_at, mask_text(error or ""))
        for kind, status, attempts, next_at, error, key, number in rows
    ]


def waiting_count(rows: list[QueueRow]) -> int:
    """How many of the listed rows still wait: anything not sent yet, and look-ups and
    referrals sent but not answered (the sync worker's queue length counts the same). The sync
    page shows it above the list it is counted from, so the two never disagree."""
    return sum(
        1
        for r in rows
        if r.status == "pending" or (r.status == "submitted" and r.kind in ("lookup", "referral"))
    )
