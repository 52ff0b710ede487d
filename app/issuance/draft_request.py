"""A draft as the wizard keeps it, and the issuance request built from it. The wizard, its tests
and the flow (app/issuance/flow.py) all use these, so the request the services check is built in
one place, never by the window.

A draft's data (stored as JSON with the draft):

- ``policyholder``: kind, name, id_type, id_number, phone, email, address, consent,
  id_valid_until (ISO date or 长期, from the back of the ID card) and ``insured`` (another person,
  or None);
- ``vehicle``: plate (None while ``no_plate``), vin, engine_number, brand_model, vehicle_type,
  usage (a code, or None until the clerk or the licence says), class, seats, first_registration,
  purchase_price, displacement_l, fuel, owner_name, owner_id_number, and what a truck, trailer,
  special vehicle or motorcycle is priced by (app/issuance/vehicle_inputs.py: tonnage,
  curb_weight_t, cc, trailer, mini_truck). A value nobody supplied is None or "": nothing is
  invented;
- ``plan`` (ctpl_only, basic, standard, full or custom) with ``coverages`` for custom,
  ``start_date``, a short term as ``short_term_months`` (1–11) or ``end_date`` (the last day of
  cover), ``traffic_violation_coefficient`` (where the region uses one), ``tax`` (``arrears`` of
  earlier years, as the request takes them), ``history`` (the platform's record as entered: a key
  is present only once the clerk entered it, 0 included);
- ``review``: the checklist ticks, the hash of the schedule they were ticked against, the
  signature strokes and the premium signed for;
- ``to_check``: fields read with low confidence and not yet confirmed, by step, and a usage nature
  the licence printed without a code;
- ``sources``: where a value came from when the clerk did not type it (licence, registry,
  platform), for the window to say so;
- ``registry``: head office's registry answer for the VIN (or the key of the queued look-up)."""

from __future__ import annotations

import copy
from typing import Any

from app.identity import party_id_type
from app.issuance.vehicle_inputs import request_values

HISTORY_KEYS = (
    "ctpl_claim_free_years",
    "ctpl_at_fault_claims_last_year",
    "ncd_level",
    "drink_driving",
    "drunk_driving",
    "ctpl_fatal_at_fault_last_year",  # ticks: present (True) only when the platform says so
    "first_ctpl",
)
CHECKLIST_LENGTH = 9  # names, ID number, VIN, plate, covers, sums, deductibles, period, premium
# Drafts saved before the flow named fields by path kept the window's widget names.
_OLD_FIELD_NAMES = {
    "holderName": "policyholder.name",
    "holderId": "policyholder.id_number",
    "holderPhone": "policyholder.phone",
    "holderEmail": "policyholder.email",
    "holderAddress": "policyholder.address",
    "insuredName": "insured.name",
    "insuredId": "insured.id_number",
    "plate": "vehicle.plate",
    "vin": "vehicle.vin",
    "engine": "vehicle.engine_number",
    "brandModel": "vehicle.brand_model",
    "owner": "vehicle.owner_name",
    "ownerId": "vehicle.owner_id_number",
}


def empty_draft() -> dict[str, Any]:
    return {
        "policyholder": {"kind": "person", "id_type": "resident_id", "consent": False},
        "vehicle": {"no_plate": False},
        "plan": "standard",
        "history": {},
        "review": {"checked": [False] * CHECKLIST_LENGTH, "signature": []},
        "payments": [],
        "to_check": {"customer": [], "vehicle": [], "usage_read": ""},
        "sources": {},
        "registry": {},
    }


def normalised(data: dict[str, Any] | None) -> dict[str, Any]:
    """A stored draft in today's shape (older drafts lack some keys; none is invented here)."""
    out = empty_draft()
    for key, value in copy.deepcopy(data or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    v = out["vehicle"]
    if "no_plate" not in (data or {}).get("vehicle", {}):
        v["no_plate"] = v.get("plate") is None and bool(v.get("vin"))
    for step in ("customer", "vehicle"):
        out["to_check"][step] = [
            _OLD_FIELD_NAMES.get(name, name) for name in out["to_check"].get(step) or []
        ]
    checked = list(out["review"].get("checked") or [])
    out["review"]["checked"] = (checked + [False] * CHECKLIST_LENGTH)[:CHECKLIST_LENGTH]
    return out


def insured_name(data: dict[str, Any]) -> str:
    holder = data.get("policyholder") or {}
    insured = holder.get("insured") or {}
    return str((insured.get("name") if insured else holder.get("name")) or "").strip()


def owner_differs(data: dict[str, Any]) -> bool:
    """The licence names someone other than the insured: the owner is a party of its own."""
    owner = str((data.get("vehicle") or {}).get("owner_name") or "").strip()
    return bool(owner) and owner != insured_name(data)


def owner_party(data: dict[str, Any]) -> dict[str, Any] | None:
    if not owner_differs(data):
        return None
    v = data["vehicle"]
    number = str(v.get("owner_id_number") or "")
    id_type = party_id_type(number)
    return {
        "kind": "person" if id_type == "resident_id" else "organisation",
        "name": str(v.get("owner_name") or "").strip(),
        "id_type": id_type,
        "id_number": number,
    }


def passenger_seats(seats: Any) -> int:
    """Passenger seat cover insures every approved seat but the driver's."""
    try:
        return max(1, int(seats) - 1)
    except (TypeError, ValueError):
        return 1


def checklist_done(data: dict[str, Any]) -> bool:
    checked = (data.get("review") or {}).get("checked") or []
    return len(checked) == CHECKLIST_LENGTH and all(checked)


VEHICLE_REQUEST_KEYS = (
    "plate",
    "vin",
    "engine_number",
    "brand_model",
    "vehicle_type",
    "usage",
    "class",
    "seats",
    "first_registration",
    "purchase_price",
    "displacement_l",
    "fuel",
)


def request_from_draft(data: dict[str, Any], draft_id: str | None) -> dict[str, Any]:
    """The issuance request (app/issuance/request.py) for what the draft holds now. Values
    nobody supplied are left out, so the services refuse them by name instead of pricing a guess."""
    d = normalised(data)
    holder_in = d["policyholder"]
    holder = {
        k: v
        for k, v in holder_in.items()
        if k not in ("consent", "insured") and v not in (None, "")
    }
    v = d["vehicle"]
    vehicle: dict[str, Any] = {
        k: v.get(k) for k in VEHICLE_REQUEST_KEYS if v.get(k) not in (None, "") or k == "plate"
    }
    vehicle.update(request_values(v))  # a truck's load, a motorcycle's engine size, ...
    vehicle["plate"] = None if v.get("no_plate") else (v.get("plate") or None)
    for key in ("vin", "engine_number"):
        vehicle.setdefault(key, "")
    request: dict[str, Any] = {
        "policyholder": {"name": "", "id_number": "", **holder},
        "consent": {"given": bool(holder_in.get("consent"))},
        "vehicle": vehicle,
        "start_date": d.get("start_date"),
        "history": {
            k: d["history"][k] for k in HISTORY_KEYS if d["history"].get(k) not in (None, "")
        },
        "signature": (d["review"].get("signature") or None),
        "checklist_confirmed": checklist_done(d),
        "payments": [],
        "draft_id": draft_id,
    }
    if holder_in.get("insured"):
        request["insured"] = holder_in["insured"]
    owner = owner_party(d)
    if owner is not None:
        request["owner"] = owner
    # The term, the region's traffic-violation coefficient and the tax arrears: sent only when
    # the clerk gave them (a year, no coefficient and no arrears otherwise).
    for key in ("end_date", "short_term_months", "traffic_violation_coefficient"):
        if d.get(key) not in (None, ""):
            request[key] = d[key]
    if (d.get("tax") or {}).get("arrears"):
        request["tax"] = {"arrears": [dict(a) for a in d["tax"]["arrears"]]}
    if d.get("plan") == "custom":
        request["coverages"] = [
            {**c, "seats": c.get("seats") or passenger_seats(v.get("seats"))}
            if c.get("code") == "passenger"
            else dict(c)
            for c in d.get("coverages") or []
        ]
    else:
        request["plan"] = d.get("plan") or "standard"
    registry = d.get("registry") or {}
    if registry.get("vin") and registry.get("vin") == v.get("vin"):
        for field, key in (
            ("registry_answer", "answer"),
            ("registry_key", "key"),
            ("prior_policies", "prior"),
        ):
            if registry.get(key):
                request[field] = registry[key]
    return request
