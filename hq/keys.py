"""Head office's Ed25519 signing key. It lives as a PEM file (mode 0600) in the hq data dir,
never in the database, so a database dump or replica cannot sign rate tables."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.core.errors import ChudanError
from app.rating.signing import key_id, load_private_key
from hq.home import hq_home

KEY_FILE = "hq_signing_key.pem"


class KeyMissing(ChudanError):
    pass


def key_path(home: Path | None = None) -> Path:
    return (home or hq_home()) / KEY_FILE


def init_key(*, force: bool = False, home: Path | None = None) -> tuple[Path, Ed25519PrivateKey]:
    """Make a new key file; refuses to replace an existing one unless `force`."""
    path = key_path(home)
    if path.exists() and not force:
        raise ChudanError(
            f"A signing key already exists at {path}. Replacing it makes every outlet refuse new "
            "tables until re-provisioned; pass --force only if that is what you want.",
            zh="签名密钥已存在；替换后所有网点须重新开通。确需替换请加 --force。",
        )
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)  # a leftover from a crash might carry looser permissions
    # Created 0600 from the first byte: never readable by others, even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    os.replace(tmp, path)
    return path, key


def load_key(home: Path | None = None) -> Ed25519PrivateKey:
    path = key_path(home)
    if not path.exists():
        raise KeyMissing(
            f"Head office has no signing key at {path}. Run `chudan-hq keys init` first.",
            zh="总部尚无签名密钥，请先运行 chudan-hq keys init。",
        )
    return load_private_key(path.read_bytes())


def public_raw_b64(public_key: Ed25519PublicKey) -> str:
    """The form the protocol carries (`hq_public_key`): raw 32 bytes, base64."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_from_b64(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))


def public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def fingerprint(public_key: Ed25519PublicKey) -> str:
    return key_id(public_key)
