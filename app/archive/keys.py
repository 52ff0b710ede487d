"""Exact look-ups without clear numbers: a keyed hash (HMAC-SHA-256 truncated to 128 bits) of a
normalised value. The key is random, made once and kept in the encrypted store's settings; the
index holds only digests, so an ID number or a phone is never written in clear to it."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from sqlalchemy.orm import Session

from local_db.models import Setting

KEY_SETTING = "archive.index_key"

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
VIN = re.compile(r"(?<![0-9A-Za-z])([A-HJ-NPR-Z0-9]{17})(?![0-9A-Za-z])")
PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}"
)


def normalise(value: str) -> str:
    """NFKC (full-width digits and letters become ASCII), no spaces, upper case."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def index_key(s: Session) -> bytes:
    """The archive's key, made on first use inside the caller's write transaction."""
    row = s.get(Setting, KEY_SETTING)
    if row is None:
        row = Setting(key=KEY_SETTING, value=secrets.token_hex(32))
        s.add(row)
        s.flush()
    return bytes.fromhex(row.value)


def digest(key: bytes, value: str) -> str:
    return hmac.new(key, normalise(value).encode("utf-8"), hashlib.sha256).hexdigest()[:32]
