"""Signed provisioning files, for outlets that are never online at install: the file carries the
device token, head office's public key and (optionally) the CA certificate, signed with head
office's key. It holds a live token, so it is written 0600 and must travel like a key."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.core.errors import ChudanError
from hq.keys import public_raw_b64
from sync.protocol import ProvisioningFile, ProvisioningFilePayload


def build(
    key: Ed25519PrivateKey,
    device_id: str,
    outlet_code: str,
    token: str,
    *,
    device_number: int | None = None,
    ca_cert_pem: str = "",
    hq_url: str = "",
) -> ProvisioningFile:
    payload = ProvisioningFilePayload(
        device_id=device_id,
        outlet_code=outlet_code,
        device_number=device_number,
        token=token,
        hq_public_key=public_raw_b64(key.public_key()),
        ca_cert_pem=ca_cert_pem,
        hq_url=hq_url,
        issued_at=datetime.now(UTC),
    )
    unsigned = ProvisioningFile(payload=payload, signature="")
    signature = base64.b64encode(key.sign(unsigned.signed_bytes())).decode("ascii")
    return ProvisioningFile(payload=payload, signature=signature)


def write(path: Path, doc: ProvisioningFile, *, reserved: Collection[Path] = ()) -> Path:
    """Write the file at `path`, which must not exist: an existing file (the signing key, the
    database, anything) is never replaced. `reserved` are head office's own files, refused even
    before they exist. Returns the path written."""
    target = path.expanduser().absolute()
    if any(
        target.parent == r.absolute().parent and target.name.startswith(r.name) for r in reserved
    ):
        raise ChudanError(
            f"{path} is one of head office's own files; write the provisioning file elsewhere.",
            zh=f"{path} 是总部自身的文件，请将开通文件写到其他位置。",
        )
    if target.exists() or target.is_symlink():
        raise ChudanError(
            f"{path} already exists; nothing was written and no device was enrolled. Give a new "
            "file name (an existing file is never replaced).",
            zh=f"{path} 已存在，未写入任何内容，也未开通设备。请换一个新文件名（不会覆盖已有文件）。",
        )
    data = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=1).encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
        # A new file made 0600 from the first byte (it holds a live token), then linked in under
        # its name: the link fails if something took the name meanwhile, so nothing is replaced.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.link(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    except FileExistsError as exc:
        raise ChudanError(
            f"{path} already exists; nothing was written. Give a new file name.",
            zh=f"{path} 已存在，未写入任何内容。请换一个新文件名。",
        ) from exc
    except OSError as exc:
        raise ChudanError(
            f"Cannot write {path}: {exc.strerror}; check the folder and its permissions. No "
            "device was enrolled.",
            zh=f"无法写入 {path}，请检查目录及权限；未开通设备。",
        ) from exc
    return target
