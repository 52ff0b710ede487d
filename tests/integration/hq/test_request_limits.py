"""Head office reads no more of a request than it allows, and nothing at all from a stranger:
the device token is checked before the body is read, a declared or streamed body above the limit
is refused (413) as soon as it is known to be too large, and a gzip body is inflated only up to the
limit (a small body that would inflate to a gigabyte costs head office no more than the limit).
Real server on loopback, SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import resource
import socket
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from hq.models import IntakeEvent, Policy, Referral
from sync.protocol import MAX_INFLATED_BYTES, MAX_REQUEST_BYTES, Paths
from tests.support.hq_data import enrol, policy_item, publish_demo
from tests.support.hq_server import LiveHq, running


def _post(url: str, path: str, body: bytes, token: str | None, **headers: str) -> requests.Response:
    hdrs = {"Content-Type": "application/json", **headers}
    if token is not None:
        hdrs["Authorization"] = f"Bearer {token}"
    return requests.post(url + path, data=body, headers=hdrs, timeout=60)


def _nothing_stored(engine: Engine) -> bool:
    with Session(engine) as s:
        return not any(
            s.scalar(select(func.count()).select_from(t)) for t in (Policy, IntakeEvent, Referral)
        )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def test_a_gzip_bomb_is_refused_while_inflating_and_costs_no_memory(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    # 1 GiB of zeros compresses to about 1 MB: under the body limit, far over the inflated one.
    bomb = gzip.compress(b"\0" * (1024 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < MAX_REQUEST_BYTES
    before = _peak_rss_mb()
    r = _post(live.url, Paths.POLICIES, bomb, token, **{"Content-Encoding": "gzip"})
    assert r.status_code == 413, r.text
    assert r.json()["error"] == "too_large" and "inflated" in r.json()["message"]
    # The server runs in this process: had it inflated the body, the peak would have grown by a
    # gigabyte. It grew by at most the inflated limit (plus the test's own bookkeeping).
    assert _peak_rss_mb() - before < MAX_INFLATED_BYTES / 1024 / 1024 + 64
    assert _nothing_stored(live.engine)


def test_the_inflated_limit_is_exact(engine: Engine) -> None:
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    limit = 64 * 1024
    with running(engine, key, max_inflated=limit) as url:
        _, token = enrol(url, engine)
        item = policy_item("P-1")
        text = json.dumps({"items": [item]}).encode()
        fits = text + b" " * (limit - len(text))  # JSON allows trailing blanks
        r = _post(url, Paths.POLICIES, gzip.compress(fits), token, **{"Content-Encoding": "gzip"})
        assert r.status_code == 200, r.text
        over = fits + b" "
        r = _post(url, Paths.POLICIES, gzip.compress(over), token, **{"Content-Encoding": "gzip"})
        assert r.status_code == 413
        # A plain body is held to the same limit once read.
        assert _post(url, Paths.POLICIES, over, token).status_code == 413


def _raw_exchange(url: str, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """Send a request by hand (a declared length the body never reaches); the status line and body."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head + body)
        data = b""
        while True:
            chunk = sock.recv(65536)
            data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            lengths = [
                int(line.split(b":", 1)[1])
                for line in head.lower().split(b"\r\n")
                if line.startswith(b"content-length:")
            ]
            if not chunk or (lengths and len(rest) >= lengths[0]):
                break
    return int(data.split(b" ", 2)[1]), rest


def _head(path: str, length: int, token: str | None) -> bytes:
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return (
        f"POST {path} HTTP/1.1\r\nHost: hq\r\nContent-Type: application/json\r\n"
        f"{auth}Content-Length: {length}\r\n\r\n"
    ).encode()


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_sent(
    live: LiveHq,
) -> None:
    _, token = enrol(live.url, live.engine)
    # 100 MB announced, nothing sent: the answer comes at once instead of head office waiting to
    # buffer the body.
    status, body = _raw_exchange(live.url, _head(Paths.POLICIES, 100_000_000, token))
    assert status == 413 and b"too_large" in body


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    yield b'{"items": ['
    sent = 0
    while sent < total:
        yield b" " * size
        sent += size


def test_a_streamed_body_is_cut_off_at_the_limit(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    # No Content-Length (chunked): counted as it arrives.
    try:
        r = requests.post(
            live.url + Paths.POLICIES,
            data=_chunks(4 * MAX_REQUEST_BYTES),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=60,
        )
    except requests.ConnectionError:
        return  # head office answered and closed while the client was still sending: refused
    assert r.status_code == 413


def test_a_stranger_is_refused_before_head_office_reads_the_body(live: LiveHq) -> None:
    # No token, a wrong token, an over-long one: 401 with nothing read, even for a body far over
    # the limit and a body that would not parse.
    for token in (None, "not-a-token", "x" * 10_000):
        status, body = _raw_exchange(live.url, _head(Paths.POLICIES, 100_000_000, token))
        assert status == 401 and json.loads(body)["error"] == "unauthorized"
    bomb = gzip.compress(b"[" * 10_000_000)
    r = _post(live.url, Paths.POLICIES, bomb, "not-a-token", **{"Content-Encoding": "gzip"})
    assert r.status_code == 401
    assert _nothing_stored(live.engine)


def test_every_route_but_health_and_provisioning_asks_for_the_device_first(
    live: LiveHq,
) -> None:
    # A malformed referral from a stranger is a 401, not a 422 describing what is wrong with it.
    bad_referral = json.dumps({"referral_id": "not-a-uuid", "reasons": 5}).encode()
    assert _post(live.url, Paths.REFERRALS, bad_referral, None).status_code == 401
    for path in (
        Paths.RATE_INDEX,
        Paths.RATE_TABLE.format(version=1),
        Paths.VEHICLE_LOOKUP + "?vin=LSVAU2180N2183294",
        Paths.REFERRAL.format(referral_id=uuid.uuid4()),
        Paths.QR_PAYMENT.format(reference="R1"),
        "/api/v1/no-such-path",
        "/docs",
        "/openapi.json",
    ):
        r = requests.get(live.url + path, timeout=30)
        assert r.status_code == 401, path
        assert r.json()["error"] == "unauthorized"
    assert requests.get(live.url + Paths.HEALTH, timeout=30).status_code == 200
    # The device known, the same malformed referral is described: which fields, not their values.
    _, token = enrol(live.url, live.engine)
    r = _post(live.url, Paths.REFERRALS, bad_referral, token)
    assert r.status_code == 422
    message = r.json()["message"]
    assert "referral_id" in message and "reasons" in message and "not-a-uuid" not in message
    assert _nothing_stored(live.engine)


def test_a_damaged_or_unknown_encoding_is_refused_with_a_reason(live: LiveHq) -> None:
    _, token = enrol(live.url, live.engine)
    whole = gzip.compress(json.dumps({"items": [policy_item("P-1")]}).encode())
    for body in (whole[: len(whole) // 2], b"not gzip at all", whole + b"trailing"):
        r = _post(live.url, Paths.POLICIES, body, token, **{"Content-Encoding": "gzip"})
        assert r.status_code == 400 and "damaged" in r.json()["message"]
    r = _post(live.url, Paths.POLICIES, whole, token, **{"Content-Encoding": "br"})
    assert r.status_code == 415
    assert _nothing_stored(live.engine)
