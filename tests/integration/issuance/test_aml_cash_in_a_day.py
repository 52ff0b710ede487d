"""The large-value cash record counts a payer's cash "in a day" (docs/regulations.md §10.2): two
policies of the same policyholder paid in cash the same China-time day add up, whichever policy
or draft took them; another day or another person starts again from nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.access.permissions import Role
from app.core.errors import InvalidInput
from app.issuance.lifecycle import Lifecycle
from app.issuance.payments import PaymentRules, PaymentService, cash_earlier_today
from local_db.models import Customer, Payment, Policy

RULES = PaymentRules(aml_cash_threshold=Decimal("50000.00"))
FLEET_ID = "110105198507231238"  # docs/regulations.md §12.14
OTHER_ID = "11010519491231002X"
RECORD = {
    "id_number": FLEET_ID,
    "nationality": "中国",
    "occupation": "车队经理",
    "reason": "车险保费",
}


@pytest.fixture
def desk(app_ctx):
    admin = app_ctx.auth.create_first_admin("admin", "admin-pass-1", "管理员")
    app_ctx.users.add_user(admin, "clerk", "clerk-pass-1", Role.CLERK, "出单员")
    clerk = app_ctx.auth.login("clerk", "clerk-pass-1")
    svc = PaymentService(app_ctx.audit, Lifecycle(app_ctx.audit), app_ctx.work_items)
    return app_ctx, clerk, svc


def _policy(ctx, id_number: str, name: str, premium: str) -> str:
    pid = str(uuid.uuid4())
    with ctx.store.write() as s:
        holder = Customer(kind="person", name=name, id_type="resident_id", id_number=id_number)
        s.add(holder)
        s.flush()
        s.add(
            Policy(
                id=pid, state="signed", policyholder_id=holder.id, premium_total=Decimal(premium)
            )
        )
    return pid


def _cash(desk, pid: str, amount: str, payer: str = "魏红芳", aml=None):
    ctx, clerk, svc = desk
    with ctx.store.write() as s:
        return svc.record(
            s,
            clerk,
            s.get(Policy, pid),
            method="cash",
            amount=Decimal(amount),
            payer_name=payer,
            aml_record=aml,
            rules=RULES,
        )


def test_the_second_policy_of_the_day_needs_the_record_because_the_day_reaches_the_threshold(desk):
    ctx = desk[0]
    first = _policy(ctx, FLEET_ID, "魏红芳", "30000.00")
    second = _policy(ctx, FLEET_ID, "魏红芳", "25000.00")
    assert _cash(desk, first, "30000.00").complete  # 30,000 < 50,000: no record
    with pytest.raises(InvalidInput) as refused:
        _cash(desk, second, "25000.00")
    # 30,000 + 25,000 = 55,000 >= 50,000: the message gives the day's total and the earlier cash
    assert "55000.00" in str(refused.value) and "30000.00" in str(refused.value)
    assert "55000.00" in refused.value.localized("zh") and "今日" in refused.value.localized("zh")
    assert FLEET_ID not in str(refused.value) + refused.value.localized("zh")
    with ctx.store.read() as s:
        assert s.get(Policy, second).payments == []  # refused: nothing stored
    assert _cash(desk, second, "25000.00", aml=RECORD).complete


def test_cash_paid_yesterday_does_not_count(desk):
    ctx = desk[0]
    first = _policy(ctx, FLEET_ID, "魏红芳", "30000.00")
    second = _policy(ctx, FLEET_ID, "魏红芳", "25000.00")
    _cash(desk, first, "30000.00")
    with ctx.store.write() as s:
        (part,) = s.get(Policy, first).payments
        part.created_at = part.created_at - timedelta(days=1)
    assert _cash(desk, second, "25000.00").complete  # today only 25,000


def test_another_persons_cash_does_not_count(desk):
    ctx = desk[0]
    first = _policy(ctx, OTHER_ID, "李娜", "30000.00")
    second = _policy(ctx, FLEET_ID, "魏红芳", "25000.00")
    _cash(desk, first, "30000.00", payer="李娜")
    assert _cash(desk, second, "25000.00").complete


def test_split_parts_of_one_policy_add_up_and_card_money_does_not(desk):
    ctx, clerk, svc = desk
    pid = _policy(ctx, FLEET_ID, "魏红芳", "70000.00")
    with ctx.store.write() as s:
        svc.record(
            s, clerk, s.get(Policy, pid), method="card", amount=Decimal("20000.00"),
            payer_name="魏红芳", reference="T1", rules=RULES,
        )  # fmt: skip
    _cash(desk, pid, "30000.00")  # cash so far 30,000
    with pytest.raises(InvalidInput, match="50000.00"):
        _cash(desk, pid, "20000.00")  # 30,000 + 20,000 = 50,000: at it
    _cash(desk, pid, "20000.00", aml=RECORD)


def test_the_day_is_the_china_calendar_day(desk):
    ctx = desk[0]
    pid = _policy(ctx, FLEET_ID, "魏红芳", "90000.00")
    # 2026-12-02 23:30 and 2026-12-03 00:10 China time (UTC+8)
    late = datetime(2026, 12, 2, 15, 30, tzinfo=UTC)
    early = datetime(2026, 12, 2, 16, 10, tzinfo=UTC)
    with ctx.store.write() as s:
        policy = s.get(Policy, pid)
        for at, amount in ((late, "40000.00"), (early, "20000.00")):
            policy.payments.append(
                Payment(method="cash", amount=Decimal(amount), status="succeeded", created_at=at)
            )
    with ctx.store.read() as s:
        holder = s.get(Policy, pid).policyholder_id
        noon = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)  # 12:00 on the 3rd in China
        assert cash_earlier_today(s, holder_id=holder, now=noon) == Decimal("20000.00")
        assert cash_earlier_today(s, id_number=FLEET_ID, now=late) == Decimal("40000.00")
        assert cash_earlier_today(s, id_number=OTHER_ID, now=noon) == Decimal("0.00")


def test_draft_parts_count_against_issued_policies_of_the_same_number(desk):
    ctx, clerk, svc = desk
    first = _policy(ctx, FLEET_ID, "魏红芳", "30000.00")
    _cash(desk, first, "30000.00")
    with ctx.store.write() as s:
        from local_db.models import Draft

        s.add(Draft(id="d-aml-1", created_by=clerk.user_id, step="payment", data={}))
    with ctx.store.write() as s, pytest.raises(InvalidInput, match="55000.00"):
        svc.record_for_draft(
            s, clerk, "d-aml-1", total=Decimal("25000.00"), holder_name="魏红芳",
            method="cash", amount=Decimal("25000.00"), rules=RULES, holder_id_number=FLEET_ID,
        )  # fmt: skip
    with ctx.store.write() as s:
        due = svc.record_for_draft(
            s, clerk, "d-aml-1", total=Decimal("25000.00"), holder_name="魏红芳",
            method="cash", amount=Decimal("25000.00"), rules=RULES, holder_id_number=FLEET_ID,
            aml_record=RECORD,
        )  # fmt: skip
    assert due == Decimal("0.00")


def test_cash_taken_on_another_open_draft_of_the_same_policyholder_counts(desk):
    """Two drafts of the fleet customer in the wizard, neither issued yet: 30,000 in cash on the
    first, then 25,000 on the second makes 55,000 today."""
    from local_db.models import Draft

    ctx, clerk, svc = desk
    with ctx.store.write() as s:
        for d in ("d-fleet-1", "d-fleet-2"):
            s.add(
                Draft(
                    id=d,
                    created_by=clerk.user_id,
                    step="payment",
                    data={"policyholder": {"name": "魏红芳", "id_number": FLEET_ID}},
                )
            )
    with ctx.store.write() as s:
        svc.record_for_draft(
            s, clerk, "d-fleet-1", total=Decimal("30000.00"), holder_name="魏红芳",
            method="cash", amount=Decimal("30000.00"), rules=RULES, holder_id_number=FLEET_ID,
        )  # fmt: skip
    assert ctx.issuance.cash_paid_today("d-fleet-2", FLEET_ID) == Decimal("30000.00")
    assert ctx.issuance.cash_paid_today("d-fleet-2", OTHER_ID) == Decimal("0.00")
    with ctx.store.write() as s, pytest.raises(InvalidInput, match="55000.00"):
        svc.record_for_draft(
            s, clerk, "d-fleet-2", total=Decimal("25000.00"), holder_name="魏红芳",
            method="cash", amount=Decimal("25000.00"), rules=RULES, holder_id_number=FLEET_ID,
        )  # fmt: skip
