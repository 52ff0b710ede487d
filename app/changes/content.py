"""A version's content after a change (pure: head office keeps its versions the same way).

A version's content is what a change can alter: the parties, the vehicle, the priced terms
(quote request and quote), the period, the flags, and for a cancellation the last day covered."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from app.changes.kinds import Kind

ROLES = ("policyholder", "insured", "owner")


def apply_change(
    base: dict[str, Any],
    kind: Kind,
    edits: dict[str, Any],
    effective: date | None,
    terms: dict[str, Any] | None,
) -> dict[str, Any]:
    """`base` with the change applied; `terms` are the priced terms after it (request and
    quote), None when it priced nothing again."""
    content = copy.deepcopy(base)
    if terms:
        content["terms"] = copy.deepcopy(terms)
    if kind == Kind.PLATE:
        content["vehicle"]["plate"] = edits["plate"]
        content["flags"] = [f for f in content.get("flags") or [] if f != "no_plate_yet"]
    elif kind == Kind.VIN_ENGINE:
        content["vehicle"]["vin"] = edits["vin"]
        content["vehicle"]["engine_number"] = edits["engine_number"]
    elif kind == Kind.OWNER:
        # 过户: the new owner is the insured from now on; the policyholder only when given.
        content["parties"]["owner"] = copy.deepcopy(edits["owner"])
        content["parties"]["insured"] = copy.deepcopy(edits["owner"])
        if edits.get("policyholder"):
            content["parties"]["policyholder"] = copy.deepcopy(edits["policyholder"])
    elif kind == Kind.CONTACT:
        for role in ROLES:
            for name, value in (edits.get(role) or {}).items():
                person = (content["parties"].get(role) or {}).get("id_number")
                # One person in two roles (the usual case): the same person's details change.
                for other in ROLES:
                    party = content["parties"].get(other)
                    if party is not None and party.get("id_number") == person:
                        party[name] = value
    elif kind == Kind.USAGE:
        content["vehicle"]["usage"] = edits["usage"]
        content["vehicle"]["class"] = edits["class"]
    elif kind == Kind.START_DATE:
        q = content["terms"]["quote"]
        content["period"] = [q["start_date"], q["end_date"]]
    elif kind == Kind.CANCEL:
        assert effective is not None
        content["cover_ends"] = (effective - timedelta(days=1)).isoformat()
        content["cancelled"] = edits["scope"]
    return content
