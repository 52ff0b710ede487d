"""The token a printed policy's QR code carries: what the paper says that matters (number, vehicle,
period, total, confirmation code, the hash of the schedule the customer signed), signed with the
issuing desk's Ed25519 key, so anyone holding the desk's public key can tell a genuine document
from an altered or forged one without asking the desk.

Head office learns each provisioned desk's public key when the desk registers it (at
provisioning, or at its next sync), so `chudan-hq policy verify` checks any desk's token offline;
a desk checks the tokens it signed itself (`chudan policy verify`). A desk that was never
provisioned (the demo) signs with a key of its own that no head office knows: its tokens name a
`local-…` signer, and only that desk can check them.

One line of printable ASCII, fields separated by dots (no character a shell or a QR reader
would mangle):

    CD1.<signer>.<policy number>.<N|P>.<VIN>.<start YYYYMMDD>.<end YYYYMMDD>.<total in fen>.
    <issued YYYYMMDDHHMM>.<confirmation code>.<schedule SHA-256, base64url>.<signature, base64url>

The signature covers every character before its own dot. Pure: no store, no clock."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.core.errors import InvalidInput

PREFIX = "CD1"
LOCAL_SIGNER_PREFIX = "local-"
KINDS = {"N": "cover_note", "P": "policy"}
_KIND_LETTER = {v: k for k, v in KINDS.items()}
_FIELD = re.compile(r"^[A-Za-z0-9_\-]*$")


class TokenMalformed(InvalidInput):
    """Not a Chudan policy token at all (cut short, typed wrong, another QR code)."""


@dataclass(frozen=True)
class PolicyToken:
    signer: str  # head office's device id, or local-<key fingerprint> for an unprovisioned desk
    policy_number: str
    kind: str  # cover_note | policy
    vin: str
    start: date
    end: date
    total: Decimal
    issued: datetime  # as printed (the desk's local time), to the minute
    confirmation_code: str
    schedule_hash: str  # hex SHA-256 of the signed schedule

    @property
    def local_signer(self) -> bool:
        return self.signer.startswith(LOCAL_SIGNER_PREFIX)

    def to_json(self) -> dict[str, str]:
        return {
            "signer": self.signer,
            "policy_number": self.policy_number,
            "kind": self.kind,
            "vin": self.vin,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "total": f"{self.total:.2f}",
            "issued": self.issued.strftime("%Y-%m-%d %H:%M"),
            "confirmation_code": self.confirmation_code,
            "schedule_hash": self.schedule_hash,
        }


def key_fingerprint(public_raw: bytes) -> str:
    """SHA-256 of the raw public key, hex (the same rule as head office's key fingerprint)."""
    return hashlib.sha256(public_raw).hexdigest()


def local_signer(public_raw: bytes) -> str:
    return LOCAL_SIGNER_PREFIX + key_fingerprint(public_raw)[:16]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _body(t: PolicyToken) -> str:
    fen = int((t.total * 100).to_integral_value())
    fields = [
        PREFIX,
        t.signer,
        t.policy_number,
        _KIND_LETTER[t.kind],
        t.vin,
        t.start.strftime("%Y%m%d"),
        t.end.strftime("%Y%m%d"),
        str(fen),
        t.issued.strftime("%Y%m%d%H%M"),
        t.confirmation_code,
        _b64(bytes.fromhex(t.schedule_hash)),
    ]
    for f in fields:
        if not _FIELD.match(f):
            raise ValueError(f"a policy token field may hold letters, digits, - and _ only: {f!r}")
    return ".".join(fields)


def sign_token(t: PolicyToken, key: Ed25519PrivateKey) -> str:
    body = _body(t)
    return body + "." + _b64(key.sign(body.encode("ascii")))


def _malformed(why: str, why_zh: str) -> TokenMalformed:
    return TokenMalformed(
        f"This is not a Chudan policy token ({why}); scan the QR code again or copy the whole token.",
        zh=f"这不是出单台保单验证码（{why_zh}），请重新扫描二维码或完整复制验证码。",
    )


def parse_token(text: str) -> tuple[PolicyToken, bytes, bytes]:
    """(token, signed bytes, signature). Raises TokenMalformed for anything that is not one."""
    text = text.strip()
    parts = text.split(".")
    if len(parts) != 12 or parts[0] != PREFIX:
        raise _malformed(
            f"expected 12 fields starting {PREFIX}, found {len(parts)}",
            f"应为以 {PREFIX} 开头的 12 段，实为 {len(parts)} 段",
        )
    if not all(_FIELD.match(p) for p in parts):
        raise _malformed("it holds characters a token never has", "含有验证码不会出现的字符")
    (_, signer, number, kind, vin, start, end, fen, issued, code, digest, sig) = parts
    try:
        token = PolicyToken(
            signer=signer,
            policy_number=number,
            kind=KINDS[kind],
            vin=vin,
            start=datetime.strptime(start, "%Y%m%d").date(),
            end=datetime.strptime(end, "%Y%m%d").date(),
            total=Decimal(int(fen)) / 100,
            issued=datetime.strptime(issued, "%Y%m%d%H%M"),
            confirmation_code=code,
            schedule_hash=_unb64(digest).hex(),
        )
        signature = _unb64(sig)
    except (KeyError, ValueError, binascii.Error) as exc:
        raise _malformed("a field cannot be read", "某一段无法识别") from exc
    if len(signature) != 64 or len(token.schedule_hash) != 64 or not signer or not number:
        raise _malformed("a field has the wrong length", "某一段长度不对")
    body = text.rsplit(".", 1)[0]
    return token, body.encode("ascii"), signature


def signature_valid(signed: bytes, signature: bytes, public_raw: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, signed)
    except (InvalidSignature, ValueError):
        return False
    return True
