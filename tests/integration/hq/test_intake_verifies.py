"""Head office verifies what an outlet says instead of trusting it, over real HTTP on SQLite and
PostgreSQL:

- device numbers are assigned at provisioning, a policy number is held once forever, and a
  number outside the uploading device's range is refused;
- the premium is worked out again from the policy's own vehicle, period and covers (a family-car
  quote on a 50-seat coach is refused), the period is at most a year and never starts before the
  bind time, and the vehicle's class fits its usage and owner;
- a second CTPL (or commercial cover of the same kind) on the same vehicle for any of the same
  days is refused whichever outlet sends it, naming the policy already there;
- a device sees and affects only its own policies."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq import devices
from hq.models import IntakeEvent, Policy
from hq.repricing import CHINA, one_year_from
from sync.protocol import Paths
from tests.support.hq_data import (
    enrol,
    example_quote_request,
    item_of,
    number_at,
    policy_item,
    tomorrow,
)
from tests.support.hq_server import LiveHq


def _upload(url: str, token: str, items: list[dict]) -> list[dict[str, Any]]:
    r = requests.post(
        url + Paths.POLICIES,
        json={"items": items},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    return list(r.json()["results"])


def _one(url: str, token: str, item: dict) -> dict[str, Any]:
    return _upload(url, token, [item])[0]


def _stored(live: LiveHq) -> int:
    with Session(live.engine) as s:
        return int(s.scalar(select(func.count()).select_from(Policy)) or 0)


# --- device numbers and policy numbers --------------------------------------------------------


def test_each_device_of_an_outlet_gets_its_own_number_at_provisioning(live: LiveHq) -> None:
    answers = []
    for _ in range(3):
        with Session(live.engine) as s:
            _, code = devices.create_enrolment(s, "OUT01")
            s.commit()
        r = requests.post(live.url + Paths.PROVISION, json={"code": code}, timeout=30)
        answers.append(r.json())
    assert [a["device_number"] for a in answers] == [1, 2, 3]
    # Another outlet counts from 1; a revoked device's number is never given again.
    with Session(live.engine) as s:
        assert devices.revoke(s, answers[2]["device_id"])
        other, _ = devices.create_enrolment(s, "OUT02")
        again, _ = devices.create_enrolment(s, "OUT01")
        s.commit()
        assert s.get(devices.Device, other).device_number == 1
        assert s.get(devices.Device, again).device_number == 4


def test_two_desks_of_one_outlet_cannot_upload_the_same_number(live: LiveHq) -> None:
    _, first = enrol(live.url, live.engine, "OUT01")
    _, second = enrol(live.url, live.engine, "OUT01")  # device 02
    number = number_at(1, "OUT01", 1)
    assert _one(live.url, first, policy_item("A", number=number))["outcome"] == "accepted"
    # The second desk drew device 01's number (as every desk did before head office assigned
    # numbers): refused as outside its range, and the first policy keeps its number.
    outside = _one(live.url, second, policy_item("B", number=number))
    assert outside["reason_code"] == "number_outside_range"
    assert "OUT01 device 02" in outside["reason"]
    own = _one(live.url, second, policy_item("C", number=number_at(1, "OUT01", 2)))
    assert own["outcome"] == "accepted"
    assert _stored(live) == 2


def test_a_day_with_gaps_and_a_number_ending_in_o_or_i_are_accepted(live: LiveHq) -> None:
    """Desks skip numbers whose check character would be O or I (docs/issuance.md): head office
    takes a day's sequence with gaps, and a number issued before that rule (ending in O or I)."""
    _, token = enrol(live.url, live.engine)
    ending = {number_at(seq)[-1]: seq for seq in range(1, 200)}
    old = number_at(ending.get("O") or ending["I"])  # among 199 sequences, one ends so
    items = [policy_item("A", number=number_at(3)), policy_item("B", number=number_at(9))]
    items.append(policy_item("C", number=old))
    assert [r["outcome"] for r in _upload(live.url, token, items)] == ["accepted"] * 3


def test_a_policy_number_is_held_once_forever(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    number = number_at(7)
    first = policy_item("A", number=number)
    assert _one(live.url, token, first)["outcome"] == "accepted"
    # Another policy (a desk restored from a backup drew the number again): refused, whatever
    # else differs, now and in any later batch.
    for label in ("B", "C"):
        again = _one(live.url, token, policy_item(label, number=number))
        assert again["outcome"] == "rejected" and again["reason_code"] == "duplicate_number"
        assert number in again["reason"]
    # Two policies with one number in one batch: the first is taken, the second refused.
    pair = [policy_item("D", number=number_at(8)), policy_item("E", number=number_at(8))]
    assert [r["outcome"] for r in _upload(live.url, token, pair)] == ["accepted", "rejected"]
    # The original is untouched and its resend is still a duplicate.
    assert _one(live.url, token, first)["outcome"] == "duplicate"
    assert _stored(live) == 2


def test_numbers_from_another_outlet_or_not_a_number_at_all_are_refused(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine, "OUT02")
    for number in (
        number_at(1, "OUT01", 1),  # another outlet's
        number_at(1, "OUT02", 1)[:-1] + "0",  # the check character wrong
        "OUT02" + "01" + "20261399" + "000001" + "X",  # no such date
        "P-1",
        "TR-" + number_at(2, "OUT02", 1),  # this device's own range, drawn by a training store
    ):
        result = _one(live.url, token, policy_item("X", number=number))
        assert result["reason_code"] == "number_outside_range", number
    assert _stored(live) == 0


def test_a_replacement_device_may_upload_what_the_old_one_drew(live: LiveHq) -> None:
    old_id, old_token = enrol(live.url, live.engine, "OUT01")
    with Session(live.engine) as s:
        _, code = devices.create_enrolment(s, "OUT01", replaces=old_id)
        s.commit()
    r = requests.post(live.url + Paths.PROVISION, json={"code": code}, timeout=30)
    new_token = r.json()["token"]
    assert r.json()["device_number"] == 2
    # A policy the old desk bound before it was rebuilt, sent by the new one.
    old_number = number_at(3, "OUT01", 1)
    assert _one(live.url, new_token, policy_item("A", number=old_number))["outcome"] == "accepted"
    assert (
        _one(live.url, new_token, policy_item("B", number=number_at(1, "OUT01", 2)))["outcome"]
        == "accepted"
    )
    # The old device gains nothing from its replacement.
    refused = _one(live.url, old_token, policy_item("C", number=number_at(2, "OUT01", 2)))
    assert refused["reason_code"] == "number_outside_range"


def test_a_device_learns_its_number_and_the_last_number_head_office_holds(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine, "OUT01")
    headers = {"Authorization": f"Bearer {token}"}
    state = requests.get(live.url + Paths.DEVICE, headers=headers, timeout=30).json()
    assert state["device_number"] == 1 and state["last_policy_number"] is None
    for seq in (4, 2, 9):
        _one(live.url, token, policy_item(f"S{seq}", number=number_at(seq)))
    state = requests.get(live.url + Paths.DEVICE, headers=headers, timeout=30).json()
    assert state["last_policy_number"] == number_at(9)


# --- the policy's own facts are priced ---------------------------------------------------------


def test_a_family_car_quote_on_a_fifty_seat_coach_is_refused(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    covers = [{"code": "ctpl"}, {"code": "third_party", "limit": "2000000"}]
    family = example_quote_request() | {"coverages": covers}
    coach = {
        **family["vehicle"],
        "vin": "LSVCC6A45PN123456",
        "class": "highway_coach",
        "usage": "B",
        "seats": 50,
        "purchase_price": "900000",
    }
    # The outlet priced (and printed) a family car, but the policy insures the coach.
    item = policy_item("COACH", quote_request=family, vehicle=coach)
    result = _one(live.url, token, item)
    assert result["reason_code"] == "premium_mismatch"
    assert "policy's own vehicle" in result["reason"]
    # Priced as what it is, the same policy is accepted.
    as_coach = dict(family, vehicle={k: v for k, v in coach.items() if k != "vin"})
    right = policy_item("COACH2", quote_request=as_coach, vehicle=coach)
    assert _one(live.url, token, right)["outcome"] == "accepted"


def test_a_ten_year_period_with_a_one_year_premium_is_refused(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    start = tomorrow()
    ten_years = (start.isoformat(), start.replace(year=start.year + 10).isoformat())
    result = _one(live.url, token, policy_item("LONG", period=ten_years))
    assert result["reason_code"] == "invalid_period" and "longer than one year" in result["reason"]
    backwards = (start.isoformat(), (start - timedelta(days=1)).isoformat())
    assert _one(live.url, token, policy_item("BACK", period=backwards))["reason_code"] == (
        "invalid_period"
    )
    assert _stored(live) == 0


def _bound_a_minute_ago() -> tuple[datetime, datetime]:
    """(bind time a minute ago, 00:00 of that day), China time."""
    bound = datetime.now(CHINA) - timedelta(minutes=1)
    return bound, datetime.combine(bound.date(), datetime.min.time(), CHINA)


def test_cover_never_starts_before_the_policy_was_bound(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    bound, midnight = _bound_a_minute_ago()
    request = example_quote_request() | {"start_date": midnight.date().isoformat()}
    # Cover from 00:00 of the day the policy was bound: back-dated.
    result = _one(live.url, token, policy_item("TODAY", quote_request=request, issued_at=bound))
    assert result["reason_code"] == "starts_before_issue"
    assert "before the policy was bound" in result["reason"]
    # Bound late the night before, the same cover is fine.
    late = midnight - timedelta(minutes=5)
    ok = policy_item("YESTERDAY", quote_request=request, issued_at=late)
    assert _one(live.url, token, ok)["outcome"] == "accepted"
    # A bind time in the future (to make a back-dated start look fine) is refused too.
    ahead = datetime.now(UTC) + timedelta(days=3)
    later = policy_item("AHEAD", quote_request=request, issued_at=ahead)
    assert _one(live.url, token, later)["reason_code"] == "invalid_content"


def test_immediate_cover_starts_at_the_bind_time_not_before(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    bound, midnight = _bound_a_minute_ago()
    request = example_quote_request() | {"start_date": midnight.date().isoformat()}
    content = dict(
        policy_item("NOW", quote_request=request, issued_at=bound)["content"],
        starts_at=(bound + timedelta(seconds=30)).isoformat(),
    )
    assert _one(live.url, token, item_of(content))["outcome"] == "accepted"
    early = dict(content, starts_at=(midnight + (bound - midnight) / 2).isoformat())
    early["vehicle"] = dict(content["vehicle"], vin="LSVCC6A45PN654321")
    assert _one(live.url, token, item_of(early))["reason_code"] == "starts_before_issue"


def test_a_family_car_of_an_organisation_or_a_taxi_priced_as_private_is_refused(
    live: LiveHq,
) -> None:
    _, token = enrol(live.url, live.engine)
    company = {
        "kind": "organisation",
        "name": "北京示例科技有限公司",
        "id_type": "uscc",
        "id_number": "91110108MA01A2B3C4",
    }
    owned = _one(live.url, token, policy_item("ORG", customer=company))
    assert owned["reason_code"] == "class_mismatch" and "private person" in owned["reason"]
    request = example_quote_request()
    taxi = {**request["vehicle"], "vin": "LSVCC6A45PN777777", "usage": "D"}
    assert _one(live.url, token, policy_item("TAXI", vehicle=taxi))["reason_code"] == (
        "class_mismatch"
    )


# --- no overlapping cover, whichever outlet ------------------------------------------------------


def test_a_second_ctpl_on_the_same_vehicle_and_days_is_refused_across_outlets(
    live: LiveHq,
) -> None:
    _, first = enrol(live.url, live.engine, "OUT01")
    _, other = enrol(live.url, live.engine, "OUT02")
    vin = "LSVCC6A45PN123456"
    start = tomorrow()
    original = policy_item("A", vin=vin)
    assert _one(live.url, first, original)["outcome"] == "accepted"
    number = original["content"]["policy_number"]
    # Another outlet, the same vehicle, a period overlapping by one day.
    later = start + timedelta(days=200)
    request = example_quote_request() | {"start_date": later.isoformat()}
    clash = policy_item("B", outlet="OUT02", vin=vin, quote_request=request)
    refused = _one(live.url, other, clash)
    assert refused["reason_code"] == "overlapping_cover"
    assert number in refused["reason"] and "OUT01" in refused["reason"]
    assert "交强险" in refused["reason"]
    # From the day after the first one ends: no overlap.
    after = one_year_from(start) + timedelta(days=1)
    request = example_quote_request() | {"start_date": after.isoformat()}
    renewal = policy_item("C", outlet="OUT02", vin=vin, quote_request=request)
    assert _one(live.url, other, renewal)["outcome"] == "accepted"


def test_commercial_cover_overlaps_only_with_the_same_kind(live: LiveHq) -> None:
    _, first = enrol(live.url, live.engine, "OUT01")
    _, other = enrol(live.url, live.engine, "OUT02")
    vin = "LSVCC6A45PN123456"
    ctpl_only = example_quote_request() | {"coverages": [{"code": "ctpl"}]}
    assert _one(live.url, first, policy_item("A", vin=vin, quote_request=ctpl_only))["outcome"] == (
        "accepted"
    )
    damage = example_quote_request() | {"coverages": [{"code": "vehicle_damage"}]}
    # Own damage from another outlet beside that CTPL: a different kind, accepted.
    b = policy_item("B", outlet="OUT02", vin=vin, quote_request=damage)
    assert _one(live.url, other, b)["outcome"] == "accepted"
    # Own damage twice: refused, naming the policy that has it.
    c = policy_item("C", vin=vin, quote_request=damage)
    refused = _one(live.url, first, c)
    assert refused["reason_code"] == "overlapping_cover"
    assert (
        b["content"]["policy_number"] in refused["reason"]
        and "vehicle_damage" in (refused["reason"])
    )


def test_two_outlets_racing_with_the_same_vehicle_get_one_policy(live: LiveHq) -> None:
    tokens = [enrol(live.url, live.engine, f"OUT0{i}")[1] for i in (1, 2)]
    vin = "LSVCC6A45PN123456"
    items = [policy_item(f"R{i}", outlet=f"OUT0{i + 1}", vin=vin) for i in range(2)]
    answers: list[dict] = [{}, {}]
    gate = threading.Barrier(2)

    def send(k: int) -> None:
        gate.wait()
        answers[k] = _one(live.url, tokens[k], items[k])

    threads = [threading.Thread(target=send, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(a["outcome"] for a in answers) == ["accepted", "rejected"]
    assert {a["reason_code"] for a in answers} == {"", "overlapping_cover"}
    assert _stored(live) == 1


# --- each device its own policies ---------------------------------------------------------------


def test_another_devices_policy_id_gets_neither_its_code_nor_a_flag(live: LiveHq) -> None:
    _, owner = enrol(live.url, live.engine, "OUT01")
    _, stranger = enrol(live.url, live.engine, "OUT02")
    original = policy_item("A")
    accepted = _one(live.url, owner, original)
    code = accepted["confirmation_code"]
    # The same item resent by another device: no confirmation code comes back.
    copied = _one(live.url, stranger, original)
    assert copied["outcome"] == "rejected" and copied["reason_code"] == "foreign_policy_id"
    assert copied["confirmation_code"] == "" and code not in str(copied)
    # Different content under that id: refused the same way, and the owner's policy is not
    # flagged as changed.
    altered = policy_item("B", outlet="OUT02", pid=original["policy_id"])
    assert _one(live.url, stranger, altered)["reason_code"] == "foreign_policy_id"
    with Session(live.engine) as s:
        flagged = s.scalar(
            select(func.count())
            .select_from(IntakeEvent)
            .where(IntakeEvent.reason_code == "changed_content")
        )
        assert flagged == 0
    again = _one(live.url, owner, original)
    assert again["outcome"] == "duplicate" and again["confirmation_code"] == code
