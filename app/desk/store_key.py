"""Exporting and importing the store's key, protected by a passphrase.

When the OS keyring holds the key, copying the data folder or a backup does not copy the key,
and a dead PC would make every backup unreadable. `chudan db export-key FILE` (or 设置 → 数据库密钥)
writes the key into a file encrypted with a passphrase: argon2id stretches the passphrase into
an AES-256-GCM key, and the file's header (format, KDF parameters) is authenticated with it, so
a changed parameter or byte is refused rather than misread. `chudan db import-key FILE` on a new
PC records the key (keyring or key file, as for a new store); `chudan db restore BACKUP` then
opens the old backups.

Since version 2 the file also carries the audit log's seal key when the desk has one (a
provisioned desk): without it a store moved to a new PC verifies as "seal key missing".

The file holds no personal data and no store content: only the wrapped keys and how to unwrap
them."""

from __future__ import annotations

import base64
import json
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.access.permissions import CurrentUser, Permission, require
from app.core.errors import ChudanError, InvalidInput
from local_db.backup import verify_copy
from local_db.keystore import (
    StoreKey,
    StoreKeyError,
    key_in_keyring,
    load_key,
    load_seal_key,
    save_key,
    save_seal_key,
    seal_key_file_for,
    write_key_file,
)
from local_db.store import DB_FILENAME, Store, StoreError

FORMAT = "chudan-store-key"
FORMAT_VERSION = 2
_READABLE_VERSIONS = (1, 2)  # 1: the store key alone
SUFFIX = ".chudankey"
MIN_PASSPHRASE = 10
# RFC 9106's second recommended option (64 MiB, 3 passes); one lane keeps it the same on any PC.
KDF_PARAMS = {"name": "argon2id", "time_cost": 3, "memory_kib": 65536, "parallelism": 1}
_MAX_MEMORY_KIB = 1 << 21  # a file asking for more than 2 GiB is not one of ours


@dataclass(frozen=True)
class ImportResult:
    location: str  # where the key is recorded now
    already_current: bool  # the store already used this key
    previous_store: Path | None  # an existing store the key did not open, kept here
    seal_key_recorded: bool = False  # the file carried the audit seal key, recorded too


@dataclass(frozen=True)
class Keys:
    store_hex: str
    seal_hex: str | None  # the audit log's seal key; None for a desk never provisioned


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def _stretch(passphrase: str, salt: bytes, params: dict) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=int(params["time_cost"]),
        memory_cost=int(params["memory_kib"]),
        parallelism=int(params["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def _header_bytes(header: dict) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            f"The passphrase must have at least {MIN_PASSPHRASE} characters: it is all that "
            "protects the key file. Choose a longer one.",
            zh=f"口令至少需要 {MIN_PASSPHRASE} 个字符（密钥文件只靠它保护），请换一个更长的口令。",
        )


def wrap_key(hex_key: str, passphrase: str, seal_hex: str | None = None) -> bytes:
    """The key file's bytes: the key (and the seal key, when given) encrypted under the
    stretched passphrase."""
    check_passphrase(passphrase)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "kdf": {**KDF_PARAMS, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    secret = AESGCM(_stretch(passphrase, salt, KDF_PARAMS)).encrypt(
        nonce,
        bytes.fromhex(hex_key) + (bytes.fromhex(seal_hex) if seal_hex else b""),
        _header_bytes(header),
    )
    doc = {
        "about": "Chudan 出单台 store key, encrypted with a passphrase. Keep it apart from the "
        "backups; import it with `chudan db import-key FILE`. / 出单台数据库密钥（已用口令加密）。",
        **header,
        "key": _b64(secret),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _not_a_key_file(path: Path) -> ChudanError:
    return InvalidInput(
        f"{path} is not a Chudan key file (made by `chudan db export-key`), or it is damaged.",
        zh=f"{path} 不是出单台密钥文件（由 chudan db export-key 生成），或文件已损坏。",
    )


def unwrap_key(raw: bytes, passphrase: str, path: Path) -> Keys:
    """The keys from a key file's bytes; a clear error for a wrong passphrase."""
    try:
        doc = json.loads(raw.decode("utf-8"))
        if doc.get("format") != FORMAT:
            raise ValueError("format")
        if doc.get("version") not in _READABLE_VERSIONS:
            raise InvalidInput(
                f"{path} was written by a newer Chudan (key file version {doc.get('version')}); "
                "import it with that version.",
                zh=f"{path} 由更新版本的出单台生成，请用该版本导入。",
            )
        kdf = doc["kdf"]
        params = {k: int(kdf[k]) for k in ("time_cost", "memory_kib", "parallelism")}
        if kdf.get("name") != "argon2id" or not (
            1 <= params["time_cost"] <= 100
            and 8 <= params["memory_kib"] <= _MAX_MEMORY_KIB
            and 1 <= params["parallelism"] <= 64
        ):
            raise ValueError("kdf")
        salt, nonce, secret = _unb64(kdf["salt"]), _unb64(doc["nonce"]), _unb64(doc["key"])
        header = {k: doc[k] for k in ("format", "version", "kdf", "cipher", "nonce", "created")}
    except ChudanError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as exc:
        raise _not_a_key_file(path) from exc
    try:
        plain = AESGCM(_stretch(passphrase, salt, params)).decrypt(
            nonce, secret, _header_bytes(header)
        )
    except InvalidTag as exc:
        raise InvalidInput(
            "Wrong passphrase for this key file (or the file was changed). Type the passphrase "
            "given when the key was exported.",
            zh="口令与该密钥文件不符（或文件被改动过），请输入导出密钥时设定的口令。",
        ) from exc
    if len(plain) != 32 and not (header["version"] >= 2 and len(plain) == 64):
        raise _not_a_key_file(path)
    return Keys(plain[:32].hex(), plain[32:].hex() or None)


def _write_private(path: Path, data: bytes, *, replace: bool) -> None:
    if path.exists() and not replace:
        raise InvalidInput(
            f"{path} already exists; choose another file name (or pass --force to replace it).",
            zh=f"{path} 已存在，请换一个文件名（或加 --force 覆盖）。",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def export_key(
    store: Store, actor: CurrentUser, dest: Path, passphrase: str, *, replace: bool = False
) -> Path:
    """Write the store's key, encrypted with `passphrase`, to `dest` (mode 0600)."""
    require(actor, Permission.MANAGE_STORE)
    seal = load_seal_key(store.path)
    try:
        _write_private(
            dest, wrap_key(store.key.hex, passphrase, seal.hex() if seal else None), replace=replace
        )
    except OSError as exc:
        raise ChudanError(
            f"Cannot write {dest}: {exc.strerror}. Choose a folder you can write to.",
            zh=f"无法写入 {dest}：{exc.strerror}。请选择可写的文件夹。",
        ) from exc
    return dest


def read_key_file(path: Path, passphrase: str) -> Keys:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"Cannot read {path}: {exc.strerror}.", zh=f"无法读取 {path}：{exc.strerror}。"
        ) from exc
    return unwrap_key(raw, passphrase, path)


def import_key(home: Path, source: Path, passphrase: str) -> ImportResult:
    """Make the key in `source` this desk's store key.

    No store yet: the key is recorded and the store created on first use is encrypted with it,
    so `chudan db restore BACKUP` then accepts the old backups. A store that this key opens: the
    key is recorded again (e.g. into this PC's keyring). A store made with another key (Chudan
    was started before the import): that store is kept in backups/ with its own key file beside
    it, and the desk starts from the imported key; nothing is deleted."""
    keys = read_key_file(source, passphrase)
    hex_key = keys.store_hex
    db_path = home / DB_FILENAME
    previous: Path | None = None
    already = False
    try:
        current = load_key(db_path)
    except StoreKeyError:
        current = None  # a damaged key record: the imported key replaces it
    if db_path.exists() and db_path.stat().st_size > 0:
        try:
            verify_copy(db_path, StoreKey(hex_key, str(source)))
            already = current is not None and current.hex == hex_key
        except StoreError:
            previous = _set_aside(home, db_path, current)
    location = save_key(db_path, hex_key).location
    if keys.seal_hex:
        save_seal_key(db_path, keys.seal_hex)
    return ImportResult(location, already, previous, seal_key_recorded=bool(keys.seal_hex))


def _set_aside(home: Path, db_path: Path, current: StoreKey | None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = home / "backups" / f"replaced-by-key-import-{stamp}.db"
    kept.parent.mkdir(parents=True, exist_ok=True)
    os.replace(db_path, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(str(db_path) + suffix)
        if side.exists():
            os.replace(side, Path(str(kept) + suffix))
    if current is not None:
        write_key_file(kept.with_name(kept.name + ".key"), current.hex)
    seal = load_seal_key(db_path)
    if seal is not None:  # the set-aside store's log stays verifiable
        write_key_file(seal_key_file_for(kept), seal.hex())
    return kept


def key_backup_note(store: Store) -> dict[str, str | bool]:
    """What `db backup` says about the key that opens the backup: whether only the OS keyring
    holds it, where it is, and what to do, in English and Chinese."""
    if key_in_keyring(store.key):
        return {
            "only_in_keyring": True,
            "location": store.key.location,
            "en": "The key that opens this backup is in this PC's keyring, not in any file: if "
            "this PC is lost, the backup cannot be read. Run `chudan db export-key FILE` once and "
            "keep that file (and its passphrase) apart from the backups.",
            "zh": "打开此备份所需的密钥保存在本机系统钥匙串中，不在任何文件里：本机损坏后备份将无法读取。"
            "请运行一次 chudan db export-key FILE，并将该文件（及口令）与备份分开保存。",
        }
    return {
        "only_in_keyring": False,
        "location": store.key.location,
        "en": f"The key that opens this backup is the file {store.key.location}: keep a copy of "
        "it apart from the backups, or run `chudan db export-key FILE`.",
        "zh": f"打开此备份所需的密钥在文件 {store.key.location} 中：请另行保存其副本，"
        "或运行 chudan db export-key FILE。",
    }
