"""A drill played in the issuance wizard is scored from what the clerk did there: the issuance
flow (app/issuance/flow.py, walked here as the window walks it, with plain dicts) tells its
observer, and the checkpoints it can see get the option the clerk took."""

from __future__ import annotations

from datetime import date

import pytest

from app.issuance.flow import Blocked, IssuanceFlow, Priced
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
