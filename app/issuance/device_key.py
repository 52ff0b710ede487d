"""The desk's document-signing key: an Ed25519 key pair made on this desk, whose private half never
leaves the encrypted store, and which signs the token in every printed policy's QR code
(app/core/policy_tokens.py).

Which key signs follows the desk's identity. A provisioned desk signs as head office's device id
and registers the public half with head office (at provisioning when online, else at its next
sync), so head office can check its documents. A desk never provisioned (the demo) signs with a
key of its own, named `local-<fingerprint>`: only this desk can check those documents, and the
verification says so. When the identity changes (first provisioning, provisioning again with
--force) a new key is made and the old public half is kept, so documents printed before still
verify here."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from app.core.policy_tokens import key_fingerprint, local_signer
from app.issuance.outlet import this_desk
from local_db.models import Setting

KEY_SETTING = "documents.signing_key"
RETIRED_SETTING = "documents.signing_keys_retired"


@dataclass(frozen=True)
class DeviceKey:
    signer: str
    private: Ed25519PrivateKey
    public_raw: bytes
    registered_at: str  # when head office acknowledged the public half; "" until then

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_raw)

    @property
    def provisioned(self) -> bool:
        return not self.signer.startswith("local-")


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _load(data: dict) -> DeviceKey:
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(data["private"]))
    return DeviceKey(
        data["signer"], private, _raw_public(private), str(data.get("registered_at") or "")
    )


def current_key(session: Session) -> DeviceKey:
    """The key documents are signed with now; made in this transaction when the desk has none
    for its present identity (the session must be a writing one then)."""
    _outlet, device = this_desk(session)
    row = session.get(Setting, KEY_SETTING)
    data = row.value if row is not None and isinstance(row.value, dict) else None
    if data is not None:
        key = _load(data)
        wanted = device.hq_device_id or ""
        if (key.signer == wanted) if wanted else not key.provisioned:
            return key
        retired = session.get(Setting, RETIRED_SETTING)
        kept = (
            list(retired.value) if retired is not None and isinstance(retired.value, list) else []
        )
        kept.append(
            {
                "signer": key.signer,
                "public": key.public_b64,
                "retired_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
        if retired is None:
            session.add(Setting(key=RETIRED_SETTING, value=kept))
        else:
            retired.value = kept
    private = Ed25519PrivateKey.generate()
    raw = _raw_public(private)
    value = {
        "signer": device.hq_device_id or local_signer(raw),
        "private": base64.b64encode(
            private.private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            )
        ).decode("ascii"),
        "public": base64.b64encode(raw).decode("ascii"),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "registered_at": "",
    }
    if row is None:
        session.add(Setting(key=KEY_SETTING, value=value))
    else:
        row.value = value
    session.flush()
    return _load(value)


def known_public_keys(session: Session) -> dict[str, bytes]:
    """signer → raw public key, for every key this desk has signed with (current and retired)."""
    keys: dict[str, bytes] = {}
    retired = session.get(Setting, RETIRED_SETTING)
    for item in retired.value if retired is not None and isinstance(retired.value, list) else []:
        keys[item["signer"]] = base64.b64decode(item["public"])
    row = session.get(Setting, KEY_SETTING)
    if row is not None and isinstance(row.value, dict):
        keys[row.value["signer"]] = base64.b64decode(row.value["public"])
    return keys


def mark_registered(session: Session, public_b64: str, at: datetime) -> None:
    """Head office acknowledged this public key: the sync worker stops offering it."""
    row = session.get(Setting, KEY_SETTING)
    if row is not None and isinstance(row.value, dict) and row.value["public"] == public_b64:
        row.value = {**row.value, "registered_at": at.isoformat(timespec="seconds")}
