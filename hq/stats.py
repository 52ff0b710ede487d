"""The counts `chudan-hq stats` reports."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from hq.models import (
    AnchorRefusal,
    Device,
    IntakeEvent,
    Policy,
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
            "referrals_pending": count(
                select(func.count()).select_from(Referral).where(Referral.status == "pending")
            ),
            # Desks that recovered administrator access without an administrator (audited at
            # the desk, reported at the next sync), and audit chains refused as shrunk or forked.
            "admin_recoveries_reported": count(select(func.count()).select_from(RecoveryReport)),
            "audit_anchors_refused": count(select(func.count()).select_from(AnchorRefusal)),
        }
