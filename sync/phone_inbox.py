"""The desk's side of the customer's phone (issue 20, docs/phone.md): open a one-time
application at head office (the QR code's address), fetch what phones sent, open it with the
one-time private key, refuse what does not open or does not fit, and tell head office it has it
(so head office drops the ciphertext).

The one-time private keys live in this object, in memory only: an application left open when the
desk closes cannot be opened afterwards, and the customer is asked for a new QR code (its token
expires in minutes anyway). Nothing here writes the plaintext anywhere; the caller gets the
`PhoneApplication` and decides."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from sync.client import HqClient
from sync.phone_protocol import (
    Inbox,
    OpenAnswer,
    OpenRequest,
    PhoneApplication,
    PhonePaths,
    PhoneProtocolError,
    RefusalRequest,
    new_desk_key,
    open_envelope,
    page_url,
    parse_application,
    public_b64url,
)
from sync.state import ca_path, device_token, load_device


def for_desk(ctx: Any) -> PhoneInbox | None:
    """The inbox of this desk (`ctx` an AppContext), or None while it is not provisioned."""
    device = load_device(ctx.store)
    if device is None or not device.hq_url:
        return None
    ca = ca_path(ctx.home)
    client = HqClient(
        device.hq_url,
        token=device_token(ctx.store),
        ca_file=ca if ca.exists() else None,
        read_timeout=20.0,
        attempts=1,
    )
    return PhoneInbox(client)


@dataclass(frozen=True)
class Invitation:
    """What the desk shows as a QR code."""

    application_id: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class Received:
    application_id: str
    submitted_at: datetime
    application: PhoneApplication
    phone_key: str  # the phone's one-time public key, to seal the schedule back to it


@dataclass(frozen=True)
class Rejected:
    """An envelope that did not open or did not fit: refused on the phone with `code`."""

    application_id: str
    code: str
    reason: str


@dataclass
class PhoneInbox:
    client: HqClient
    page_base: str = ""  # where phones load the page (head office's public URL, or the LAN desk)
    _keys: dict[str, ec.EllipticCurvePrivateKey] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def invite(self) -> Invitation:
        key = new_desk_key()
        desk_key = public_b64url(key)
        r = self.client.request(
            "POST", PhonePaths.APPLICATIONS, json_body=OpenRequest(desk_key=desk_key).model_dump()
        )
        answer = OpenAnswer.model_validate(self.client._ok_json(r))
        with self._lock:
            self._keys[answer.application_id] = key
        base = self.page_base or self.client.base_url
        return Invitation(
            answer.application_id,
            page_url(base, answer.application_id, answer.token, desk_key),
            answer.expires_at,
        )

    def fetch(self) -> tuple[list[Received], list[Rejected]]:
        """Every application waiting at head office for this desk, opened; each one is
        acknowledged (received) or refused on the phone before this returns."""
        r = self.client.request("GET", PhonePaths.INBOX)
        inbox = Inbox.model_validate(self.client._ok_json(r))
        received: list[Received] = []
        rejected: list[Rejected] = []
        for item in inbox.items:
            with self._lock:
                key = self._keys.get(item.application_id)
            if key is None:
                # Opened by an earlier run of the desk: its key is gone with it.
                rejected.append(self._reject(item.application_id, "other", "key gone"))
                continue
            try:
                plain = open_envelope(item.envelope, key, item.application_id)
            except PhoneProtocolError as exc:
                rejected.append(self._reject(item.application_id, "damaged", exc.message))
                continue
            try:
                application = parse_application(plain)
            except PhoneProtocolError as exc:
                rejected.append(self._reject(item.application_id, "damaged", exc.message))
                continue
            self.client._ok_json(
                self.client.request(
                    "DELETE", PhonePaths.APPLICATION.format(application_id=item.application_id)
                )
            )
            received.append(
                Received(item.application_id, item.submitted_at, application, item.envelope.epk)
            )
        return received, rejected

    def refuse(self, application_id: str, code: str) -> None:
        """The clerk refuses: the phone shows why (the code, in its language)."""
        self.client._ok_json(
            self.client.request(
                "POST",
                PhonePaths.REFUSAL.format(application_id=application_id),
                json_body=RefusalRequest(code=code).model_dump(),
            )
        )
        with self._lock:
            self._keys.pop(application_id, None)

    def _reject(self, application_id: str, code: str, reason: str) -> Rejected:
        self.refuse(application_id, code)
        return Rejected(application_id, code, reason)
