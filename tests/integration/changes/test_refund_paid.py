"""Head office's report that it paid a refund, applied at the desk as the sync applies it
(app.changes.answers.ChangeAnswers.refund_paid): the requested part moves to paid once, with
finance's reference and time in the history and in `chudan policy history`; a report of another
amount than the desk requested opens a 待处理 item; a second report moves nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from sqlalchemy import select

from app.changes.answers import ChangeAnswers
from cli.launcher import main as chudan
from local_db.models import Payment, WorkItem
from tests.support.changes import confirm, policy_request

from .conftest import TODAY


def _cancelled(desk):
    issued = desk.ctx.issuance.issue(desk.clerk, policy_request(TODAY + timedelta(days=8)))
    desk.clock.set(TODAY + timedelta(days=2))
    v = desk.ctx.changes.cancel(
        desk.clerk,
        issued.policy_number,
        {
            "reason": "deregistered",
            "effective_date": (TODAY + timedelta(days=4)).isoformat(),
            "documents": [{"kind": "deregistration_certificate", "reference": "ZX-5"}],
        },
        desk.supervisor,
    )
    confirm(desk.ctx, v.id, refund=f"{-v.difference:.2f}", total_losses=[])
    return issued, v


def _paid(desk, change_id: str, amount: D) -> bool:
    ctx = desk.ctx
    with ctx.store.write() as s:
        return ChangeAnswers(ctx.audit, ctx.work_items, ctx.clock).refund_paid(
            s, change_id, "FIN-42", datetime(2026, 12, 5, 2, tzinfo=UTC), amount
        )


def test_a_paid_refund_moves_once_and_shows_in_the_history(desk, capsys):
    issued, v = _cancelled(desk)
    assert _paid(desk, v.id, -v.difference)
    assert not _paid(desk, v.id, -v.difference)  # the second report moves nothing
    with desk.ctx.store.read() as s:
        (part,) = s.execute(select(Payment).where(Payment.change_id == v.id)).scalars()
        assert part.status == "paid" and part.extra["paid"]["reference"] == "FIN-42"
        assert s.execute(select(WorkItem)).scalars().all() == []
    capsys.readouterr()
    assert chudan(["policy", "history", issued.policy_number]) == 0
    out = capsys.readouterr().out
    assert f"refund {v.difference:.2f} paid" in out and "FIN-42" in out


def test_another_amount_paid_than_requested_opens_a_work_item(desk):
    _, v = _cancelled(desk)
    assert _paid(desk, v.id, -v.difference - D("10.00"))
    with desk.ctx.store.read() as s:
        (item,) = s.execute(select(WorkItem)).scalars().all()
        assert v.number[-7:] in item.reason and "请核对" in item.reason
        assert f"{-v.difference - D('10.00'):.2f}" in item.reason
