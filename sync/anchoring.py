"""Anchoring the desk's audit log at head office, at every sync (app/access/audit.py says why).

The desk asks for the last anchor head office holds, then sends its chain head with its own hash
of the event that anchor ended at (head office refuses a chain that shrank or forked) and the
administrator recoveries (`user.recovery`) recorded since. Head office's acknowledgement is kept
in the desk's seal, for `chudan audit verify`. A desk provisioned before seals existed gets its
seal here, at its first sync."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync.client import HqClient, HqRefused
from sync.protocol import (
    MAX_RECOVERIES_PER_ANCHOR,
    RECOVERY_ACTION,
    AnchorReport,
    RecoveryEvent,
)

log = logging.getLogger(__name__)


@dataclass
class AnchorResult:
    count: int = 0  # the events head office acknowledged (0: none this time)
    recoveries: int = 0  # administrator recoveries reported with it
    refused: str = ""  # why the log is not as it should be: head office refused it, or no seal
    refused_zh: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "recoveries": self.recoveries, "refused": self.refused}


def _printable(text: str, limit: int) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)[:limit]


def anchor_audit(ctx: Any, client: HqClient, now: datetime) -> AnchorResult:
    audit = ctx.audit
    unsealed = ""
    if not audit.is_sealed():
        if audit.has_seal_key():
            # A desk with its seal key but no seal: the seal was removed (with the store key).
            # Not sealed afresh here, which would bless whatever the log now says.
            unsealed = (
                "the audit log's seal is missing though this desk has its seal key; run "
                "`chudan audit verify` and call head office"
            )
            log.error(unsealed)
        else:
            audit.start_seal()  # a desk provisioned before seals: sealed from now on
    held = client.audit_anchor_state()
    count, head = audit.head()
    if count == 0:
        return AnchorResult()
    since = held.count
    recoveries = audit.events_since(RECOVERY_ACTION, since, count) if since < count else []
    if len(recoveries) > MAX_RECOVERIES_PER_ANCHOR:
        # More than one report holds: anchor up to the last that fits, the rest next time.
        recoveries = recoveries[:MAX_RECOVERIES_PER_ANCHOR]
        count = recoveries[-1].id
        head = audit.hash_at(count)
    report = AnchorReport(
        count=count,
        head_hash=head,
        since=since,
        hash_at_since=audit.hash_at(since) if since else None,
        sealed_from=audit.sealed_from(),
        recoveries=[
            RecoveryEvent(
                event_id=e.id,
                ts=e.ts,
                actor=_printable(e.actor, 64),
                summary=_printable(e.summary, 1000),
            )
            for e in recoveries
        ],
    )
    try:
        ack = client.send_audit_anchor(report)
    except HqRefused as exc:
        if exc.status != 409:
            raise
        log.error("head office refused this desk's audit log: %s", exc)
        return AnchorResult(
            refused=str(exc), refused_zh="总部拒绝了本设备的审计日志（事件被删除或改写）。"
        )
    audit.acknowledged(ack.count, ack.head_hash or head, ack.acknowledged_at or now)
    return AnchorResult(
        count=ack.count,
        recoveries=len(recoveries),
        refused=unsealed,
        refused_zh="审计日志的封印缺失，请运行 chudan audit verify 并联系总部。"
        if unsealed
        else "",
    )
