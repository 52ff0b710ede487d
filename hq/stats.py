"""The counts `chudan-hq stats` reports."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.core.money import fmt_money
from hq.models import (
    AnchorRefusal,
    Device,
    IntakeEvent,
    Policy,
    PolicyChange,
    RateTableVersion,
    RecoveryReport,
    Referral,
)


def collect(engine: Engine) -> dict[str, object]:
    with Session(engine) as s:

        def count(stmt: object) -> int:
            return int(s.scalar(stmt) or 0)  # type: ignore[call-overload]

        return {
            "devices": count(
                select(func.count()).select_from(Device).where(Device.revoked_at.is_(None))
            ),
            "devices_revoked": count(
                select(func.count()).select_from(Device).where(Device.revoked_at.is_not(None))
            ),
            "policies_accepted": count(select(func.count()).select_from(Policy)),
            "duplicates_answered": count(
                select(func.count())
                .select_from(IntakeEvent)
                .where(IntakeEvent.outcome == "duplicate")
            ),
            "rejected": count(
                select(func.count())
                .select_from(IntakeEvent)
                .where(IntakeEvent.outcome == "rejected")
            ),
            "flagged_changed_content": count(
                select(func.count())
                .select_from(IntakeEvent)
                .where(IntakeEvent.reason_code == "changed_content")
            ),
            "rate_table_versions": list(
                s.scalars(select(RateTableVersion.version).order_by(RateTableVersion.version))
            ),
            **_changes(s),
            "referrals_pending": count(
                select(func.count()).select_from(Referral).where(Referral.status == "pending")
            ),
            # Desks that recovered administrator access without an administrator (audited at
            # the desk, reported at the next sync), and audit chains refused as shrunk or forked.
            "admin_recoveries_reported": count(select(func.count()).select_from(RecoveryReport)),
            "audit_anchors_refused": count(select(func.count()).select_from(AnchorRefusal)),
        }


def _changes(s: Session) -> dict[str, object]:
    """Endorsements and cancellations (hq.changes): accepted, refused, and the refunds owed."""
    rows = s.execute(
        select(PolicyChange.kind, PolicyChange.outcome, func.count()).group_by(
            PolicyChange.kind, PolicyChange.outcome
        )
    ).all()
    n = {(k, o): int(c) for k, o, c in rows}
    owed = list(s.scalars(select(PolicyChange.refund).where(PolicyChange.refund_state == "owed")))
    return {
        "endorsements_accepted": n.get(("endorsement", "accepted"), 0),
        "cancellations_accepted": n.get(("cancellation", "accepted"), 0),
        "changes_rejected": sum(c for (_k, o), c in n.items() if o == "rejected"),
        "changes_held": sum(c for (_k, o), c in n.items() if o == "held"),
        "refunds_owed": len(owed),
        "refunds_owed_total": fmt_money(sum((Decimal(x) for x in owed if x), Decimal(0))),
    }
