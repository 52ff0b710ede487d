"""Look-ups delayed past the rate table's limit wait on a person (待处理, docs/issuance.md):
after each sync run, a registry look-up queued for a draft or policy and still unanswered after
`lookups.max_wait_minutes` opens one item, whose choices are to refresh now (sync) or to defer
issuance."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.access.permissions import system_actor
from app.work_items.queue import WorkItemKind, WorkItemQueue
from local_db.models import OutboxItem, WorkItem
from local_db.store import Store


def open_items_for_delayed_lookups(
    store: Store, work_items: WorkItemQueue, max_wait: timedelta, now: datetime
) -> int:
    opened = 0
    with store.write() as s:
        stale = (
            s.execute(
                select(OutboxItem).where(
                    OutboxItem.kind == "lookup",
                    OutboxItem.status == "pending",
                    OutboxItem.created_at <= now - max_wait,
                )
            )
            .scalars()
            .all()
        )
        for row in stale:
            draft_id = (row.payload or {}).get("draft_id")
            if not draft_id and not row.policy_id:
                continue  # asked for nobody in particular: nothing waits on it
            marker = f"[{row.idempotency_key}]"
            exists = s.execute(
                select(WorkItem.id).where(
                    WorkItem.kind == WorkItemKind.LOOKUP_DELAYED.value,
                    WorkItem.reason.contains(marker),
                )
            ).first()
            if exists:
                continue
            minutes = int(max_wait.total_seconds() // 60)
            # Opened by the system: the queue hands it to the clerk whose customer waits.
            work_items.open_item(
                s,
                system_actor("sync"),
                WorkItemKind.LOOKUP_DELAYED,
                f"车辆登记查询超过 {minutes} 分钟未返回：请立即同步重试，或暂缓出单 {marker}",
                draft_id=draft_id,
                policy_id=row.policy_id,
                reason_en=f"The registry look-up has not answered for {minutes} minutes: sync now "
                f"to ask again, or defer issuing {marker}",
            )
            opened += 1
    return opened
