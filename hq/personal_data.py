"""Personal data at rest at head office: names, ID numbers, phones and addresses are encrypted
per value (AES-256-GCM) on SQLite and PostgreSQL alike, with a key that lives outside the
database, like the signing key: `hq_data_key` (mode 0600) in the data dir. A copy or dump of the
database alone shows none of it.

- Each sealed value names the column and row it belongs to as associated data, so a value moved
  to another row does not open.
- Look-ups by an ID number use a keyed blind index (HMAC-SHA256 of the normalised number), never
  the number itself.
- The database records the key's id (`settings.data_key_id`). A data dir whose key file is gone,
  or holds another key, is refused rather than given a new key that would read nothing.

Losing the key file loses the personal data: back it up with the signing key, apart from the
database (docs/hq.md)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from app.core.errors import ChudanError
from hq.home import hq_home
from hq.models import Setting

DATA_KEY_FILE = "hq_data_key"
KEY_ID_SETTING = "data_key_id"
PREFIX = "enc1:"


class DataKeyError(ChudanError):
    """The data key is missing, damaged or not the one this database was sealed with."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


class DataKey:
    def __init__(self, secret: bytes) -> None:
        if len(secret) != 32:
            raise DataKeyError("The data key must be 32 bytes.", zh="数据密钥长度应为 32 字节。")
        self._aead = AESGCM(_derive(secret, b"chudan-hq personal data v1"))
        self._index = _derive(secret, b"chudan-hq blind index v1")
        self.key_id = hashlib.sha256(secret).hexdigest()[:16]

    @classmethod
    def generate(cls) -> DataKey:
        return cls(secrets.token_bytes(32))

    def seal(self, text: str, where: str) -> str:
        """`text` encrypted for the column and row named by `where` (e.g. "policies.content_json:<id>")."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), where.encode("utf-8"))
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, value: str, where: str) -> str:
        if not is_sealed(value):
            raise DataKeyError(
                f"A value in {where.split(':')[0]} is not sealed; run `chudan-hq db upgrade`.",
                zh="数据库中有未加密的个人信息，请运行 chudan-hq db upgrade。",
            )
        raw = base64.b64decode(value[len(PREFIX) :])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], where.encode("utf-8")).decode("utf-8")
        except InvalidTag as exc:
            raise DataKeyError(
                f"A value in {where.split(':')[0]} does not open with this data key (another key, "
                "or the value was moved or altered).",
                zh="个人信息无法用当前数据密钥解密（密钥不符，或数据被移动、篡改）。",
            ) from exc

    def blind_index(self, kind: str, value: str) -> str:
        """The keyed index of an identifier: equal for equal numbers, useless without the key."""
        normalised = "".join(value.split()).upper()
        message = f"{kind}:{normalised}".encode()
        return hmac.new(self._index, message, hashlib.sha256).hexdigest()


def is_sealed(value: str | None) -> bool:
    return bool(value) and str(value).startswith(PREFIX)


def key_path(home: Path | None = None) -> Path:
    return (home or hq_home()) / DATA_KEY_FILE


def _read(path: Path) -> DataKey:
    try:
        text = path.read_text(encoding="ascii").strip()
        return DataKey(base64.b64decode(text, validate=True))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataKeyError(
            f"The data key {path} cannot be read or is damaged; restore it from its backup.",
            zh=f"数据密钥 {path} 无法读取或已损坏，请从备份恢复。",
        ) from exc


def _write_new(path: Path) -> DataKey:
    secret = secrets.token_bytes(32)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # 0600 from the first byte
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(base64.b64encode(secret).decode("ascii") + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.link(tmp, path)  # never over an existing key
    tmp.unlink()
    return DataKey(secret)


def ensure_key_file(home: Path | None = None) -> Path:
    """The data key file, made if there is none yet (`chudan-hq keys init` makes both keys, so
    both are backed up from the start)."""
    path = key_path(home)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(path)
    return path


def recorded_key_id(conn: Connection) -> str | None:
    return conn.execute(select(Setting.value).where(Setting.key == KEY_ID_SETTING)).scalar()


def record_key_id(conn: Connection, key: DataKey) -> None:
    if recorded_key_id(conn) is None:
        conn.execute(insert(Setting).values(key=KEY_ID_SETTING, value=key.key_id))


def check_matches(conn: Connection, key: DataKey, path: Path) -> None:
    recorded = recorded_key_id(conn)
    if recorded is not None and recorded != key.key_id:
        raise DataKeyError(
            f"The data key {path} (id {key.key_id}) is not the one this database was sealed with "
            f"(id {recorded}); restore the right key file.",
            zh=f"数据密钥 {path} 与数据库所用密钥不符，请恢复正确的密钥文件。",
        )


def load_for(conn: Connection, home: Path | None = None, *, create: bool = True) -> DataKey:
    """The data key for this database: the key file, checked against the id the database
    recorded; made on first use when neither exists yet."""
    path = key_path(home)
    if path.exists():
        key = _read(path)
        check_matches(conn, key, path)
    elif recorded_key_id(conn) is not None or not create:
        raise DataKeyError(
            f"Head office's data key is missing ({path}); the personal data in the database "
            "cannot be read without it. Restore the key file from its backup.",
            zh=f"总部数据密钥缺失（{path}），数据库中的个人信息无法读取，请从备份恢复密钥文件。",
        )
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = _write_new(path)
    record_key_id(conn, key)
    return key


def data_key(engine: Engine, home: Path | None = None) -> DataKey:
    """`load_for` in a transaction of its own (serve, the commands that read or write personal data)."""
    with engine.begin() as conn:
        return load_for(conn, home)


__all__ = [
    "DATA_KEY_FILE",
    "DataKey",
    "DataKeyError",
    "data_key",
    "is_sealed",
    "key_path",
    "load_for",
]
