"""Audit anchoring at head office: each sync's chain head from a desk is kept, and a head that
does not extend the last one acknowledged is refused (and the refusal kept): fewer events than
before (events deleted), or another hash at the count acknowledged (events rewritten). The
administrator recoveries a desk recorded travel with its anchor; they are kept once each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq.models import AnchorRefusal, AuditAnchor, Device, RecoveryReport
from hq.personal_data import DataKey
from sync.protocol import AnchorReport, AnchorState, RecoveryEvent


@dataclass(frozen=True)
class Refused:
    reason_code: str  # "chain_shrank" | "chain_resealed" | "chain_forked" | "stale_anchor"
    message: str
    message_zh: str


def last_anchor(session: Session, device: Device) -> AuditAnchor | None:
    return session.scalars(
        select(AuditAnchor)
        .where(AuditAnchor.device_id == device.id)
        .order_by(AuditAnchor.id.desc())
        .limit(1)
    ).first()


def state_of(session: Session, device: Device) -> AnchorState:
    last = last_anchor(session, device)
    if last is None:
        return AnchorState(count=0)
    return AnchorState(count=last.count, head_hash=last.head_hash, acknowledged_at=last.received_at)


def _check(report: AnchorReport, last: AuditAnchor | None) -> Refused | None:
    held = last.count if last else 0
    if report.since != held:
        return Refused(
            "stale_anchor",
            f"Head office holds an anchor of {held} events, not {report.since}: sync again.",
            f"总部持有的审计锚点为 {held} 条事件，而非 {report.since} 条，请重新同步。",
        )
    if last is None:
        return None
    if report.count < last.count:
        return Refused(
            "chain_shrank",
            f"The desk's audit log has {report.count} events, fewer than the {last.count} head "
            f"office acknowledged on {last.received_at:%Y-%m-%d %H:%M} UTC: events were deleted. "
            "Keep the desk as it is and call head office.",
            f"本设备审计日志仅有 {report.count} 条事件，少于总部已确认的 {last.count} 条：有事件被删除。"
            "请保持现状并联系总部。",
        )
    if last.sealed_from is not None and report.sealed_from != last.sealed_from:
        return Refused(
            "chain_resealed",
            f"The desk's audit log is sealed from event {report.sealed_from}, but it was sealed "
            f"from event {last.sealed_from} when head office acknowledged it on "
            f"{last.received_at:%Y-%m-%d %H:%M} UTC: its seal or seal key was removed and made "
            "again. Keep the desk as it is and call head office.",
            f"本设备审计日志的封印起点由第 {last.sealed_from} 条变为第 {report.sealed_from} 条："
            "封印或封印密钥曾被删除后重建。请保持现状并联系总部。",
        )
    if report.hash_at_since != last.head_hash or (
        report.count == last.count and report.head_hash != last.head_hash
    ):
        return Refused(
            "chain_forked",
            f"The desk's audit log differs at event {last.count} from what head office "
            f"acknowledged on {last.received_at:%Y-%m-%d %H:%M} UTC: events were rewritten (or "
            "the desk was restored from an older backup: provision it again as a new device). "
            "Keep the desk as it is and call head office.",
            f"本设备审计日志第 {last.count} 条事件与总部已确认的不符：事件被改写（或从旧备份恢复，需重新开通）。"
            "请保持现状并联系总部。",
        )
    return None


def _keep_recoveries(
    session: Session, device: Device, key: DataKey, events: list[RecoveryEvent]
) -> int:
    known = set(
        session.scalars(
            select(RecoveryReport.event_id).where(
                RecoveryReport.device_id == device.id,
                RecoveryReport.event_id.in_([e.event_id for e in events]),
            )
        )
    )
    added = 0
    for e in events:
        if e.event_id in known:
            continue  # sent again after an answer that was lost: kept once
        known.add(e.event_id)
        session.add(
            RecoveryReport(
                device_id=device.id,
                event_id=e.event_id,
                ts=e.ts,
                actor=e.actor,
                summary=key.seal(e.summary, f"recovery_reports.summary:{device.id}:{e.event_id}"),
            )
        )
        added += 1
    return added


def receive(
    session: Session, device: Device, key: DataKey, report: AnchorReport, now: datetime
) -> AnchorState | Refused:
    """Keep the anchor (and its recoveries) or the refusal; the caller commits."""
    last = last_anchor(session, device)
    refused = _check(report, last)
    if refused is not None:
        if refused.reason_code != "stale_anchor":
            session.add(
                AnchorRefusal(
                    device_id=device.id,
                    reason_code=refused.reason_code,
                    count=report.count,
                    head_hash=report.head_hash,
                    received_at=now,
                )
            )
        return refused
    # Recoveries are kept even from a head already anchored: they are the reason to report.
    _keep_recoveries(
        session, device, key, [e for e in report.recoveries if e.event_id <= report.count]
    )
    if last is not None and last.count == report.count:
        return AnchorState(count=last.count, head_hash=last.head_hash, acknowledged_at=now)
    session.add(
        AuditAnchor(
            device_id=device.id,
            count=report.count,
            head_hash=report.head_hash,
            sealed_from=report.sealed_from,
            received_at=now,
        )
    )
    return AnchorState(count=report.count, head_hash=report.head_hash, acknowledged_at=now)
