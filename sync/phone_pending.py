"""Applications the desk has taken but the clerk has not yet continued or refused
(docs/phone.md, "Kept across a restart"): in the encrypted store's `phone_pending` table, so
closing the desk loses none of them. The relay (head office's or the LAN server's) dropped its
ciphertext once the desk acknowledged it: from then on this row is the only copy, so it is
written before the acknowledgement and deleted only when the clerk continues the application
into a draft or refuses it, or when nobody did within `RETENTION` (head office has forgotten the
application by then, so its phone could not be told either)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_der_private_key,
)
from sqlalchemy import delete, select

from local_db.models import PhonePending
from local_db.store import Store
from sync.phone_protocol import RETENTION, PhoneApplication, parse_application

HQ, LAN, YARD = "hq", "lan", "yard"


@dataclass(frozen=True)
class Received:
    application_id: str
    submitted_at: datetime
    application: PhoneApplication
    phone_key: str  # the phone's one-time public key, to seal the schedule back to it


@dataclass(frozen=True)
class Kept(Received):
    """An application as the store keeps it: where it came from, the yard's photos of the
    vehicle, its staff member and instant quote, and the desk's OCR readings once made."""

    source: str = HQ
    vehicle_photos: tuple[bytes, ...] = ()
    staff: str = ""
    device_id: str = ""
    quote: dict[str, Any] | None = None  # the yard's: {"request": ..., "total": ...}
    reads: list[tuple[str, dict[str, Any]]] | None = None  # (file name, the OCR's result)


class PendingApplications:
    def __init__(self, store: Store, now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.store = store
        self.now = now

    def keep(
        self,
        got: Received,
        source: str,
        desk_key: ec.EllipticCurvePrivateKey | None = None,
        *,
        vehicle_photos: Iterable[bytes] = (),
        staff: str = "",
        device_id: str = "",
        quote: dict[str, Any] | None = None,
    ) -> None:
        """Kept once (a relay that did not hear the acknowledgement sends it again)."""
        der = (
            desk_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
            if desk_key is not None
            else None
        )
        now = self.now()
        with self.store.write() as s:
            s.execute(delete(PhonePending).where(PhonePending.forget_after < now))
            kept = select(PhonePending.application_id).where(
                PhonePending.application_id == got.application_id
            )
            if s.scalar(kept) is not None:
                return
            s.add(
                PhonePending(
                    application_id=got.application_id,
                    source=source,
                    submitted_at=got.submitted_at,
                    application=got.application.model_dump_json().encode("utf-8"),
                    phone_key=got.phone_key,
                    desk_key=der,
                    vehicle_photos=[base64.b64encode(p).decode("ascii") for p in vehicle_photos],
                    staff=staff,
                    device_id=device_id,
                    quote=quote,
                    created_at=now,
                    forget_after=now + RETENTION,
                )
            )

    def ids(self) -> set[str]:
        with self.store.read() as s:
            return set(
                s.scalars(
                    select(PhonePending.application_id).where(
                        PhonePending.forget_after >= self.now()
                    )
                )
            )

    def load(self, ids: Iterable[str]) -> list[Kept]:
        wanted = list(ids)
        if not wanted:
            return []
        with self.store.read() as s:
            rows = s.scalars(
                select(PhonePending)
                .where(PhonePending.application_id.in_(wanted))
                .order_by(PhonePending.submitted_at)
            ).all()
            return [
                Kept(
                    r.application_id,
                    r.submitted_at,
                    parse_application(bytes(r.application)),
                    r.phone_key,
                    r.source,
                    tuple(base64.b64decode(p) for p in r.vehicle_photos or []),
                    r.staff,
                    r.device_id,
                    r.quote,
                    [(str(name), dict(result)) for name, result in r.reads]
                    if r.reads is not None
                    else None,
                )
                for r in rows
            ]

    def unlisted(self, listed: set[str]) -> list[Kept]:
        """Every kept application whose id is not in `listed` (cheap when none: ids only)."""
        return self.load(self.ids() - listed)

    def save_reads(self, application_id: str, reads: list[tuple[str, dict[str, Any]]]) -> None:
        """The desk's OCR of its photos, so a restart does not read them again."""
        with self.store.write() as s:
            row = s.get(PhonePending, application_id)
            if row is not None:
                row.reads = [[name, result] for name, result in reads]

    def desk_key(self, application_id: str) -> ec.EllipticCurvePrivateKey | None:
        with self.store.read() as s:  # the key's column only: the row holds the photos too
            found = s.scalar(
                select(PhonePending.desk_key).where(PhonePending.application_id == application_id)
            )
            der = bytes(found) if found else None
        if der is None:
            return None
        key = load_der_private_key(der, password=None)
        return key if isinstance(key, ec.EllipticCurvePrivateKey) else None

    def source(self, application_id: str) -> str:
        with self.store.read() as s:
            found = s.scalar(
                select(PhonePending.source).where(PhonePending.application_id == application_id)
            )
            return str(found or "")

    def drop(self, application_id: str) -> None:
        """Continued into a draft or refused: the draft (or nobody) holds it now."""
        with self.store.write() as s:
            s.execute(delete(PhonePending).where(PhonePending.application_id == application_id))
