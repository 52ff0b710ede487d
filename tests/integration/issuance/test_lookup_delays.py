"""Look-ups that outlast the rate table's limit wait on a person (待处理, docs/issuance.md: "look-ups
delayed past the table's limit (refresh now, or defer issuance)"); an insurer whose table says
not to bind without the registry gets a refusal that says what to do."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.errors import InvalidInput
from app.rating.table import LookupRulesSection
from app.work_items.lookup_delays import open_items_for_delayed_lookups
from local_db.models import OutboxItem, WorkItem
from local_db.types import utcnow
from tests.support.examples import POLICY_REQUEST


def _queue(ctx, key: str, draft_id: str | None, minutes_ago: int) -> None:
    with ctx.store.write() as s:
        s.add(
            OutboxItem(
                kind="lookup",
                idempotency_key=key,
                status="pending",
                payload={
                    "call": "vehicle",
                    "params": {"vin": "LSVCC6A45PN123456"},
                    "draft_id": draft_id,
                },
                created_at=utcnow() - timedelta(minutes=minutes_ago),
            )
        )


def test_a_look_up_past_the_limit_opens_one_item(desk):
    ctx, clerk = desk
    draft = ctx.drafts.create(clerk)
    _queue(ctx, "lookup:old", draft, minutes_ago=45)
    _queue(ctx, "lookup:fresh", draft, minutes_ago=5)
    _queue(ctx, "lookup:nobody", None, minutes_ago=90)
    assert (
        open_items_for_delayed_lookups(ctx.store, ctx.work_items, timedelta(minutes=30), utcnow())
        == 1
    )
    assert (
        open_items_for_delayed_lookups(ctx.store, ctx.work_items, timedelta(minutes=30), utcnow())
        == 0
    )
    with ctx.store.read() as s:
        (item,) = s.execute(select(WorkItem)).scalars()
        assert item.kind == "lookup_delayed" and item.draft_id == draft and "30 分钟" in item.reason
    ctx.after_confirmation([])  # what each sync run does: the table's limit (30 minutes) applies
    with ctx.store.read() as s:
        assert len(s.execute(select(WorkItem)).scalars().all()) == 1


def test_an_insurer_that_waits_for_the_registry_refuses_to_bind_without_it(desk, monkeypatch):
    ctx, clerk = desk
    table = ctx.issuance.tables.newest()
    strict = table.model_copy(update={"lookups": LookupRulesSection(issue_while_pending=False)})
    monkeypatch.setattr(
        ctx.issuance.tables, "for_date", lambda day: strict
    )  # the same table, one setting changed
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST))
    assert "立即同步" in refused.value.zh
    answer = {
        "found": True,
        "vehicle": {
            "vin": POLICY_REQUEST["vehicle"]["vin"],
            "plate": "京A12345",
            "model": POLICY_REQUEST["vehicle"]["brand_model"],
            "usage_nature": "非营运",
            "owner_name_masked": "张*",
        },
    }
    assert (
        ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST) | {"registry_answer": answer}).state
        == "bound"
    )
