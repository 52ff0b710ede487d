"""What a broken or hostile device on the outlet's Wi-Fi might send the desk's LAN server:
hypothesis posts JSON bodies of every shape (wrong types, huge strings, nesting, missing and
extra fields) to every path the server answers, with no, forged or real credentials. Every
answer must be an answer of the protocol (JSON with an error code and both languages), never
a server error, and the server must still take a good hand-off afterwards."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.phone_protocol import PhonePaths
from tests.support.phone import application_json
from tests.support.yard import lan_desk

pytestmark = pytest.mark.slow

PATHS = [
    PhonePaths.SUBMIT,
    PhonePaths.STATUS,
    PhonePaths.SIGN,
    PhonePaths.APPLICATIONS,
    "/api/v1/phone/applications/00000000-0000-0000-0000-000000000000/refusal",
    "/api/v1/phone/applications/00000000-0000-0000-0000-000000000000/schedule",
    "/api/v1/yard/pair",
    "/api/v1/yard/login",
    "/api/v1/yard/quote",
    "/api/v1/yard/handoff",
    "/api/v1/yard/logout",
    "/api/v1/yard/nothing",
]
KEYS = st.sampled_from(
    [
        "token",
        "application_id",
        "envelope",
        "code",
        "name",
        "device_token",
        "username",
        "password",
        "request",
        "application",
        "vehicle_photos",
        "desk_key",
    ]
)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    | st.text(alphabet="A", min_size=300, max_size=300)
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
BODIES = st.dictionaries(KEYS, VALUES, max_size=5)


def test_no_body_makes_the_lan_server_fail(app_ctx) -> None:
    with lan_desk(app_ctx, login_rate=100_000) as desk:
        server = desk.service.server
        server.phone_rate.per_minute = 100_000
        session = desk.staff_session(desk.paired_device())

        @settings(
            max_examples=300,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(
            st.sampled_from(PATHS),
            BODIES,
            st.sampled_from(
                ["", "Bearer forged", f"Bearer {session}", f"Bearer {server.desk_token}"]
            ),
        )
        def one(path: str, body: dict[str, Any], auth: str) -> None:
            answer = server.post(path, auth, "192.0.2.7", body)
            assert answer.status < 500, (path, answer.body[:200])
            data = json.loads(answer.body)
            if answer.status >= 400:
                assert data["error"] and data["message"] and data["message_zh"]

        one()
        # (the pass may have logged the session out, as a device may)
        again = desk.staff_session(desk.paired_device("after the pass"))
        application = json.loads(application_json())
        assert desk.post("handoff", {"application": application}, again).status_code == 200
