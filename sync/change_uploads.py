"""Endorsements and cancellations on their way to head office (docs/changes.md): the outbox rows
`app.changes.service` wrote when it bound each change go out through the same uploader as
policies (exactly once, in order, backing off while the link is down), to their own route, and
head office's answer is applied in the transaction that acknowledges the row
(app.changes.answers): confirmed with a code and the refund owed, or rejected with the reason,
the change's version voided and the changes the desk missed recorded. Then the desk asks which of
its requested refunds head office has paid (`learn_paid_refunds`)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes.answers import ChangeAnswers
from app.changes.lifecycle import RefundState
from app.issuance.lifecycle import State
from local_db.models import OutboxItem, Payment, Policy
from sync.change_protocol import (
    CHANGES_PATH,
    REFUNDS_PATH,
    ChangeBatchResult,
    ChangeUploadItem,
    RefundAnswer,
)
from sync.client import HqClient, HqRefused
from sync.outbox import ItemResult, LinkDown, OutboxUploader
from sync.protocol import MAX_BATCH_ITEMS, content_hash
from sync.uploads import SYNC_ACTOR

CHANGE_KINDS = ("endorsement", "cancellation")


def wire_change(payload: dict[str, Any]) -> dict[str, Any]:
    """The outbox row as protocol v1's change item: a pure function of the row, so a resend
    hashes the same and head office answers "duplicate"."""
    content = {k: v for k, v in payload.items() if k != "content_hash"}
    item = {
        "kind": payload["kind"],
        "change_id": str(payload["change_id"]),
        "policy_id": str(payload["policy_id"]),
        "content_hash": content_hash(content),
        "content": content,
    }
    # Checked here (raises ValidationError, a ValueError): one malformed row must be refused on
    # its own, not make head office refuse the whole batch and hold up every change behind it.
    ChangeUploadItem.model_validate(item)
    return item


class ChangeTransport:
    """`refused_policies()` names the policies head office rejected: a change to one of them is
    refused here (it would wait for a policy that never arrives)."""

    def __init__(self, client: HqClient, refused_policies: Any = lambda: set()) -> None:
        self._client = client
        self._refused_policies = refused_policies

    def upload(self, items: Sequence[dict[str, Any]], compressed_body: bytes) -> list[ItemResult]:
        wire: list[dict[str, Any]] = []
        local: list[ItemResult] = []
        refused = self._refused_policies()
        for payload in items:
            if isinstance(payload, dict) and str(payload.get("policy_id")) in refused:
                local.append(
                    ItemResult(
                        str(payload.get("change_id", "")),
                        "rejected",
                        "policy_rejected: head office rejected the policy itself",
                        {
                            "reason_code": "policy_rejected",
                            "reason": "head office rejected the policy itself; issue it again",
                        },
                    )
                )
                continue
            try:
                wire.append(wire_change(payload))
            except (KeyError, TypeError, ValueError) as exc:
                # A row binding wrote incompletely cannot become valid by waiting: a person looks.
                key = str(payload.get("change_id", "")) if isinstance(payload, dict) else ""
                local.append(
                    ItemResult(
                        key,
                        "rejected",
                        f"the outbox row is incomplete ({exc}); it was not sent to head office",
                    )
                )
        if not wire:
            return local
        body = gzip.compress(
            json.dumps({"items": wire}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
            compresslevel=6,
        )
        r = self._client.request(
            "POST",
            CHANGES_PATH,
            data=body,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        if r.status_code >= 400:
            raise HqRefused(f"head office refused the changes ({r.status_code})", r.status_code)
        try:
            answer = ChangeBatchResult.model_validate(r.json())
        except (ValueError, ValidationError) as exc:
            raise LinkDown("head office's answer was cut off or unreadable") from exc
        return [
            ItemResult(
                str(o.change_id),
                o.outcome,
                f"{o.reason_code}: {o.reason}" if o.reason_code else o.reason,
                o.model_dump(mode="json"),
            )
            for o in answer.results
        ] + local


class ChangeAnswerHooks:
    """The uploader's hooks for change rows. `ctx` is an AppContext."""

    def __init__(self, ctx: Any) -> None:
        self._answers = ChangeAnswers(ctx.audit, ctx.work_items, ctx.clock, SYNC_ACTOR)

    def on_accepted(self, session: Session, item: OutboxItem, result: ItemResult) -> None:
        self._answers.confirmed(
            session,
            item.idempotency_key,
            str(result.data.get("confirmation_code") or ""),
            result.data,
        )

    def on_rejected(self, session: Session, item: OutboxItem, result: ItemResult) -> None:
        data = result.data or {}
        self._answers.rejected(
            session,
            item.idempotency_key,
            str(data.get("reason_code") or ""),
            str(data.get("reason") or result.reason),
            data,
        )


def _refused_policies(ctx: Any) -> set[str]:
    with ctx.store.read() as s:
        return set(
            s.execute(select(Policy.id).where(Policy.state == State.REJECTED.value)).scalars()
        )


def change_uploader(ctx: Any, client: HqClient, **kwargs: Any) -> OutboxUploader:
    hooks = ChangeAnswerHooks(ctx)
    return OutboxUploader(
        ctx.store,
        ChangeTransport(client, lambda: _refused_policies(ctx)),
        on_accepted=hooks.on_accepted,
        on_rejected=hooks.on_rejected,
        kinds=CHANGE_KINDS,
        **kwargs,
    )


def learn_paid_refunds(ctx: Any, client: HqClient) -> int:
    """Asks head office which of this desk's requested refunds it has paid and records each (its
    reference and time) in one write transaction per refund; returns how many moved. Asking
    again is harmless: a refund already paid does not move twice."""
    with ctx.store.read() as s:
        waiting = sorted(
            set(
                s.execute(
                    select(Payment.change_id).where(
                        Payment.change_id.is_not(None),
                        Payment.amount < 0,
                        Payment.status == RefundState.REQUESTED.value,
                    )
                ).scalars()
            )
        )
    answers = ChangeAnswers(ctx.audit, ctx.work_items, ctx.clock, SYNC_ACTOR)
    moved = 0
    for start in range(0, len(waiting), MAX_BATCH_ITEMS):
        ids = waiting[start : start + MAX_BATCH_ITEMS]
        r = client.request("POST", REFUNDS_PATH, json_body={"change_ids": ids})
        if r.status_code >= 400:
            raise HqRefused(
                f"head office refused the refund query ({r.status_code})", r.status_code
            )
        try:
            answer = RefundAnswer.model_validate(r.json())
        except (ValueError, ValidationError) as exc:
            raise LinkDown("head office's answer was cut off or unreadable") from exc
        asked = set(ids)
        for paid in answer.paid:
            if str(paid.change_id) not in asked:
                continue  # not asked about: not this desk's to record
            with ctx.store.write() as s:
                if answers.refund_paid(
                    s, str(paid.change_id), paid.reference, paid.paid_at, Decimal(paid.amount)
                ):
                    moved += 1
    return moved
