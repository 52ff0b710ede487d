"""The issuance flow walked without Qt and without a store (Electrum's tests/test_wizard.py is the
model): plain dicts for what the clerk enters, a small stand-in for the services that records what
the hooks asked. The desk's real services walk the same flow in
tests/integration/issuance/test_flow_on_the_desk.py."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

import pytest

from app.issuance.draft_request import request_from_draft
from app.issuance.flow import (
    STEPS,
    Blocked,
    IssuanceFlow,
    Issued,
    Paid,
    Priced,
    PricingFailed,
    Signed,
)

TODAY = date(2026, 11, 20)
HOLDER = {
    "kind": "person",
    "name": "张伟",
    "id_type": "resident_id",
    "id_number": "110105198507231238",
    "phone": "13812345678",
    "consent": True,
    "id_valid_until": "长期",
}
VEHICLE = {
    "plate": "京A12345",
    "vin": "LSVCC6A45PN123456",
    "engine_number": "EA888123456",
    "brand_model": "大众汽车牌SVW71810BU",
    "usage": "A",
    "class": "family_car",
    "seats": 5,
    "first_registration": "2022-05-10",
    "purchase_price": "150000",
    "displacement_l": "1.5",
    "fuel": "petrol",
    "owner_name": "张伟",
}
HISTORY = {"ctpl_claim_free_years": 1, "ncd_level": 0}


class Desk:
    """Stands in for the desk's services: answers as configured, records every call."""

    def __init__(self, outcome: str = "pass", total: str = "4960.70") -> None:
        self.calls: list[str] = []
        self.outcome = outcome
        self.total = Decimal(total)
        self.schedule = "hash-1"
        self.paid = Decimal("0")
        self.prior: list | None = None
        self.referral = "none"
        self.offline = False

    def quote(self, request):
        self.calls.append("quote")
        assert request["vehicle"]["vin"] == VEHICLE["vin"]
        return Priced(
            self.total,
            self.outcome,
            referral=self.referral,
            schedule_hash=self.schedule,
            plans={"basic": Decimal("950.00"), "standard": self.total},
        )

    def registry(self, vin, draft_id):
        self.calls.append("registry")
        if self.offline:
            return {"vin": vin, "answer": None}
        return {"vin": vin, "answer": {"found": True, "vehicle": {}}, "prior": self.prior}

    def queue_registry(self, vin, draft_id):
        self.calls.append("queue_registry")
        return {"vin": vin, "key": f"lookup:{draft_id}"}

    def sign(self, request, draft=None):
        self.calls.append("sign")
        assert request["checklist_confirmed"] and request["signature"]
        return Signed(self.schedule, f"{self.total:.2f}")

    def payments(self, request):
        self.calls.append("payments")
        return Paid(self.total, self.paid)

    def issue(self, request):
        self.calls.append("issue")
        return Issued("bound", "DEMO01-01-20261120-0001-X")


def _at_review(desk: Desk) -> IssuanceFlow:
    flow = IssuanceFlow(today=TODAY, draft_id="d-1")
    flow.update("policyholder", HOLDER)
    flow.advance(desk)
    flow.update("vehicle", VEHICLE)
    flow.advance(desk)
    flow.update("history", HISTORY)
    flow.advance(desk)
    assert flow.step == "review"
    return flow


def _sign(flow: IssuanceFlow) -> None:
    flow.tick([True] * 9)
    flow.update("review", {"signature": [[(0.1, 0.2), (0.5, 0.6)]]})


def test_a_whole_issuance_walks_customer_to_issued_with_its_hooks_in_order():
    desk = Desk()
    flow = _at_review(desk)
    assert desk.calls == ["quote", "registry", "quote"]  # coverage's hooks, then review's quote
    _sign(flow)
    flow.advance(desk)  # signing is the review step's accept: it runs before arriving
    assert flow.step == "payment" and desk.calls[-2:] == ["sign", "payments"]
    assert flow.data["review"]["signed_total"] == "4960.70"
    with pytest.raises(Blocked) as due:
        flow.advance(desk)
    assert "4960.70" in due.value.problems[0].en and "见费出单" in due.value.problems[0].zh
    desk.paid = desk.total
    flow.run_hook("payments", desk)
    flow.advance(desk)  # issuing is the last step's accept
    assert desk.calls[-1] == "issue" and flow.facts.issued.state == "bound"
    assert flow.step == "payment" and flow.stack == list(STEPS[:4])


def test_nothing_the_customer_or_a_document_must_supply_is_invented():
    """An empty vehicle asks for every value that prices the policy instead of assuming one."""
    flow = IssuanceFlow(today=TODAY)
    flow.step = "vehicle"
    asked = {p.field for p in flow.problems()}
    assert {
        "vehicle.purchase_price",
        "vehicle.seats",
        "vehicle.fuel",
        "vehicle.displacement_l",
        "vehicle.usage",
        "vehicle.class",
        "vehicle.first_registration",
    } <= asked
    flow.step = "coverage"
    assert {p.field for p in flow.problems()} == {
        "history.ctpl_claim_free_years",
        "history.ncd_level",
    }
    request = request_from_draft(flow.data, None)
    assert "purchase_price" not in request["vehicle"] and "seats" not in request["vehicle"]
    assert "usage" not in request["vehicle"] and request["history"] == {}


def test_an_entered_zero_counts_and_a_battery_car_needs_no_displacement():
    flow = IssuanceFlow(today=TODAY)
    flow.update("policyholder", HOLDER)
    flow.update("vehicle", {**VEHICLE, "fuel": "bev", "displacement_l": None})
    flow.step = "vehicle"
    assert flow.problems() == []
    flow.update("history", {"ctpl_claim_free_years": 0, "ncd_level": 0})
    flow.step = "coverage"
    # No claim-free year: last year's at-fault claims are asked, and 0 is an answer.
    assert [p.field for p in flow.problems()] == ["history.ctpl_at_fault_claims_last_year"]
    flow.update("history", {"ctpl_at_fault_claims_last_year": 0})
    assert flow.request()["history"] == {
        "ctpl_claim_free_years": 0,
        "ctpl_at_fault_claims_last_year": 0,
        "ncd_level": 0,
    }


def test_an_expired_id_card_stops_the_customer_step():
    flow = IssuanceFlow(today=TODAY)
    flow.update("policyholder", {**HOLDER, "id_valid_until": "2022-07-12"})
    with pytest.raises(Blocked) as stopped:
        flow.advance(Desk())
    (problem,) = stopped.value.problems
    assert problem.field == "policyholder.id_valid_until" and "2022-07-12" in problem.zh
    flow.update("policyholder", {"id_valid_until": "2036-07-12"})
    flow.advance(Desk())
    assert flow.step == "vehicle"


def test_a_reading_still_to_check_and_a_usage_without_code_hold_next():
    flow = IssuanceFlow(today=TODAY)
    flow.update("policyholder", HOLDER)
    flow.update("to_check", {"customer": ["policyholder.address"]})
    with pytest.raises(Blocked) as stopped:
        flow.advance(Desk())
    assert stopped.value.problems[0].field == "policyholder.address"
    flow.update("to_check", {"customer": []})
    flow.advance(Desk())
    flow.update("vehicle", {**VEHICLE, "usage": None})
    flow.update("to_check", {"usage_read": "营运"})
    with pytest.raises(Blocked) as stopped:
        flow.advance(Desk())
    assert [p.field for p in stopped.value.problems] == ["vehicle.usage"]
    assert "营运" in stopped.value.problems[0].zh


def test_the_owner_named_on_the_licence_gives_an_id_number():
    flow = IssuanceFlow(today=TODAY)
    flow.update("policyholder", HOLDER)
    flow.update("vehicle", {**VEHICLE, "owner_name": "厦门鹭岛汽车租赁有限公司"})
    flow.step = "vehicle"
    assert [p.field for p in flow.problems()] == ["vehicle.owner_id_number"]
    flow.update("vehicle", {"owner_id_number": "91350100M000100Y43"})
    assert flow.problems() == []
    owner = flow.request()["owner"]
    assert (owner["kind"], owner["id_type"]) == ("organisation", "uscc")


def test_the_premium_being_worked_out_is_a_waiting_problem_and_a_failed_quote_says_why():
    flow = IssuanceFlow(today=TODAY)
    flow.update("history", HISTORY)
    flow.step = "coverage"
    (waiting,) = flow.problems()
    assert waiting.waiting
    flow.on_priced(PricingFailed("A rider needs its main cover.", "附加险须有主险。"))
    (failed,) = flow.problems()
    assert not failed.waiting and failed.zh == "附加险须有主险。"


def test_a_referred_quote_waits_for_a_supervisors_approval():
    desk = Desk(outcome="refer")
    flow = IssuanceFlow(today=TODAY, draft_id="d-1")
    flow.update("policyholder", HOLDER)
    flow.advance(desk)
    flow.update("vehicle", VEHICLE)
    flow.advance(desk)
    flow.update("history", HISTORY)
    with pytest.raises(Blocked) as stopped:
        flow.advance(desk)
    assert "supervisor" in stopped.value.problems[0].en
    desk.referral = "approved"
    flow.run_hook("quote", desk)
    flow.advance(desk)
    assert flow.step == "review"


def test_back_is_refused_once_money_was_taken_and_clears_the_signature_otherwise():
    desk = Desk()
    flow = _at_review(desk)
    _sign(flow)
    flow.advance(desk)
    desk.paid = Decimal("1000.00")
    flow.run_hook("payments", desk)
    flow.retreat(desk)  # payment → review: looking again is allowed
    assert flow.step == "review" and flow.data["review"]["signature"]
    with pytest.raises(Blocked) as refused:
        flow.retreat(desk)  # review → coverage would change what was paid for
    assert "退款" in refused.value.problems[0].zh and flow.step == "review"

    flow = _at_review(Desk())
    _sign(flow)
    flow.retreat(Desk())
    assert flow.step == "coverage"
    review = flow.data["review"]
    assert not any(review["checked"]) and review["signature"] == []  # the customer signs again


def test_the_checklist_unticks_when_what_the_customer_signs_changes():
    desk = Desk()
    flow = _at_review(desk)
    _sign(flow)
    assert flow.data["review"]["checked_for"] == "hash-1"
    flow.run_hook("quote", desk)  # the same schedule: the ticks stand
    assert all(flow.data["review"]["checked"])
    desk.schedule = "hash-2"  # a new rate table, head office's answer, another start date...
    flow.run_hook("quote", desk)
    assert not any(flow.data["review"]["checked"]) and flow.data["review"]["signature"] == []
    assert [p.field for p in flow.problems()] == ["review.checked", "review.signature"]


def test_head_office_knowing_another_policy_prices_again_to_check_for_a_duplicate():
    desk = Desk()
    desk.prior = [{"coverage": "ctpl", "start": "2026-01-01", "end": "2026-12-31"}]
    flow = IssuanceFlow(today=TODAY, draft_id="d-1")
    flow.update("policyholder", HOLDER)
    flow.advance(desk)
    flow.update("vehicle", VEHICLE)
    flow.advance(desk)
    assert desk.calls == ["quote", "registry", "quote"]
    assert flow.request()["prior_policies"] == desk.prior


def test_drafts_saved_under_the_old_step_names_open_where_they_are_shown_now():
    assert IssuanceFlow({}, "underwriting", today=TODAY).step == "coverage"
    assert IssuanceFlow({}, "bind", today=TODAY).step == "payment"
    old = IssuanceFlow(
        {"to_check": {"customer": ["holderAddress"]}, "vehicle": {"plate": None, "vin": "X"}},
        today=TODAY,
    )
    assert old.data["to_check"]["customer"] == ["policyholder.address"]
    assert old.data["vehicle"]["no_plate"] and old.request()["vehicle"]["plate"] is None


def test_passenger_cover_of_a_custom_plan_insures_every_seat_but_the_drivers():
    flow = IssuanceFlow(today=TODAY)
    flow.update("vehicle", VEHICLE)
    flow.update("plan", "custom")
    flow.update("coverages", [{"code": "ctpl"}, {"code": "passenger", "limit": "10000.00"}])
    assert flow.request()["coverages"][1] == {"code": "passenger", "limit": "10000.00", "seats": 4}
    assert "plan" not in flow.request()


def test_what_the_flow_logs_names_no_person_and_no_vehicle(caplog):
    with caplog.at_level(logging.DEBUG, logger="app.issuance.flow"):
        _at_review(Desk())
    logged = caplog.text
    assert "→" in logged
    for secret in (HOLDER["name"], HOLDER["id_number"], HOLDER["phone"], VEHICLE["vin"]):
        assert secret not in logged
    assert "family_car" in logged  # what may be logged is


def test_a_registry_look_up_head_office_cannot_answer_now_is_queued_as_a_write():
    """Asking is network only (the window's pool); queuing the call for the next sync writes the
    store, so it is a hook of its own that the window runs on its write lane."""
    from app.issuance.flow import WRITING_HOOKS

    desk = Desk()
    desk.offline = True
    flow = IssuanceFlow(today=TODAY, draft_id="d-1")
    flow.update("policyholder", HOLDER)
    flow.advance(desk)
    flow.update("vehicle", VEHICLE)
    flow.advance(desk)
    assert desk.calls == ["quote", "registry", "queue_registry"]
    assert "registry_queue" in WRITING_HOOKS and "registry" not in WRITING_HOOKS
    assert flow.request()["registry_key"] == "lookup:d-1"


def test_a_truck_asks_for_its_load_and_curb_weight_and_not_for_a_cars_displacement():
    """What a vehicle is priced and taxed by comes from app/issuance/vehicle_inputs.py: a truck's
    CTPL by its approved load, its tax by its curb weight; a car's displacement is not asked."""
    flow = IssuanceFlow(today=TODAY)
    flow.update("policyholder", HOLDER)
    truck = {**VEHICLE, "class": "nonop_truck", "seats": None, "displacement_l": None}
    flow.update("vehicle", truck)
    flow.step = "vehicle"
    assert [p.field for p in flow.problems()] == ["vehicle.tonnage", "vehicle.curb_weight_t"]
    assert "核定载质量" in flow.problems()[0].zh and "load" in flow.problems()[0].en
    flow.update("vehicle", {"tonnage": "8.5", "curb_weight_t": "0", "trailer": True})
    assert [p.field for p in flow.problems()] == ["vehicle.curb_weight_t"]  # 0 t is no weight
    flow.update("vehicle", {"curb_weight_t": "6.2"})
    assert flow.problems() == []
    sent = flow.request()["vehicle"]
    assert (sent["tonnage"], sent["curb_weight_t"], sent["trailer"]) == ("8.5", "6.2", True)
    assert "cc" not in sent and "mini_truck" not in sent  # nothing the clerk did not give


def test_a_motorcycle_asks_for_its_engine_size_and_a_car_sends_no_truck_fields():
    flow = IssuanceFlow(today=TODAY)
    flow.update("policyholder", HOLDER)
    flow.update("vehicle", {**VEHICLE, "class": "motorcycle", "seats": 2, "tonnage": "3"})
    flow.step = "vehicle"
    assert [p.field for p in flow.problems()] == ["vehicle.cc"]
    flow.update("vehicle", {"cc": "150.5"})  # whole millilitres only
    assert [p.field for p in flow.problems()] == ["vehicle.cc"]
    flow.update("vehicle", {"cc": "150"})
    assert flow.problems() == [] and flow.request()["vehicle"]["cc"] == 150
    assert "tonnage" not in flow.request()["vehicle"]  # typed earlier, not a motorcycle's
    flow.update("vehicle", {"class": "family_car"})
    assert "cc" not in flow.request()["vehicle"]


def test_cover_cannot_start_before_the_earliest_start_the_services_name():
    """No back-dating: once the services have said when cover may start (the region's rules,
    the table's lead time), a start outside that stops the coverage step, in both languages."""
    flow = IssuanceFlow(today=TODAY)
    flow.update("policyholder", HOLDER)
    flow.update("vehicle", VEHICLE)
    flow.update("history", HISTORY)
    flow.step = "coverage"
    flow.facts.start_range = (date(2026, 11, 21), date(2027, 2, 18))
    flow.update("start_date", "2026-11-19")
    (problem,) = flow.problems()
    assert problem.field == "start_date" and "2026-11-21" in problem.en and "倒签" in problem.zh
    flow.update("start_date", "2027-03-01")
    assert "2027-02-18" in flow.problems()[0].en
    flow.update("start_date", "2026-11-21")
    assert [p.field for p in flow.problems()] != ["start_date"]


def test_the_term_coefficient_and_arrears_reach_the_request_only_when_given():
    """The coverage step's term, traffic-violation coefficient and tax arrears go into the request
    as the services take them; a year, no coefficient and no arrears send nothing (the services
    then price a year without them), and CTPL alone is the plan ctpl_only."""
    from app.issuance.draft_request import empty_draft

    plain = request_from_draft({**empty_draft(), "plan": "ctpl_only"}, None)
    assert plain["plan"] == "ctpl_only"
    for key in ("end_date", "short_term_months", "traffic_violation_coefficient", "tax"):
        assert key not in plain
    cleared = {
        **empty_draft(),
        "short_term_months": None,
        "end_date": None,
        "traffic_violation_coefficient": None,
        "tax": {"arrears": []},
    }
    assert not {"end_date", "short_term_months", "tax"} & set(request_from_draft(cleared, None))
    given = {
        **empty_draft(),
        "short_term_months": 3,
        "traffic_violation_coefficient": "1.2",
        "tax": {"arrears": [{"year": 2025, "amount": "480.00"}]},
    }
    request = request_from_draft(given, None)
    assert request["short_term_months"] == 3 and request["traffic_violation_coefficient"] == "1.2"
    assert request["tax"] == {"arrears": [{"year": 2025, "amount": "480.00"}]}
    to_day = request_from_draft({**empty_draft(), "end_date": "2027-04-07"}, None)
    assert to_day["end_date"] == "2027-04-07" and "short_term_months" not in to_day


def test_a_declined_commercial_cover_points_the_clerk_to_ctpl_alone():
    """Underwriting declines commercial cover only: the problem that holds "next" says the CTPL
    can still be issued, with the plan to choose, in either language."""
    desk = Desk(outcome="decline")
    flow = IssuanceFlow(today=TODAY, draft_id="d-1")
    flow.update("policyholder", HOLDER)
    flow.advance(desk)
    flow.update("vehicle", VEHICLE)
    flow.advance(desk)
    flow.update("history", HISTORY)
    with pytest.raises(Blocked) as held:
        flow.advance(desk)
    assert flow.step == "coverage"
    [problem] = held.value.problems
    assert problem.field == "plan"
    assert "CTPL only" in problem.en and "cannot be refused" in problem.en
    assert "仅交强险" in problem.zh and "交强险不得拒保" in problem.zh
