"""Look-ups and referrals asked while offline wait on the desk and are answered by a real head
office once the link is back; a look-up source outage is not mistaken for head office offline."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from hq import lookups, referrals
from hq.models import LookupVehicle
from hq.personal_data import data_key
from sync.protocol import ReferralSubmit
from sync.queued_calls import QueuedCalls
from tests.support.hq_data import example_quote_request
from tests.support.outlet import fast_worker

VIN = "LSVCC6A45PN123456"


def _load_vehicle(engine) -> None:
    with Session(engine) as s:
        s.add(
            LookupVehicle(
                vin=VIN,
                plate="京A12345",
                model="大众汽车牌SVW71810BU",
                usage_nature="非营业",
                owner_name=data_key(engine).seal("张伟", f"lookup_vehicles.owner_name:{VIN}"),
                registered_on="2022-05-10",
            )
        )
        s.commit()


def test_lookups_queued_offline_are_answered_when_the_link_returns(desk, link):
    _load_vehicle(link.engine)
    calls = QueuedCalls(desk.store)
    by_vin = calls.queue_lookup("vehicle", vin=VIN)
    unknown = calls.queue_lookup("vehicle", plate="沪Z00000")
    link.proxy.set_down(True)
    worker = fast_worker(desk)
    assert not worker.run_once().online
    assert calls.get(by_vin).status == "pending" and worker.status()["calls_waiting"] == 2

    link.proxy.set_down(False)
    summary = worker.run_once()
    assert summary.ok and summary.calls.answered == 2
    found = calls.get(by_vin)
    assert found.status == "acked" and found.answer["found"] is True
    assert (
        found.answer["vehicle"]["owner_name_masked"] != "张伟"
        and found.answer["vehicle"]["plate"] == "京A12345"
    )
    assert calls.get(unknown).answer == {"found": False, "vehicle": None}
    assert worker.status()["calls_waiting"] == 0


def test_a_lookup_source_outage_keeps_the_call_queued_while_policies_still_go(desk, link):
    _load_vehicle(link.engine)
    with Session(link.engine) as s:
        lookups.set_setting(s, lookups.OUTAGE_KEY, "on")
        s.commit()
    calls = QueuedCalls(desk.store)
    key = calls.queue_lookup("prior_policies", vin=VIN)
    worker = fast_worker(desk)
    summary = worker.run_once()
    assert summary.online and "look-ups waiting" in summary.error
    assert calls.get(key).status == "pending" and "503" in calls.get(key).last_error
    with Session(link.engine) as s:
        lookups.set_setting(s, lookups.OUTAGE_KEY, "off")
        s.commit()
    assert worker.run_once().calls.answered == 1
    assert calls.get(key).answer == {"vin": VIN, "policies": []}


def test_a_referral_waits_for_head_offices_decision(desk, link):
    calls = QueuedCalls(desk.store)
    rid = uuid.uuid4()
    key = calls.queue_referral(
        ReferralSubmit(
            referral_id=rid,
            reasons=["high_value_vehicle"],
            quote_request=example_quote_request(),
            note="车价高于限额",
        )
    )
    worker = fast_worker(desk)
    assert worker.run_once().calls.submitted == 1
    assert calls.get(key).status == "submitted" and calls.get(key).answer["status"] == "pending"

    with Session(link.engine) as s:
        referrals.decide(s, str(rid), approve=True, note="同意承保")
        s.commit()
    # The poll is due after REFERRAL_POLL_S; a worker whose clock has moved on asks again.
    from datetime import timedelta

    from local_db.types import utcnow

    later = fast_worker(desk, clock=lambda: utcnow() + timedelta(minutes=5))
    assert later.run_once().calls.answered == 1
    view = calls.get(key)
    assert (
        view.status == "acked"
        and view.answer["status"] == "approved"
        and view.answer["note"] == "同意承保"
    )


def test_the_wizard_gets_an_answer_at_once_when_online_and_a_queue_key_when_not(desk, link):
    _load_vehicle(link.engine)
    worker = fast_worker(desk)
    answer, key = worker.ask("vehicle", vin=VIN)
    assert key is None and answer["found"] and answer["vehicle"]["model"] == "大众汽车牌SVW71810BU"
    link.proxy.set_down(True)
    answer, key = worker.ask("vehicle", vin=VIN)
    assert answer is None and QueuedCalls(desk.store).get(key).status == "pending"
    link.proxy.set_down(False)
    worker.run_once()
    assert QueuedCalls(desk.store).get(key).answer["found"] is True
