"""Fuzzing the request schemas: hypothesis makes issuance and quote requests from the examples,
with one to three places (a leaf or a whole part) replaced by something hostile — huge, tiny,
non-finite or malformed numbers, dates out of any range, text with controls, deep nesting, the
wrong type — or a key dropped or added. The property: a request either prices (or issues) or is
refused with a ChudanError whose message is one line; never another exception.

The tests run a few hundred cases (tests/unit/issuance/test_request_fuzz.py and, against a store,
tests/integration/issuance/test_issue_fuzz.py); `make bench` a few thousand, bounded in time
(benchmarks/bench_bad_input.py)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from tests.support.bad_input import EXAMPLE, QUOTE

NUMERIC_STRINGS = [
    "1e999999",
    "-1e999999",
    "1e-999999",
    "1e308",
    "1E+30",
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "-1",
    "0",
    "0.001",
    "3.14159265358979323846",
    "1" * 5000,
    " 12 ",
    "１２３",  # full-width digits
    "0x10",
    "rest",
]
DATE_STRINGS = [
    "9999-12-31",
    "0001-01-01",
    "1899-12-31",
    "2100-01-01",
    "2026-02-30",
    "2026-13-01",
    "20261201",
    "2026-12-01T00:00:00",
    "",
]
TEXT_STRINGS = [
    "",
    " ",
    "\x00",
    "\u202e",
    "\ud800",
    "a\u200bb",
    "京A12345\n",
    "\x1b[2J",
    "../../etc/passwd",
    "'; DROP TABLE policy; --",
    "张" * 300,
    "x" * 70_000,
    "ａｄｍｉｎ",
]
HOSTILE_NUMBERS = [
    0,
    -1,
    10**30,
    -(10**30),
    2**63,
    1.5,
    -0.0,
    1e308,
    float("inf"),
    float("nan"),
    True,
]


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


anything = st.one_of(
    st.sampled_from(NUMERIC_STRINGS + DATE_STRINGS + TEXT_STRINGS),
    st.sampled_from(HOSTILE_NUMBERS),
    st.none(),
    st.text(max_size=40),
    st.builds(_nested, st.integers(min_value=1, max_value=200)),
    st.lists(st.integers(), max_size=5),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)
numbers = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS), st.integers(), st.floats(), st.sampled_from(NUMERIC_STRINGS)
)
numeric_strings = st.one_of(
    st.sampled_from(NUMERIC_STRINGS),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)
date_strings = st.one_of(st.sampled_from(DATE_STRINGS), st.dates().map(lambda d: d.isoformat()))
texts = st.one_of(st.sampled_from(TEXT_STRINGS), st.text(max_size=80))


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def hostile_for(original: Any) -> st.SearchStrategy:
    """Mostly something of the kind the place holds (so that it gets past the type check and
    into the rules behind it), sometimes anything at all."""
    if isinstance(original, bool | int | float):
        kind = numbers
    elif isinstance(original, str) and _is_number(original):
        kind = numeric_strings
    elif isinstance(original, str) and len(original) == 10 and original[4:5] == "-":
        kind = date_strings
    elif isinstance(original, str):
        kind = texts
    else:
        return anything
    return st.one_of(kind, kind, kind, anything)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document: each key and index, containers included."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@lru_cache(maxsize=2)
def _places(kind: str) -> tuple[tuple, ...]:
    base = EXAMPLE if kind == "policy" else QUOTE
    extra = (
        [
            ("insured",),
            ("owner",),
            ("draft_id",),
            ("coverages",),
            ("history", "ncd_level"),
            ("prior_policies",),
            ("registry_answer",),
        ]
        if kind == "policy"
        else [("end_date",), ("tax",), ("short_term_months",), ("vehicle", "tonnage")]
    )
    return tuple(_paths(base) + extra)


def _get(doc: Any, path: tuple) -> Any:
    for part in path:
        try:
            doc = doc[part]
        except (KeyError, IndexError, TypeError):
            return None
    return doc


@lru_cache(maxsize=2)
def _numeric_places(kind: str) -> tuple[tuple, ...]:
    base = EXAMPLE if kind == "policy" else QUOTE

    def numeric(v: Any) -> bool:
        return (
            isinstance(v, int | float)
            and not isinstance(v, bool)
            or (isinstance(v, str) and _is_number(v))
        )

    return tuple(p for p in _places(kind) if numeric(_get(base, p)))


def _set(doc: Any, path: tuple, value: Any, drop: bool) -> None:
    target = doc
    for part in path[:-1]:
        if isinstance(target, dict) and part in target:
            target = target[part]
        elif isinstance(target, list) and isinstance(part, int) and part < len(target):
            target = target[part]
        else:
            return  # an earlier change replaced the container
    last = path[-1]
    if isinstance(target, dict):
        if drop:
            target.pop(last, None)
        else:
            target[last] = value
    elif isinstance(target, list) and isinstance(last, int) and last < len(target):
        target[last] = value


@st.composite
def mutated(draw, kind: str) -> Any:
    base = EXAMPLE if kind == "policy" else QUOTE
    if draw(st.integers(min_value=0, max_value=19)) == 0:  # now and then, any JSON at all
        return draw(
            st.recursive(
                st.none() | st.integers() | st.text(max_size=10),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=3)
                ),
                max_leaves=10,
            )
        )
    doc = copy.deepcopy(base)
    places = _places(kind)
    numeric = _numeric_places(kind)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        # Half the time a place holding a number: most of the rules (and of the faults) are there.
        path = draw(st.one_of(st.sampled_from(numeric), st.sampled_from(places)))
        _set(doc, path, draw(hostile_for(_get(base, path))), drop=draw(st.integers(0, 9)) == 0)
    if draw(st.integers(0, 9)) == 0 and isinstance(doc, dict):
        doc[draw(st.text(max_size=12))] = draw(anything)
    return doc


policy_requests = mutated("policy")
quote_requests = mutated("quote")


@lru_cache(maxsize=1)
def bundled_table():
    from app.rating.installed import BUNDLED_TABLE, DEMO_PUBLIC_KEY
    from app.rating.signing import load_document, load_public_key, verify_table

    return verify_table(
        load_document(BUNDLED_TABLE.read_bytes()), load_public_key(DEMO_PUBLIC_KEY.read_bytes())
    )


def refused_well(exc: BaseException) -> bool:
    """A refusal a person can act on: a ChudanError with a one-line message."""
    from app.core.errors import ChudanError

    message = str(exc)
    return isinstance(exc, ChudanError) and bool(message) and "\n" not in message


def price_policy_request(data: Any) -> None:
    """What `chudan policy issue` does before it touches the store: parse, check every field,
    build the quote request for the outlet's region, price and underwrite it."""
    from app.issuance.request import check_request, parse_policy_request
    from app.issuance.service import IssuanceService
    from app.rating import quote_and_underwrite

    req = parse_policy_request(data)
    check_request(req)
    table = bundled_table()
    qreq = IssuanceService.quote_request(None, req, table, "110000")  # type: ignore[arg-type]
    quote_and_underwrite(qreq, table)


def price_quote_request(data: Any) -> None:
    from app.rating import parse_request, quote_and_underwrite

    quote_and_underwrite(parse_request(data), bundled_table())


def shown(data: Any) -> str:
    """A falsifying example, short enough to read in a failure."""
    return json.dumps(data, ensure_ascii=False, default=str)[:400]
