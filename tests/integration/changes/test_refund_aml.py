"""A large refund needs the anti-money-laundering large-value record, as a large cash payment
does: the threshold is the policy's rate table's (`payment.aml_cash_threshold`), a refund at or
above it without the record is refused and stores nothing, with the record it is kept on the
refund part, and the record's identity number appears nowhere in clear outside it: not in the
audit log, the change as shown, the policy's history or what is sent to head office."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app.core.errors import InvalidInput
from app.rating.table import PaymentRulesSection
from local_db.models import AuditEvent, OutboxItem, Payment, PolicyChange
from tests.support.changes import policy_request

from .conftest import TODAY

START = TODAY + timedelta(days=8)
ID_NUMBER = "110101199003074514"
AML = {
    "id_type": "resident_id",
    "id_number": ID_NUMBER,
    "nationality": "CN",
    "occupation": "engineer",
    "reason": "policy cancelled, car sold",
}


def _with_threshold(desk, monkeypatch, threshold: str):
    """The policy's own table, with the large-value threshold set where the test needs it."""
    tables = desk.ctx.changes.tables
    real = tables.load

    def load(version):
        table = real(version)
        section = table.payment.model_copy(update={"aml_cash_threshold": D(threshold)})
        return table.model_copy(update={"payment": section})

    monkeypatch.setattr(tables, "load", load)


def _cancel(desk, number: str, aml=None):
    refund_to = {"method": "transfer", "reference": "6222020200112233445", "payer_name": "张伟"}
    if aml is not None:
        refund_to["aml_record"] = aml
    data = {
        "reason": "deregistered",
        "effective_date": (TODAY + timedelta(days=20)).isoformat(),
        "documents": [{"kind": "deregistration_certificate", "reference": "BJ2027-0099"}],
        "refund_to": refund_to,
    }
    return desk.ctx.changes.cancel(desk.clerk, number, data, desk.supervisor)


def _changes(desk) -> int:
    with desk.ctx.store.read() as s:
        return s.execute(select(func.count()).select_from(PolicyChange)).scalar_one()


def test_a_refund_at_the_tables_threshold_needs_the_record_and_keeps_it_unseen(desk, monkeypatch):
    assert isinstance(PaymentRulesSection().aml_cash_threshold, D)
    issued = desk.ctx.issuance.issue(desk.clerk, policy_request(START))
    desk.clock.set(TODAY + timedelta(days=10))
    # The whole premium comes back before cover starts (less the commercial fee): a threshold
    # of one yuan is reached by any refund, and the table's figure is named in the refusal.
    _with_threshold(desk, monkeypatch, "1.00")
    with pytest.raises(InvalidInput, match="1.00 or more needs the large-value record") as err:
        _cancel(desk, issued.policy_number)
    assert "大额交易" in err.value.zh
    assert _changes(desk) == 0  # refused: nothing stored
    v = _cancel(desk, issued.policy_number, AML)
    with desk.ctx.store.read() as s:
        (part,) = s.execute(select(Payment).where(Payment.change_id == v.id)).scalars()
        assert part.amount == v.difference < 0
        assert part.extra["aml"] == AML and part.extra["refund"] is True
        audit = " ".join(f"{e.action} {e.summary}" for e in s.execute(select(AuditEvent)).scalars())
        sent = json.dumps(
            [o.payload for o in s.execute(select(OutboxItem)).scalars()], ensure_ascii=False
        )
    assert "refund.requested" in audit
    history = json.dumps(desk.ctx.changes.history(desk.clerk, issued.policy_number))
    shown = json.dumps(desk.ctx.changes.view(desk.clerk, v.id).to_json(), ensure_ascii=False)
    for text in (audit, sent, history, shown):
        assert ID_NUMBER not in text
    # The account is masked wherever shown; head office, which pays the refund, is sent it.
    for text in (audit, history, shown):
        assert "6222020200112233445" not in text and "3445" in text


def test_a_refund_below_the_tables_threshold_needs_no_record(desk, monkeypatch):
    issued = desk.ctx.issuance.issue(desk.clerk, policy_request(START))
    desk.clock.set(TODAY + timedelta(days=10))
    _with_threshold(desk, monkeypatch, "50000.00")  # the demo table's figure
    v = _cancel(desk, issued.policy_number)
    assert D("0") < -v.difference < D("50000.00")
    with desk.ctx.store.read() as s:
        (part,) = s.execute(select(Payment).where(Payment.change_id == v.id)).scalars()
        assert "aml" not in part.extra


def test_an_endorsements_cash_counts_with_the_policys_cash_of_the_same_day(desk, monkeypatch):
    """§10.2 counts the payer's cash in a day: the premium paid in cash this morning and the
    endorsement's cash now add up, so with a threshold just above the premium the endorsement's
    part (413.84 alone) needs the record."""
    from tests.support.paths import EXAMPLES

    req = policy_request(START)
    req["payments"] = [{"method": "cash", "amount": "rest"}]
    issued = desk.ctx.issuance.issue(desk.clerk, req)
    with desk.ctx.store.read() as s:
        premium = sum(p.amount for p in s.execute(select(Payment)).scalars())
    rider = json.loads((EXAMPLES / "endorsement-request.json").read_text(encoding="utf-8"))
    rider["payments"] = [{"method": "cash", "amount": "rest"}]
    _with_threshold(desk, monkeypatch, str(premium + D("1.00")))
    with pytest.raises(InvalidInput, match="large-value record") as err:
        desk.ctx.changes.endorse(desk.clerk, issued.policy_number, rider)
    assert f"{premium:.2f}" in str(err.value)  # the earlier cash, named as the reason
    assert _changes(desk) == 0
    rider["payments"][0]["aml_record"] = AML
    v = desk.ctx.changes.endorse(desk.clerk, issued.policy_number, rider)
    with desk.ctx.store.read() as s:
        (part,) = s.execute(select(Payment).where(Payment.change_id == v.id)).scalars()
        assert part.method == "cash" and part.extra["aml"] == AML
