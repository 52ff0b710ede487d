"""Finance records a paid refund over HTTP (POST /api/v1/finance/changes/{批单号}/refund-paid) on a
real head office on loopback, SQLite and PostgreSQL: a desk cancels a policy, head office owes the
refund, a finance account records the payment and the desk hears of it at its next sync. The
rule is the command line's (hq.changes.mark_refund_paid); a reports account is refused, an
unknown 批单号 is 404, a second, different payment 409, and every attempt is a staff action."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from hq import accounts
from hq.cli import main as chudan_hq
from hq.models import PolicyChange, StaffAction
from hq.staff_routes import LOGIN, REFUND_PAID
from tests.support.changes import policy_request
from tests.support.hq_data import publish_demo
from tests.support.hq_server import LiveHq, running
from tests.support.outlet import demo_clerk, fast_worker, provision

CHEAP = 2**10  # scrypt cost for the tests' accounts
PASSWORD = "correct horse battery"


@pytest.fixture
def hq(engine, hq_home):
    key = Ed25519PrivateKey.generate()
    version = publish_demo(engine, key)
    with running(engine, key, password_cost=CHEAP) as url:
        yield LiveHq(url, engine, key, version)


def _token(hq: LiveHq, name: str, role: str) -> dict[str, str]:
    with Session(hq.engine) as s:
        accounts.add_user(s, name, role, PASSWORD, cost=CHEAP)
        s.commit()
    r = requests.post(hq.url + LOGIN, json={"name": name, "password": PASSWORD}, timeout=10)
    assert r.ok, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _pay(hq: LiveHq, number: str, headers: dict[str, str], **body: str) -> requests.Response:
    url = hq.url + REFUND_PAID.format(number=number)
    return requests.post(url, json=body, headers=headers, timeout=30)


def _cancelled(app_ctx, hq: LiveHq):
    """A policy issued, uploaded and cancelled at the desk: head office owes its refund."""
    provision(app_ctx, hq.url, hq.engine)
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
            "documents": [{"kind": "deregistration_certificate", "reference": "ZX-0007"}],
        },
        supervisor,
    )
    assert worker.run_once().upload.accepted == 1
    return clerk, number, cancel, worker


def test_finance_records_a_paid_refund_and_the_desk_hears_of_it(app_ctx, hq):
    clerk, number, cancel, worker = _cancelled(app_ctx, hq)
    endorsement_no = app_ctx.changes.view(clerk, cancel.id).number
    finance = _token(hq, "qian", "finance")
    r = _pay(
        hq, endorsement_no, finance, reference="FIN-2026-0042", paid_at="2026-12-01T10:00+08:00"
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["number"], body["refund_state"], body["reference"]) == (
        endorsement_no,
        "paid",
        "FIN-2026-0042",
    )
    assert body["paid_at"].startswith("2026-12-01T02:00:00")
    # The same payment again changes nothing; another one is refused.
    assert _pay(hq, endorsement_no, finance, reference="FIN-2026-0042").status_code == 200
    again = _pay(hq, endorsement_no, finance, reference="FIN-2026-0099")
    assert again.status_code == 409 and again.json()["error"] == "already_paid"
    assert "FIN-2026-0042" in again.json()["message"]
    # The desk learns of it at its next sync, with finance's reference.
    assert worker.run_once().refunds_paid == 1
    history = app_ctx.changes.history(clerk, number)
    (refund,) = next(t for t in history["transactions"] if t["id"] == cancel.id)["refunds"]
    assert (refund["status"], refund["paid_reference"]) == ("paid", "FIN-2026-0042")
    with Session(hq.engine) as s:
        stored = s.scalars(select(PolicyChange).where(PolicyChange.number == endorsement_no)).one()
        actions = [
            (a.actor, a.action, a.object, a.outcome, a.detail)
            for a in s.scalars(select(StaffAction).order_by(StaffAction.id))
        ]
    assert stored.refund_reference == "FIN-2026-0042"
    assert actions == [
        ("staff:qian", "refund.paid", endorsement_no, "ok", "FIN-2026-0042"),
        ("staff:qian", "refund.paid", endorsement_no, "already_paid", "FIN-2026-0099"),
    ]


def test_only_finance_and_admin_may_record_a_payment(app_ctx, hq, capsys):
    clerk, _number, cancel, _worker = _cancelled(app_ctx, hq)
    endorsement_no = app_ctx.changes.view(clerk, cancel.id).number
    reports = _token(hq, "zhou", "reports")
    r = _pay(hq, endorsement_no, reports, reference="FIN-1")
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    # No token: the staff check refuses before the route (and leaves no staff action).
    assert _pay(hq, endorsement_no, {}, reference="FIN-1").status_code == 401
    admin = _token(hq, "sun", "admin")
    unknown = _pay(hq, "NOT-A-NUMBER-0001", admin, reference="FIN-1")
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"
    future = _pay(hq, endorsement_no, admin, reference="FIN-1", paid_at="2099-01-01T00:00+08:00")
    assert future.status_code == 422
    with Session(hq.engine) as s:
        owed = s.scalars(select(PolicyChange).where(PolicyChange.number == endorsement_no)).one()
        assert owed.refund_state == "owed"  # nothing refused changed it
    assert _pay(hq, endorsement_no, admin, reference="FIN-1").status_code == 200
    # The command line records its own payments as the same kind of staff action.
    db = hq.engine.url.render_as_string(hide_password=False)
    args = ["changes", "refund-paid", endorsement_no, "--db", db, "--reference", "FIN-2"]
    assert chudan_hq(args) == 1  # already paid under FIN-1
    with Session(hq.engine) as s:
        outcomes = [
            (a.actor, a.object, a.outcome)
            for a in s.scalars(select(StaffAction).order_by(StaffAction.id))
        ]
    assert outcomes == [
        ("staff:zhou", endorsement_no, "forbidden"),
        ("staff:sun", "NOT-A-NUMBER-0001", "not_found"),
        ("staff:sun", endorsement_no, "invalid_request"),
        ("staff:sun", endorsement_no, "ok"),
    ]
