"""Requests a broken or hostile client might send head office, as hypothesis strategies, and the
check every answer must pass: never a server error, always the protocol's error shape. The fuzz
test (a few hundred cases) and the fuzz benchmark (a few thousand) share them."""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import requests
from hypothesis import strategies as st

from sync.protocol import Paths, content_hash
from tests.support.hq_data import example_quote_request, policy_item

# Statuses head office may answer; anything else (above all a 5xx) is a failure.
# 409: an audit chain that shrank or forked, another signing key already registered.
ALLOWED = {200, 400, 401, 404, 405, 409, 413, 415, 422, 503}


@dataclass
class Probe:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    def send(self, base_url: str) -> requests.Response:
        return requests.request(
            self.method,
            base_url + self.path,
            data=self.body,
            headers=self.headers,
            timeout=60,
        )


def check_answer(probe: Probe, r: requests.Response) -> None:
    where = f"{probe.method} {probe.path[:80]}"
    assert r.status_code in ALLOWED, f"{where}: HTTP {r.status_code} {r.text[:300]}"
    if r.status_code >= 400:
        body = r.json()
        assert set(body) <= {"error", "message", "message_zh"} and body["error"], where
    elif probe.path == Paths.POLICIES:
        for result in r.json()["results"]:
            assert result["outcome"] in ("accepted", "duplicate", "rejected", "retry"), where


# --- values ------------------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "\x00",
            "\u202eadmin",
            "аdmin",  # Cyrillic а
            "../../etc/passwd",
            "' OR 1=1 --",
            "x" * 5000,
            "张" * 2000,
            "\ud800",
        ]
    ),
)
hostile_number = st.one_of(
    st.sampled_from(
        ["1e999999", "-1e999999", "1e308", "NaN", "Infinity", "-0.00", "0.001", "-5", "1" * 400]
    ),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)
leaf = st.one_of(st.none(), st.booleans(), hostile_text, hostile_number)
json_value = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)
deep = st.integers(min_value=10, max_value=5000).map(lambda n: "[" * n + "]" * n)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        out = [prefix] if prefix else []
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
        return out
    if isinstance(node, list):
        out = [prefix] if prefix else []
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
        return out
    return [prefix]


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(doc))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


@st.composite
def mutated(draw: Callable[..., Any], doc: Any) -> Any:
    """`doc` with one to three of its fields (or branches) replaced by hostile values."""
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        if not paths:
            break
        doc = _set(doc, draw(st.sampled_from(paths)), draw(json_value))
    return doc


# --- requests ----------------------------------------------------------------------------------


def _encode(draw: Callable[..., Any], body: bytes) -> tuple[bytes, dict[str, str]]:
    how = draw(st.sampled_from(["plain", "plain", "gzip", "gzip-cut", "wrong-encoding"]))
    headers = {"Content-Type": draw(st.sampled_from(["application/json"] * 4 + ["text/plain"]))}
    if how == "gzip":
        return gzip.compress(body), headers | {"Content-Encoding": "gzip"}
    if how == "gzip-cut":
        packed = gzip.compress(body)
        return packed[: len(packed) // 2], headers | {"Content-Encoding": "gzip"}
    if how == "wrong-encoding":
        return body, headers | {"Content-Encoding": "gzip"}
    return body, headers


def _dumps(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


@st.composite
def policy_batch(draw: Callable[..., Any], outlet: str) -> bytes:
    kind = draw(st.sampled_from(["mutated-item", "mutated-item", "mutated-batch", "any", "deep"]))
    if kind == "deep":
        return draw(deep).encode()
    if kind == "any":
        return _dumps(draw(json_value))
    item = policy_item(f"F-{draw(st.integers(0, 10**6))}", outlet=outlet)
    if kind == "mutated-item":
        item = draw(mutated(item))
        if draw(st.booleans()) and isinstance(item, dict) and isinstance(item.get("content"), dict):
            # Hashed again, as a buggy outlet would: the content is then judged on its merits.
            try:
                item["content_hash"] = content_hash(item["content"])
            except (TypeError, ValueError):
                pass
        return _dumps({"items": [item]})
    return _dumps(draw(mutated({"items": [item, policy_item("F-OTHER", outlet=outlet)]})))


@st.composite
def referral(draw: Callable[..., Any]) -> bytes:
    doc = {
        "referral_id": str(uuid.uuid4()),
        "reasons": ["high value"],
        "quote_request": example_quote_request(),
        "note": "",
        "quote_summary": {"total": "5530.70"},
    }
    return _dumps(draw(mutated(doc)))


@st.composite
def anchor_report(draw: Callable[..., Any]) -> bytes:
    doc = {
        "count": draw(st.integers(1, 10**6)),
        "head_hash": "ab" * 32,
        "since": 0,
        "hash_at_since": None,
        "recoveries": [
            {"event_id": 1, "ts": "2026-12-01T08:00:00+00:00", "actor": "admin", "summary": ""}
        ],
    }
    return _dumps(draw(mutated(doc)))


@st.composite
def probes(draw: Callable[..., Any], token: str, outlet: str) -> Probe:
    """One request: mostly with the device's token, sometimes without or with a bad one."""
    auth = draw(st.sampled_from(["valid"] * 6 + ["none", "bad", "long", "scheme"]))
    headers = {
        "valid": {"Authorization": f"Bearer {token}"},
        "none": {},
        "bad": {"Authorization": "Bearer not-a-token"},
        "long": {"Authorization": "Bearer " + "x" * 5000},
        "scheme": {"Authorization": f"Basic {token}"},
    }[auth]
    route = draw(
        st.sampled_from(
            [
                "policies",
                "policies",
                "policies",
                "referral",
                "provision",
                "anchor",
                "lookup",
                "get",
                "method",
            ]
        )
    )
    if route in ("policies", "referral", "provision", "anchor"):
        if route == "policies":
            raw, path = draw(policy_batch(outlet)), Paths.POLICIES
        elif route == "referral":
            raw, path = draw(referral()), Paths.REFERRALS
        elif route == "anchor":
            raw, path = draw(anchor_report()), Paths.AUDIT_ANCHOR
        else:
            raw, path = _dumps(draw(mutated({"code": "ABCDEFGHJKLMNPQR"}))), Paths.PROVISION
        body, more = _encode(draw, raw)
        return Probe("POST", path, headers | more, body)
    if route == "lookup":
        path = draw(
            st.sampled_from(
                [Paths.VEHICLE_LOOKUP, Paths.VIOLATIONS_LOOKUP, Paths.PRIOR_POLICIES_LOOKUP]
            )
        )
        params = draw(st.dictionaries(st.sampled_from(["vin", "plate", "x"]), hostile_text))
        query = urlencode(params, encoding="utf-8", errors="surrogatepass")
        return Probe("GET", f"{path}?{query}" if query else path, headers)
    segment = quote(draw(hostile_text), safe="", encoding="utf-8", errors="surrogatepass")
    if route == "get":
        path = draw(
            st.sampled_from(
                [
                    Paths.RATE_INDEX,
                    Paths.RATE_TABLE.format(version=segment or "1"),
                    Paths.REFERRAL.format(referral_id=segment or "x"),
                    Paths.QR_PAYMENT.format(reference=segment or "x"),
                    Paths.DEVICE,
                    Paths.AUDIT_ANCHOR,
                    Paths.HEALTH,
                    f"/api/v1/{segment}",
                ]
            )
        )
        return Probe("GET", path, headers)
    method = draw(st.sampled_from(["PUT", "DELETE", "PATCH", "GET", "POST"]))
    path = draw(st.sampled_from([Paths.POLICIES, Paths.REFERRALS, Paths.PROVISION, Paths.DEVICE]))
    return Probe(method, path, headers, _dumps(draw(json_value)) if method != "GET" else None)
