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
from tests.support.outlet import demo_clerk, fast_worker, provision


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
