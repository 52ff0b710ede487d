"""A party's ID number when it may be a person's or an organisation's (the vehicle owner on a
行驶证 is often a company): 17 digits and a digit or X is checked as a person's ID number
(resident ID, residence permit, or the 2023 foreign permanent-residence number starting with 9),
and so is the old foreign permanent-residence format; anything else as a unified social credit
code. A credit code can also be 18 digits, so a person-shaped number that fails the person's
check but is a valid credit code is taken as the credit code."""

from __future__ import annotations

import re

from app.core.check_result import CheckResult, normalise_code
from app.identity.resident_id import check_resident_id
from app.identity.uscc import check_uscc

_PERSON = re.compile(r"^(\d{17}[\dX]|[A-Z]{3}\d{12})$")


def _check(value: str) -> tuple[str, CheckResult]:
    v = normalise_code(value)
    if not _PERSON.match(v):
        return "uscc", check_uscc(v)
    person = check_resident_id(v)
    if not person.valid:
        organisation = check_uscc(v)
        if organisation.valid:
            return "uscc", organisation
    return "resident_id", person


def party_id_type(value: str) -> str:
    """ "resident_id" for a person's number of any kind (the result's `document_type` tells which),
    "uscc" for an organisation's."""
    return _check(value)[0]


def check_party_id(value: str) -> CheckResult:
    return _check(value)[1]


def check_party(value: str) -> tuple[str, CheckResult]:
    """The type (as party_id_type) and the check at once: a book import checks 50,000 rows."""
    return _check(value)
