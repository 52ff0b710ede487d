"""A scenario's customer and vehicle as the desk's inputs (docs/training.md): the issuance
request `sync.sandbox.play` issues headless, and the draft the 实战演练 page opens the real wizard
on in a training session."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from typing import Any

from app.core.paths import resources_dir
from app.training.scenarios import Scenario


def scenario_request(scenario: Scenario, today: date) -> dict[str, Any]:
    """The issuance request of the scenario's customer and vehicle, on the shipped example's
    covers and payments (a card over its limit, the rest by card and QR)."""
    example = json.loads(
        (resources_dir() / "examples" / "policy-request.json").read_text(encoding="utf-8")
    )
    req = copy.deepcopy(example)
    c, v = scenario.customer, scenario.vehicle
    req["policyholder"].update(name=c["name"], id_number=c["id_number"], phone=c["mobile"])
    req["policyholder"].pop("email", None)
    if "address" in c:
        req["policyholder"]["address"] = c["address"]
    req["vehicle"].update(
        vin=v["vin"],
        plate=v["plate"],
        brand_model=v["model"],
        first_registration=v.get("registered", req["vehicle"]["first_registration"]),
        engine_number=v.get("engine_number", req["vehicle"]["engine_number"]),
    )
    req["consent"]["given"] = "consent_refused" not in {e["type"] for e in scenario.events}
    for event in scenario.events:
        # The platform's history the scenario gives the customer (a drunk-driving record the
        # underwriting rules refer): the real rules then refer the quote, headless or in the wizard.
        req["history"].update(event.get("detail", {}).get("history", {}))
    req["start_date"] = (today + timedelta(days=1)).isoformat()
    return req


def fleet_request(
    scenario: Scenario, today: date, k: int, aml_record: dict[str, Any] | None, split: bool = False
) -> dict[str, Any]:
    """The issuance request for the k-th vehicle of a fleet customer (`large_cash_aml`), paid in
    cash in full. k = 0 is the scenario's own vehicle; the others are the same model with the next
    serial numbers (the VIN's check digit computed again), engine numbers and plates of the same
    series, so each
    is a vehicle of its own to the desk's duplicate check. `aml_record`: the large-value record the
    clerk filled in; `split`: the cash taken in two parts (the trap of splitting it)."""
    from app.vehicle.vin import vin_check_digit

    req = scenario_request(scenario, today)
    if k:
        vin = req["vehicle"]["vin"]
        serial = f"{(int(vin[11:]) + k) % 1_000_000:06d}"
        body = vin[:8] + "0" + vin[9:11] + serial
        req["vehicle"]["vin"] = body[:8] + vin_check_digit(body) + body[9:]
        plate = req["vehicle"]["plate"]
        req["vehicle"]["plate"] = plate[:-2] + f"{(k + 10) % 100:02d}"  # NOT the scenario's own
        engine = req["vehicle"]["engine_number"]
        req["vehicle"]["engine_number"] = engine[:-2] + f"{(k + 10) % 100:02d}"
    if split:
        req["payments"] = [
            {"method": "cash", "amount": "1000.00"},
            {"method": "cash", "amount": "rest"},
        ]
    else:
        req["payments"] = [{"method": "cash", "amount": "rest"}]
    if aml_record:
        for part in req["payments"]:
            part["aml_record"] = aml_record
    return req


def scenario_draft_data(scenario: Scenario, today: date) -> dict[str, Any]:
    """The same, in the shape the issuance wizard saves and opens its drafts in: the customer
    and vehicle filled in, the standard plan; the consent ticked only when the customer gives it
    (the clerk asks: a customer who refuses is a scenario)."""
    req = scenario_request(scenario, today)
    holder = dict(req["policyholder"])
    holder["consent"] = False  # asked at the desk, never assumed
    holder["insured"] = None
    return {
        "policyholder": holder,
        "vehicle": dict(req["vehicle"]),
        "start_date": req["start_date"],
        "history": req["history"],
        "plan": "standard",
        "to_check": {"customer": [], "vehicle": []},
    }


def scenario_endorsement(scenario: Scenario) -> dict[str, Any]:
    """The special agreement the customer of an endorsement scenario asks for, written as the
    desk writes it: an endorsement through the real change path (app/changes), here the shipped
    example's (a rider added, priced again, signed and paid by card)."""
    del scenario  # every 特约批改 scenario asks for the same agreement
    return dict(
        json.loads(
            (resources_dir() / "examples" / "endorsement-request.json").read_text(encoding="utf-8")
        )
    )
