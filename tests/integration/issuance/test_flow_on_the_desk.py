"""The issuance flow walked on the desk's real services and a real encrypted store, with plain
dicts for what the clerk enters (no Qt): the same path the window takes, hooks inline."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.core.errors import InvalidInput
from app.desk.demo import set_up_demo
from app.issuance.flow import Blocked, IssuanceFlow
from app.issuance.flow_services import DeskServices
from app.issuance.schedule import canonical_hash, stored_schedule
from local_db.models import Draft, Policy
from tests.support.paths import REPO

EXAMPLE = json.loads(
    (REPO / "resources" / "examples" / "policy-request.json").read_text(encoding="utf-8")
)


@pytest.fixture
def clerk_desk(app_ctx):
    set_up_demo(app_ctx)
    return app_ctx, app_ctx.auth.login("clerk", "demo-clerk-2026")


def _flow(ctx) -> IssuanceFlow:
    flow = IssuanceFlow(draft_id=ctx.drafts.create(ctx.auth.login("clerk", "demo-clerk-2026")))
    flow.update("policyholder", {**EXAMPLE["policyholder"], "consent": True})
    flow.update("vehicle", {**EXAMPLE["vehicle"], "owner_name": EXAMPLE["policyholder"]["name"]})
    # No start date given: the flow starts from tomorrow, the earliest start the demo region allows.
    flow.update("history", {"ctpl_claim_free_years": 1, "ncd_level": 0})
    return flow


def test_a_whole_issuance_through_the_flow_binds_what_was_signed(clerk_desk):
    ctx, clerk = clerk_desk
    desk = DeskServices(ctx.issuance, clerk)
    flow = _flow(ctx)
    flow.advance(desk)
    flow.advance(desk)
    flow.advance(desk)  # coverage: priced by the real engine, the registry pending (no sync)
    assert flow.step == "review" and flow.facts.priced.outcome == "pass"
    # CTPL alone is priced beside the presets: the customer may always take it (never refused).
    assert set(flow.facts.priced.plans) == {"ctpl_only", "basic", "standard", "full"}
    assert flow.facts.priced.plans["standard"] == flow.facts.priced.total
    flow.tick([True] * 9)
    flow.update("review", {"signature": EXAMPLE["signature"]})
    flow.advance(desk)  # signed in the store
    assert flow.step == "payment" and flow.facts.paid.outstanding == flow.facts.priced.total
    with pytest.raises(Blocked):
        flow.advance(desk)
    flow.facts.paid = desk.record_payment(flow.request(), {"method": "cash", "amount": "rest"})
    assert flow.facts.paid.outstanding == 0
    flow.advance(desk)
    issued = flow.facts.issued
    assert issued.state == "bound" and issued.policy_number
    with ctx.store.read() as s:
        policy = s.query(Policy).one()
        # The policy prints exactly the content the customer signed: its hash is the signed one.
        assert canonical_hash(stored_schedule(s, policy)) == policy.schedule_hash
        assert s.get(Draft, flow.draft_id).status == "issued"  # in the same transaction


def test_the_services_refuse_an_expired_id_card_and_an_unresolved_usage_headless(clerk_desk):
    """Rules the window used to keep alone: a request from a script is held to them too."""
    ctx, clerk = clerk_desk
    expired = copy.deepcopy(EXAMPLE)
    expired["policyholder"]["id_valid_until"] = "2022-07-12"
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, expired)
    assert "expired" in refused.value.message and "过期" in refused.value.zh
    no_usage = copy.deepcopy(EXAMPLE)
    del no_usage["vehicle"]["usage"]
    with pytest.raises(InvalidInput) as refused:
        ctx.issuance.issue(clerk, no_usage)
    assert "usage nature" in refused.value.message and "使用性质" in refused.value.zh
    with ctx.store.read() as s:
        assert s.query(Policy).count() == 0  # nothing stored for either


def test_a_cover_of_another_kind_for_the_same_days_is_not_a_duplicate(clerk_desk):
    """One rule with head office: a CTPL-only policy does not stop commercial cover for the
    same days (app/underwriting/duplicates.py); the same kind does."""
    ctx, clerk = clerk_desk
    ctpl_only = copy.deepcopy(EXAMPLE)
    ctpl_only.pop("plan")
    ctpl_only["coverages"] = [{"code": "ctpl"}]
    ctpl_only["payments"] = [{"method": "cash", "amount": "rest"}]
    assert ctx.issuance.issue(clerk, ctpl_only).state == "bound"
    commercial = copy.deepcopy(EXAMPLE)
    commercial.pop("plan")
    commercial["coverages"] = [{"code": "third_party", "limit": "1000000.00"}]
    commercial["payments"] = [{"method": "cash", "amount": "rest"}]
    assert ctx.issuance.preview(commercial).duplicate is None
    assert ctx.issuance.issue(clerk, commercial).state == "bound"
    again = copy.deepcopy(EXAMPLE)  # standard: CTPL again for the same days
    with pytest.raises(InvalidInput, match="already has a policy"):
        ctx.issuance.issue(clerk, again)


def test_payment_rules_come_from_the_table_in_force_on_the_start_date(clerk_desk):
    ctx, _clerk = clerk_desk
    start = date.today() + timedelta(days=1)
    table = ctx.issuance.table_for(start)
    rules = ctx.issuance.payment_rules(start)
    assert rules.aml_cash_threshold == Decimal(str(table.payment.aml_cash_threshold))
