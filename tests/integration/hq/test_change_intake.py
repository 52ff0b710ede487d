"""Head office takes endorsements and cancellations on SQLite and PostgreSQL: a desk provisioned
against a real head office sends a change; head office prices it again from its own version,
accepts it once (a resend is answered "duplicate" with the same code), refuses a change whose
figures it does not reproduce, and `chudan-hq stats` counts them."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq.changes import receive_changes
from hq.cli import main as chudan_hq
from hq.models import Device
from hq.models import PolicyChange as HqChange
from hq.rates import TableCache
from local_db.models import OutboxItem
from sync.change_protocol import ChangeBatch
from sync.change_uploads import wire_change
from tests.support.changes import card_payment, policy_request
from tests.support.outlet import demo_clerk, fast_worker, provision, request_for


def request_for_day(i: int, today) -> dict:
    """A vehicle of its own (one policy per vehicle and term), cover from three days on."""
    req = request_for(i)
    req["start_date"] = (today + timedelta(days=3)).isoformat()
    req["payments"] = card_payment()
    return req


def _sent(ctx, change_id: str) -> dict:
    with ctx.store.read() as s:
        row = s.execute(
            select(OutboxItem).where(OutboxItem.idempotency_key == change_id)
        ).scalar_one()
        return dict(row.payload)


def test_a_change_is_accepted_once_and_a_doctored_one_refused(app_ctx, live, capsys):
    provision(app_ctx, live.url, live.engine)
    clerk = demo_clerk(app_ctx)
    today = app_ctx.clock().astimezone().date()
    number = app_ctx.issuance.issue(clerk, policy_request(today + timedelta(days=3))).policy_number
    worker = fast_worker(app_ctx)
    assert worker.run_once().upload.accepted == 1
    rider = {"kind": "covers", "add": [{"code": "scratch", "limit": "2000"}]}
    v = app_ctx.changes.endorse(clerk, number, {**rider, "payments": card_payment()})
    payload = _sent(app_ctx, v.id)
    # A copy with the difference lowered by a fen, as another device would send it: refused.
    doctored = json.loads(json.dumps(payload))
    doctored["change_id"] = "00000000-0000-4000-8000-000000000001"
    doctored["premium"]["difference"]["total"] = f"{v.difference - Decimal('0.01'):.2f}"
    with Session(live.engine) as hs:
        device_id = hs.execute(select(Device.id)).scalars().one()
    (refused,) = receive_changes(
        live.engine, TableCache(), device_id, ChangeBatch(items=[wire_change(doctored)])
    )
    assert (refused.outcome, refused.reason_code) == ("rejected", "premium_mismatch")
    summary = worker.run_once()
    assert summary.upload.accepted == 1
    first = app_ctx.changes.view(clerk, v.id).confirmation_code
    (again,) = receive_changes(
        live.engine, TableCache(), device_id, ChangeBatch(items=[wire_change(payload)])
    )
    assert (again.outcome, again.confirmation_code, again.version) == ("duplicate", first, 1)
    with Session(live.engine) as hs:
        rows = {r.change_id: r.outcome for r in hs.execute(select(HqChange)).scalars()}
    assert rows == {v.id: "accepted", doctored["change_id"]: "rejected"}
    db = live.engine.url.render_as_string(hide_password=False)
    capsys.readouterr()
    assert chudan_hq(["stats", "--db", db, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["endorsements_accepted"], stats["changes_rejected"]) == (1, 1)


def test_a_kind_the_table_gives_to_head_office_waits_for_its_underwriter(app_ctx, live, capsys):
    """Head office's own copy of the table gives cover changes to head office: the change is held
    (answered "retry") until `chudan-hq changes decide`; approved, it is accepted; declined, it
    is refused with the underwriter's note."""
    from tests.support.rating import table as demo_table

    provision(app_ctx, live.url, live.engine)
    clerk = demo_clerk(app_ctx)
    today = app_ctx.clock().astimezone().date()
    numbers = [
        app_ctx.issuance.issue(clerk, request_for_day(i, today)).policy_number for i in range(2)
    ]
    assert fast_worker(app_ctx).run_once().upload.accepted == 2
    rider = {"kind": "covers", "add": [{"code": "scratch", "limit": "2000"}]}
    made = [
        app_ctx.changes.endorse(clerk, n, {**rider, "payments": card_payment()}) for n in numbers
    ]
    tables = TableCache()
    tables._tables[live.rate_version] = demo_table(
        version=live.rate_version, changes={"authority": {"covers": "head_office"}}
    )
    with Session(live.engine) as hs:
        device_id = hs.execute(select(Device.id)).scalars().one()

    def send(v) -> object:
        (answer,) = receive_changes(
            live.engine, tables, device_id, ChangeBatch(items=[wire_change(_sent(app_ctx, v.id))])
        )
        return answer

    assert [send(v).outcome for v in made] == ["retry", "retry"]
    assert send(made[0]).outcome == "retry"  # still waiting
    db = live.engine.url.render_as_string(hide_password=False)
    capsys.readouterr()
    assert chudan_hq(["changes", "held", "--db", db, "--json"]) == 0
    assert {r["change_id"] for r in json.loads(capsys.readouterr().out)} == {v.id for v in made}
    assert (
        chudan_hq(["changes", "decide", made[0].id, "--approve", "--note", "ok", "--db", db]) == 0
    )
    assert (
        chudan_hq(
            ["changes", "decide", made[1].id, "--decline", "--note", "车辆已改装", "--db", db]
        )
        == 0
    )
    accepted, declined = send(made[0]), send(made[1])
    assert accepted.outcome == "accepted" and accepted.version == 1
    assert (declined.outcome, declined.reason_code) == ("rejected", "declined_by_head_office")
    assert "车辆已改装" in declined.reason
    assert send(made[0]).outcome == "duplicate"
    assert chudan_hq(["changes", "decide", made[0].id, "--approve", "--note", "x", "--db", db]) == 1


def test_a_change_numbered_outside_the_device_range_is_refused_with_the_reason(app_ctx, live):
    """Head office checks a 批单号 against the device's assigned range, as it does a policy
    number: one drawn under another device number (or no 批单号 at all) is refused, saying
    whose number it is; the device's own number goes through."""
    from app.changes.numbers import format_change_number
    from app.core.policy_number import parse_change

    provision(app_ctx, live.url, live.engine)
    clerk = demo_clerk(app_ctx)
    today = app_ctx.clock().astimezone().date()
    number = app_ctx.issuance.issue(clerk, policy_request(today + timedelta(days=3))).policy_number
    worker = fast_worker(app_ctx)
    assert worker.run_once().upload.accepted == 1
    v = app_ctx.changes.endorse(
        clerk,
        number,
        {"kind": "covers", "add": [{"code": "scratch", "limit": "2000"}], **_card()},
    )
    payload = _sent(app_ctx, v.id)
    own = parse_change(payload["number"])
    assert own is not None
    other_device = own.device % 99 + 1
    foreign = format_change_number(own.outlet, other_device, own.day, own.seq)
    with Session(live.engine) as hs:
        device_id = hs.execute(select(Device.id)).scalars().one()

    def sent_as(change_id: str, change_number: str):
        copy = json.loads(json.dumps(payload))
        copy["change_id"] = change_id
        copy["number"] = change_number
        return wire_change(copy)

    foreign_item = sent_as("00000000-0000-4000-8000-000000000002", foreign)
    garbled_item = sent_as("00000000-0000-4000-8000-000000000003", "NOT-A-NUMBER")
    refused, garbled = receive_changes(
        live.engine, TableCache(), device_id, ChangeBatch(items=[foreign_item, garbled_item])
    )
    assert (refused.outcome, refused.reason_code) == ("rejected", "number_outside_range")
    assert f"device {other_device:02d}" in refused.reason
    assert f"{own.outlet} device {own.device:02d}" in refused.reason
    assert (garbled.outcome, garbled.reason_code) == ("rejected", "number_outside_range")
    assert "is not a 批单号" in garbled.reason
    # The device's own number, sent by its own sync, is accepted.
    assert worker.run_once().upload.accepted == 1
    assert app_ctx.changes.view(clerk, v.id).confirmation_code


def _card() -> dict:
    return {"payments": card_payment()}


def test_a_refund_recorded_paid_reaches_the_desk_on_either_database(app_ctx, live, capsys):
    """`chudan-hq changes refund-paid 批单号 --reference --paid-at` on SQLite and PostgreSQL: the
    desk's refund moves to paid at its next sync, with finance's reference."""
    provision(app_ctx, live.url, live.engine)
    clerk = demo_clerk(app_ctx)
    supervisor = app_ctx.auth.login("supervisor", "demo-super-2026")
    today = app_ctx.clock().astimezone().date()
    number = app_ctx.issuance.issue(clerk, policy_request(today + timedelta(days=3))).policy_number
    worker = fast_worker(app_ctx)
    assert worker.run_once().upload.accepted == 1
    cancel = app_ctx.changes.cancel(
        clerk,
        number,
        {
            "reason": "deregistered",
            "effective_date": (today + timedelta(days=1)).isoformat(),
            "documents": [{"kind": "deregistration_certificate", "reference": "ZX-0003"}],
        },
        supervisor,
    )
    assert worker.run_once().upload.accepted == 1
    done = app_ctx.changes.view(clerk, cancel.id)
    db = live.engine.url.render_as_string(hide_password=False)
    capsys.readouterr()
    args = ["changes", "refund-paid", done.number, "--db", db, "--reference", "FIN-9"]
    assert chudan_hq([*args, "--paid-at", "2026-12-01T10:00:00+08:00"]) == 0
    assert worker.run_once().refunds_paid == 1
    history = app_ctx.changes.history(clerk, number)
    (refund,) = next(t for t in history["transactions"] if t["id"] == cancel.id)["refunds"]
    assert (refund["status"], refund["paid_reference"]) == ("paid", "FIN-9")
    assert refund["paid_at"].startswith("2026-12-01T02:00:00")
