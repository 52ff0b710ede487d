"""The customer's phone for tests and benchmarks: a live head office with one enrolled desk and
its `PhoneInbox`, specimen photos as a phone's camera makes them, and an application sealed the
way the mobile page seals it."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from sqlalchemy.engine import Engine

from sync.client import HqClient
from sync.phone_inbox import Invitation, PhoneInbox
from sync.phone_protocol import PhonePaths, seal_for_desk
from sync.rate_limit import RateLimit
from tests.support.hq_data import enrol, migrated_engine
from tests.support.hq_server import running

# Values a leak check looks for, byte for byte, where only ciphertext may be.
MOBILE = "13912345678"
EMAIL = "zhang.customer@example.cn"


@dataclass
class PhoneDesk:
    url: str
    engine: Engine
    db_file: Path
    inbox: PhoneInbox


@contextmanager
def phone_desk(tmp_path: Path, per_minute: int = 600, db_url: str = "") -> Iterator[PhoneDesk]:
    """Head office on SQLite in `tmp_path`, or on `db_url` (a PostgreSQL database, emptied)."""
    db_file = tmp_path / "hq.sqlite3"
    engine = migrated_engine(db_url or f"sqlite:///{db_file}", wipe=bool(db_url))
    try:
        with running(engine, phone_rate=RateLimit(per_minute)) as url:
            _, token = enrol(url, engine)
            client = HqClient(url, token=token, attempts=1)
            try:
                yield PhoneDesk(url, engine, db_file, PhoneInbox(client))
            finally:
                client.close()
    finally:
        engine.dispose()


def specimen_jpeg(
    text: str = "ID", size: tuple[int, int] = (640, 400), noise: bool = False
) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (225, 235, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(20, 40, 90), width=4)
    draw.text((40, 40), text, fill=(0, 0, 0))
    if noise:  # incompressible: an oversized photo stays oversized as JPEG
        image = Image.frombytes("RGB", size, __import__("os").urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def application_json(photos: dict[str, bytes] | None = None, **changes: Any) -> bytes:
    photos = photos if photos is not None else {"id_front": specimen_jpeg("FRONT")}
    doc: dict[str, Any] = {
        "language": "zh",
        "consent": {"version": "2026-12", "personal": True, "sensitive": True},
        "mobile": MOBILE,
        "email": EMAIL,
        "photos": {k: base64.b64encode(v).decode("ascii") for k, v in photos.items()},
        "signature": "",
    }
    doc.update(changes)
    return json.dumps(doc).encode("utf-8")


def fragment(invitation: Invitation) -> dict[str, str]:
    """a (application id), t (token), k (desk key) from the QR code's address."""
    return dict(part.split("=", 1) for part in invitation.url.split("#", 1)[1].split("&"))


def submit(
    url: str, invitation: Invitation, plaintext: bytes, phone_key: Any = None, **override: Any
) -> requests.Response:
    """What the page posts, sealed in Python the same way (with `phone_key`, the phone's
    one-time key, when the test signs later with it)."""
    f = fragment(invitation)
    envelope = seal_for_desk(plaintext, f["k"], f["a"], phone_key).model_dump()
    body = {"token": f["t"], "application_id": f["a"], "envelope": envelope}
    body.update(override)
    return requests.post(url + PhonePaths.SUBMIT, json=body, timeout=30)


def status(url: str, invitation: Invitation) -> requests.Response:
    return requests.post(
        url + PhonePaths.STATUS, json={"token": fragment(invitation)["t"]}, timeout=30
    )


def phone_signs(url: str, invitation: Invitation, phone_key: Any, app_id: str) -> requests.Response:
    """What the page does with the proposal the desk sent: open it, sign it, seal the strokes
    back with the hash it names."""
    from sync.phone_protocol import (
        RemoteSchedule,
        RemoteSignature,
        StatusAnswer,
        open_from_desk,
    )

    status = StatusAnswer.model_validate(
        requests.post(url + PhonePaths.STATUS, json={"token": fragment(invitation)["t"]}).json()
    )
    assert status.status == "received" and status.schedule is not None
    shown = RemoteSchedule.model_validate_json(open_from_desk(status.schedule, phone_key, app_id))
    signed = RemoteSignature(schedule_hash=shown.schedule_hash, strokes=STROKES)
    envelope = seal_for_desk(
        signed.model_dump_json().encode(), fragment(invitation)["k"], app_id, phone_key, "signature"
    )
    return requests.post(
        url + PhonePaths.SIGN,
        json={"token": fragment(invitation)["t"], "envelope": envelope.model_dump()},
        timeout=30,
    )


STROKES = [[(0.1, 0.2), (0.3, 0.4), (0.5, 0.3)], [(0.6, 0.6), (0.8, 0.7)]]


def phone_hello(
    url: str, invitation: Invitation, phone_key: Any, **changes: Any
) -> requests.Response:
    """What the page does on a signature link (m=sign): its one-time key, in a sealed hello."""
    from sync.phone_protocol import HELLO_PURPOSE, SignHello

    f = fragment(invitation)
    plain = SignHello(**changes).model_dump_json().encode()
    envelope = seal_for_desk(plain, f["k"], f["a"], phone_key, HELLO_PURPOSE).model_dump()
    return requests.post(
        url + PhonePaths.SUBMIT,
        json={"token": f["t"], "application_id": f["a"], "envelope": envelope},
        timeout=30,
    )
