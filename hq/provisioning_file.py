"""Signed provisioning files, for outlets that are never online at install: the file carries the
device token, head office's public key and (optionally) the CA certificate, signed with head
office's key. It holds a live token, so it is written 0600 and must travel like a key."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hq.keys import public_raw_b64
from sync.protocol import ProvisioningFile, ProvisioningFilePayload


def build(
    key: Ed25519PrivateKey,
    device_id: str,
    outlet_code: str,
    token: str,
    *,
    ca_cert_pem: str = "",
    hq_url: str = "",
) -> ProvisioningFile:
    payload = ProvisioningFilePayload(
        device_id=device_id,
        outlet_code=outlet_code,
        token=token,
        hq_public_key=public_raw_b64(key.public_key()),
        ca_cert_pem=ca_cert_pem,
        hq_url=hq_url,
        issued_at=datetime.now(UTC),
    )
    unsigned = ProvisioningFile(payload=payload, signature="")
    signature = base64.b64encode(key.sign(unsigned.signed_bytes())).decode("ascii")
    return ProvisioningFile(payload=payload, signature=signature)


def write(path: Path, doc: ProvisioningFile) -> None:
    data = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=1).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    # A new file made 0600 from the first byte, then moved over any older one (whose looser
    # permissions it would otherwise keep).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
