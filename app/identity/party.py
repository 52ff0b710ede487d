"""A party's ID number when it may be a person's or an organisation's (the vehicle owner on a
行驶证 is often a company): 17 digits and a digit or X is a resident ID number, anything else is
checked as a unified social credit code."""

from __future__ import annotations

import re

from app.check_result import CheckResult
from app.identity.resident_id import check_resident_id
from app.identity.uscc import check_uscc

_RESIDENT = re.compile(r"^\d{17}[\dXx]$")


def party_id_type(value: str) -> str:
    return "resident_id" if _RESIDENT.match(value.strip()) else "uscc"


def check_party_id(value: str) -> CheckResult:
    return check_resident_id(value) if party_id_type(value) == "resident_id" else check_uscc(value)
