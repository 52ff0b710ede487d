"""A drill played in the issuance wizard is scored from what the clerk did there: the issuance
flow (app/issuance/flow.py, walked here as the window walks it, with plain dicts) tells its
observer, and the checkpoints it can see get the option the clerk took."""

from __future__ import annotations

from datetime import date

import pytest

from app.issuance.flow import Blocked, IssuanceFlow, Priced, Signed
from app.training.scenarios import find_scenario
from app.training.wizard_drill import WizardDrill

TODAY = date(2026, 12, 3)


def _flow(drill, holder=None):
    flow = IssuanceFlow(
        {"policyholder": {"kind": "person", "name": "丁强波", "id_number": "510107195212313280"}}
        | ({"policyholder": holder} if holder else {}),
        today=TODAY,
    )
    flow.observer = drill.observe
    return flow


def test_a_consent_ticked_for_a_customer_who_refused_is_the_costly_option():
    scenario = find_scenario("consent-refused-beginner")
    careless, careful = WizardDrill(scenario), WizardDrill(scenario)
    _flow(careless).update("policyholder", {"consent": True})
    flow = _flow(careful)
    with pytest.raises(Blocked):
        flow.plan_next()  # no consent: the step stops, and the clerk stops there
    assert careless.did() == {"refused_consent": "tick_anyway"}
    assert careful.did() == {"refused_consent": "explain_and_stop"}
    assert WizardDrill(scenario).did() == {}  # the wizard never used: the page's answer stands


def test_the_expired_id_card_stops_the_wizard_and_counts_as_asking_for_a_valid_one():
    drill = WizardDrill(find_scenario("id-expired-beginner"))
    flow = _flow(drill)
    flow.update("policyholder", {"consent": True, "id_valid_until": "2024-01-01"})
    with pytest.raises(Blocked) as stopped:
        flow.plan_next()
    assert "policyholder.id_valid_until" in [p.field for p in stopped.value.problems]
    assert drill.did() == {"expired_id": "ask_valid_document"}


@pytest.mark.parametrize(
    ("correct", "option"), [(True, "compare_with_document"), (False, "accept")]
)
def test_a_misread_corrected_before_leaving_the_vehicle_step_is_caught(correct, option):
    drill = WizardDrill(find_scenario("ocr-misread-beginner"))
    flow = _flow(drill)
    flow.update("to_check", {"vehicle": ["vehicle.vin"]})  # the 行驶证 read, its VIN doubtful
    if correct:
        flow.update("vehicle", {"vin": "LSVCC6A45PN123456"})
    flow.update("to_check", {"vehicle": []})  # confirmed (or corrected) by the clerk
    flow._tell("arrived", source="vehicle", target="coverage", forward=True)
    assert drill.did() == {"compare_scan": option}


def test_ctpl_alone_after_a_declined_commercial_cover():
    scenario = find_scenario("underwriting-declines-commercial-beginner")
    for plan, option in (("ctpl_only", "offer_ctpl_only"), (None, "refuse_all")):
        drill = WizardDrill(scenario)
        flow = _flow(drill)
        flow.on_priced(Priced(total=5000, outcome="refer", referral="declined"))
        if plan:
            flow.update("plan", plan)
            flow.facts.issued = None
            flow._tell("issued", state="bound", plan=plan)
        assert drill.did() == {"ctpl_alone": option}


def test_an_observer_that_fails_never_stops_the_issuance():
    flow = IssuanceFlow(today=TODAY)

    def broken(event, info):
        raise RuntimeError("a bug in the drill")

    flow.observer = broken
    flow.update("policyholder", {"consent": True})  # no exception
    assert flow.data["policyholder"]["consent"] is True


def test_a_referred_quote_issued_after_its_approval_is_waiting_for_the_decision():
    scenario = find_scenario("underwriting-refers-beginner")
    waited, gave_up = WizardDrill(scenario), WizardDrill(scenario)
    for drill in (waited, gave_up):
        flow = _flow(drill)
        flow.on_priced(Priced(total=5000, outcome="refer", referral="pending"))
    flow = _flow(waited)
    flow.on_priced(Priced(total=5000, outcome="refer", referral="approved"))
    flow._tell("issued", state="bound", plan="standard")
    assert waited.did() == {"referral_route": "ask_supervisor"}
    assert gave_up.did() == {}  # never decided, never issued: the page's answer stands


# --- the checkpoints the sandbox makes happen in the wizard ---------------------------------


def _part(method, amount, failed=False):
    return {"method": method, "amount": amount, **({"failed": "declined"} if failed else {})}


@pytest.mark.parametrize(
    ("parts", "option"),
    [
        ([_part("card", "3500.00", failed=True), _part("qr", "3500.00")], "record_failed_then_qr"),
        ([_part("card", "3500.00")], "issue_unpaid"),  # the terminal declined it: never paid
    ],
)
def test_the_card_over_its_limit_is_recorded_failed_or_taken_as_paid(parts, option):
    from decimal import Decimal

    from app.issuance.flow import Paid

    drill = WizardDrill(find_scenario("card-limit-then-qr-beginner"))
    assert drill.card_limit == Decimal("3000.00")  # the scenario's card_limit_fen, in yuan
    flow = _flow(drill)
    flow.on_paid(Paid(Decimal("3500.00"), Decimal("3500.00"), tuple(parts)))
    flow._tell("issued", state="bound", plan="standard")
    assert drill.did() == {"failed_part": option}


def test_a_card_part_within_the_limit_scores_nothing():
    from decimal import Decimal

    from app.issuance.flow import Paid

    drill = WizardDrill(find_scenario("card-limit-then-qr-beginner"))
    flow = _flow(drill)
    flow.on_paid(Paid(Decimal("2000.00"), Decimal("2000.00"), (_part("card", "2000.00"),)))
    assert drill.did() == {}  # the exception never happened: the page's answer stands


def _registry(flow, model=None, usage=None):
    """Head office's registry answer for the flow's vehicle, differing where told."""
    v = flow.data["vehicle"]
    flow.on_registry(
        {
            "vin": v["vin"],
            "answer": {
                "found": True,
                "vehicle": {
                    "vin": v["vin"],
                    "model": model or v["brand_model"],
                    "usage_nature": usage or v["usage"],
                },
            },
        }
    )


VEHICLE = {"vin": "LFVAZPMXXK1207480", "brand_model": "特斯拉牌TSL7000BEVAR0", "usage": "A"}


@pytest.mark.parametrize("went_back", [True, False])
def test_the_registrys_other_model_is_checked_against_the_licence(went_back):
    scenario = find_scenario("registry-model-mismatch-advanced")
    drill = WizardDrill(scenario)
    flow = _flow(drill)
    flow.update("vehicle", VEHICLE)
    _registry(flow, model="registry: 0RAVEB0007LST牌拉斯特")
    if went_back:
        flow._tell("arrived", source="coverage", target="vehicle", forward=False)
    flow.on_signed(Signed("h", "1000.00"))
    assert drill.did() == (
        {"mismatch_check": "check_document", "vin_recheck": "recheck_vin"}
        if went_back
        else {"mismatch_check": "ignore", "vin_recheck": "skip"}
    )


@pytest.mark.parametrize(("usage", "option"), [("T", "registry_usage"), ("A", "customer_says")])
def test_the_usage_nature_signed_is_the_registrys_or_the_customers(usage, option):
    drill = WizardDrill(find_scenario("registry-usage-mismatch-beginner"))
    flow = _flow(drill)
    flow.update("vehicle", VEHICLE)
    _registry(flow, usage="预约出租客运")  # the scenario's registry: ride-hailing, T
    flow.update("vehicle", {"usage": usage})
    flow.on_signed(Signed("h", "1000.00"))
    assert drill.did() == {"usage_rating": option}


@pytest.mark.parametrize("change_vin", [False, True])
def test_a_duplicate_cover_is_met_by_moving_the_start_not_the_vin(change_vin):
    drill = WizardDrill(find_scenario("duplicate-cover-beginner"))
    flow = _flow(drill)
    flow.update("vehicle", VEHICLE)
    flow.on_priced(Priced(total=5000, outcome="pass", duplicate_en="CTPL overlaps"))
    if change_vin:
        flow.update("vehicle", {"vin": "LFVAZPMXXK1207481"})
    flow.on_priced(Priced(total=5000, outcome="pass"))
    flow.on_signed(Signed("h", "1000.00"))
    expected = "change_vin" if change_vin else "start_after_other"
    assert drill.did() == {"duplicate_handling": expected}


@pytest.mark.parametrize("ticked_first", [True, False])
def test_the_signature_comes_after_the_checklist(ticked_first):
    drill = WizardDrill(find_scenario("duplicate-cover-advanced"))
    flow = _flow(drill)
    if ticked_first:
        flow.tick([True, True, True])
    else:
        flow.tick([True, False, False])
    flow.update("review", {"signature": [[[1, 2], [3, 4]]]})
    flow.tick([True, True, True])  # ticked afterwards: the customer signed unchecked
    expected = "read_checklist" if ticked_first else "sign_first"
    assert drill.did()["review_with_customer"] == expected


def _licence(vin="LFVAZPMXXK1207480", engine="W6BA6RH3J"):
    return {
        "kind": "vehicle-licence",
        "fields": {
            "vin": {"value": vin, "confidence": 0.99, "needs_review": False},
            "engine_number": {"value": engine, "confidence": 0.99, "needs_review": False},
        },
    }


def test_the_misread_is_injected_into_the_ocr_result_and_nothing_else():
    from app.vehicle import check_engine_number, check_vin

    beginner = find_scenario("ocr-misread-beginner")
    drill = WizardDrill(beginner)
    truth = beginner.vehicle["vin"]
    read = drill.misread(_licence(vin=truth))["fields"]["vin"]
    assert read["value"] != truth and not read["needs_review"]  # read as confidently
    assert sum(a != b for a, b in zip(read["value"], truth, strict=True)) == 1
    assert not check_vin(read["value"]).valid  # the VIN's check digit catches this one
    assert drill.misread({"kind": "id-front", "fields": {}}) == {"kind": "id-front", "fields": {}}

    advanced = find_scenario("ocr-misread-advanced")
    engine = advanced.vehicle["engine_number"]
    read = WizardDrill(advanced).misread(_licence(engine=engine))["fields"]["engine_number"]
    assert read["value"] != engine and check_engine_number(read["value"]).valid  # nothing does


@pytest.mark.parametrize("corrected", [True, False])
def test_the_misread_corrected_before_the_signature_is_caught(corrected):
    scenario = find_scenario("ocr-misread-advanced")
    drill = WizardDrill(scenario)
    flow = _flow(drill)
    drill.probe = lambda: flow.data
    engine = scenario.vehicle["engine_number"]
    misread = drill.misread(_licence(engine=engine))["fields"]["engine_number"]["value"]
    flow.update("vehicle", {"engine_number": misread})
    flow._tell("arrived", source="vehicle", target="coverage", forward=True)
    if corrected:
        flow.update("vehicle", {"engine_number": engine})
    flow.on_signed(Signed("h", "1000.00"))
    assert drill.did()["compare_scan"] == ("compare_with_document" if corrected else "accept")


@pytest.mark.parametrize(
    ("parts", "option"),
    [
        ([{"method": "cash", "amount": "4000.00", "aml_record": "made"}], "record_aml"),
        (
            [
                {"method": "cash", "amount": "1000.00"},
                {"method": "cash", "amount": "3000.00", "aml_record": "made"},
            ],
            "split_cash",
        ),
    ],
)
def test_the_large_cash_is_taken_with_its_record_or_split(parts, option):
    from decimal import Decimal

    from app.issuance.flow import Paid

    drill = WizardDrill(find_scenario("large-cash-aml-beginner"))
    flow = _flow(drill)
    for n in range(1, len(parts) + 1):  # the store's parts after each one taken
        flow.on_paid(Paid(Decimal("4000.00"), Decimal("4000.00"), tuple(parts[:n])))
    assert drill.did() == {"aml_record": option}
