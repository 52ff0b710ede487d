"""A policy's versions (docs/changes.md): version 0 as issued, one more for each bound change.
A version's content is everything a change can alter: the parties, the vehicle, the priced
terms, the period and the flags. The policy row, its vehicle and its parties always hold the
newest version that is not void, so every reader (the list, the schedule, the duplicate check)
sees the policy as it stands; a change head office rejects makes its version void and puts the
one before it back."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes.content import ROLES
from app.changes.pricing import Terms
from app.core.money import ZERO
from local_db.models import Customer, Policy, PolicyVersion, Vehicle

ISSUED, PROVISIONAL, CONFIRMED, VOID = "issued", "provisional", "confirmed", "void"


def _party(c: Customer) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "name": c.name,
        "id_type": c.id_type,
        "id_number": c.id_number,
        "phone": c.phone,
        "email": c.email,
        "address": c.address,
    }


def snapshot(session: Session, policy: Policy) -> dict[str, Any]:
    """The policy as its rows hold it now."""
    vehicle = session.get(Vehicle, policy.vehicle_id)
    holder = session.get(Customer, policy.policyholder_id)
    assert vehicle is not None and holder is not None  # foreign keys of an issued policy
    insured = session.get(Customer, policy.insured_id) if policy.insured_id else holder
    owner = session.get(Customer, vehicle.owner_id) if vehicle.owner_id else insured
    assert insured is not None and owner is not None
    stored = policy.quote or {}
    return {
        "parties": {
            "policyholder": _party(holder),
            "insured": _party(insured),
            "owner": _party(owner),
        },
        "vehicle": {
            "vin": vehicle.vin,
            "plate": vehicle.plate,
            "engine_number": vehicle.engine_number,
            "brand_model": vehicle.brand_model,
            "vehicle_type": vehicle.vehicle_type,
            "usage": vehicle.usage_code,
            "class": vehicle.vehicle_class,
            "seats": vehicle.seats,
            "first_registration": vehicle.first_registration.isoformat()
            if vehicle.first_registration
            else None,
        },
        "terms": {"request": stored.get("request") or {}, "quote": stored.get("quote") or {}},
        "period": [
            policy.start_date.isoformat() if policy.start_date else None,
            policy.end_date.isoformat() if policy.end_date else None,
        ],
        "flags": list(policy.flags or []),
        "cover_ends": None,  # a cancellation: the last day covered
    }


def terms_of(content: dict[str, Any]) -> Terms:
    return Terms(content["terms"]["request"], content["terms"]["quote"])


def versions(session: Session, policy_id: str) -> list[PolicyVersion]:
    return list(
        session.execute(
            select(PolicyVersion)
            .where(PolicyVersion.policy_id == policy_id)
            .order_by(PolicyVersion.number)
        ).scalars()
    )


def current(session: Session, policy: Policy) -> PolicyVersion:
    """The newest version that is not void; version 0 is recorded from the rows the first time a
    policy is asked for (before its first change nothing else has touched them)."""
    rows = [v for v in versions(session, policy.id) if v.state != VOID]
    if rows:
        return rows[-1]
    v0 = PolicyVersion(
        policy_id=policy.id,
        number=0,
        change_id=None,
        effective_date=policy.start_date,
        state=ISSUED,
        content=snapshot(session, policy),
    )
    session.add(v0)
    session.flush()
    return v0


def _customer(session: Session, party: dict[str, Any]) -> Customer:
    c = (
        session.execute(select(Customer).where(Customer.id_number == party["id_number"]))
        .scalars()
        .first()
    )
    if c is None:
        c = Customer(
            kind=party["kind"],
            name=party["name"],
            id_type=party["id_type"],
            id_number=party["id_number"],
        )
        session.add(c)
    c.name = party["name"]
    c.phone, c.email, c.address = party.get("phone"), party.get("email"), party.get("address")
    session.flush()
    return c


def put_in_force(session: Session, policy: Policy, content: dict[str, Any]) -> None:
    """Make the policy's rows say what `content` says (a new version bound, or the one before a
    rejected change put back)."""
    parties = {role: _customer(session, content["parties"][role]) for role in ROLES}
    vehicle = session.get(Vehicle, policy.vehicle_id)
    assert vehicle is not None
    v = content["vehicle"]
    vehicle.vin, vehicle.plate, vehicle.engine_number = v["vin"], v["plate"], v["engine_number"]
    vehicle.usage_code, vehicle.vehicle_class = v["usage"], v["class"]
    vehicle.owner_id = parties["owner"].id
    policy.policyholder_id = parties["policyholder"].id
    policy.insured_id = parties["insured"].id
    terms = terms_of(content)
    figures = terms.figures()
    stored = copy.deepcopy(policy.quote or {})
    stored.update(request=terms.request, quote=terms.quote)
    policy.quote = stored
    policy.premium_ctpl = figures["ctpl"] if terms.quote.get("ctpl") else ZERO
    policy.premium_commercial = figures["commercial"]
    policy.vehicle_tax = figures["tax"]
    policy.premium_total = figures["total"]
    policy.start_date = date.fromisoformat(content["period"][0])
    policy.end_date = date.fromisoformat(content["period"][1])
    if content.get("cancelled") == "all" and content.get("cover_ends"):
        # Cancelled as a whole: cover ends the day before the effective date, and the duplicate
        # check (app.issuance.service) lets the vehicle be insured again from then.
        policy.end_date = date.fromisoformat(content["cover_ends"])
    policy.flags = list(content.get("flags") or [])
