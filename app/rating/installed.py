"""Installed rate tables: signed documents kept as files `<data dir>/rates/v<version>.json`,
installed atomically, earlier versions kept, never rolled back. The device trusts head office's
key from provisioning (`<data dir>/keys/hq_public.pem`), or, in a development build only, the
bundled demo key before that (app/core/build_flavour.py)."""

from __future__ import annotations

import os
import re
import threading
from datetime import date
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.core.build_flavour import is_release, not_provisioned_error, refuse_demo_key_in_release
from app.core.input_files import read_user_file
from app.core.limits import MAX_JSON_BYTES
from app.core.paths import resources_dir
from app.rating.signing import (
    RateTableError,
    key_id,
    load_document,
    load_public_key,
    verify_table,
)
from app.rating.table import RateTable

BUNDLED_TABLE = resources_dir() / "rates" / "default.json"
DEMO_PUBLIC_KEY = resources_dir() / "keys" / "hq_demo_public.pem"
_FILE_RE = re.compile(r"^v(\d+)\.json$")
_INSTALL_LOCK = threading.Lock()


def trusted_key_pem(data_dir: Path) -> bytes:
    """Head office's key from provisioning; before provisioning the demo key, in development only."""
    provisioned = data_dir / "keys" / "hq_public.pem"
    if provisioned.exists():
        pem = provisioned.read_bytes()
        refuse_demo_key_in_release(key_id(load_public_key(pem)))
        return pem
    if is_release():
        raise not_provisioned_error()
    return DEMO_PUBLIC_KEY.read_bytes()


def trusted_public_key(data_dir: Path) -> Ed25519PublicKey:
    return load_public_key(trusted_key_pem(data_dir))


@lru_cache(maxsize=16)
def _verified(path: str, mtime_ns: int, key_pem: bytes) -> RateTable:
    """Verifying costs a signature check and a validation: do it once per file version."""
    return verify_table(load_document(Path(path).read_bytes()), load_public_key(key_pem))


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


@lru_cache(maxsize=4)
def _bundled_version(mtime_ns: int) -> int:
    """The bundled table's version (read once per file version; verified when installed)."""
    version = load_document(BUNDLED_TABLE.read_bytes()).get("version")
    return version if isinstance(version, int) else 0


class InstalledTables:
    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir / "rates"
        self.data_dir = data_dir

    def _key_pem(self) -> bytes:
        return trusted_key_pem(self.data_dir)

    def versions(self) -> list[int]:
        if not self.dir.exists():
            return []
        return sorted(int(m.group(1)) for f in self.dir.iterdir() if (m := _FILE_RE.match(f.name)))

    def load(self, version: int) -> RateTable:
        path = self.dir / f"v{version}.json"
        return _verified(str(path), path.stat().st_mtime_ns, self._key_pem())

    def install_bytes(self, raw: bytes, floor: int = 0) -> RateTable:
        """Verify (signature, schema, version above every installed one and above `floor`, the
        highest version the desk's store says it ever installed) and install atomically."""
        table = verify_table(load_document(raw), load_public_key(self._key_pem()))
        with _INSTALL_LOCK:  # the check and the rename together: two threads must not both install
            return self._install_verified(raw, table, floor)

    def _install_verified(self, raw: bytes, table: RateTable, floor: int = 0) -> RateTable:
        newest = max([*self.versions(), floor])
        if newest and table.version <= newest:
            raise RateTableError(
                f"Rate table version {table.version} is not newer than the installed version "
                f"{newest} (the newest this desk ever installed); an older table cannot replace "
                "a newer one.",
                zh=f"费率表版本 {table.version} 不高于本设备已安装过的第 {newest} 版，不能回退到旧版本。",
            )
        self.dir.mkdir(parents=True, exist_ok=True)
        final = self.dir / f"v{table.version}.json"
        tmp = self.dir / f".v{table.version}.{os.getpid()}.{threading.get_ident()}.partial"
        with open(tmp, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        return table

    def ensure_bundled(self) -> None:
        """A fresh install quotes with the bundled (illustrative) table until head office sends
        one; a desk not yet provisioned also takes a newer bundled table after an upgrade."""
        have = self.versions()
        provisioned = (self.data_dir / "keys" / "hq_public.pem").exists()
        if have and (provisioned or _bundled_version(_mtime(BUNDLED_TABLE)) <= max(have)):
            return
        if provisioned:
            # Provisioned: only head office's tables count, and the first sync brings them.
            raise RateTableError(
                "No rate table from head office is installed yet: press 'Sync now' on the sync "
                "page to fetch it.",
                zh="尚未安装总公司下发的费率表：请在“同步”页面点“立即同步”获取。",
            )
        if is_release():  # the illustrative table is signed with the demo key: not shipped
            raise not_provisioned_error()
        raw = BUNDLED_TABLE.read_bytes()
        table = verify_table(load_document(raw), load_public_key(self._key_pem()))
        with _INSTALL_LOCK:
            # another thread (two quotes at once on a fresh desk) may have done it
            now = self.versions()
            if not now or table.version > max(now):
                self._install_verified(raw, table)

    def newest(self) -> RateTable:
        self.ensure_bundled()
        return self.load(max(self.versions()))

    def for_date(self, day: date) -> RateTable:
        """The newest installed table in force on `day` (a quote dated ahead uses the table for its start)."""
        self.ensure_bundled()
        newest_first = [self.load(v) for v in sorted(self.versions(), reverse=True)]
        for t in newest_first:
            if t.in_force_on(day):
                return t
        for t in newest_first:  # expired, but its own rule still lets it price (grace)
            if t.usable_on(day):
                return t
        newest = newest_first[0]
        if newest.effective_to is not None and day > newest.effective_to:
            raise RateTableError(expired_message(newest, day), zh=expired_message_zh(newest, day))
        raise RateTableError(
            f"No installed rate table is in force on {day} (newest: version {newest.version}, "
            f"{newest.effective_from}–{newest.effective_to or '…'}); sync with head office for a current table.",
            zh=f"没有适用于 {day} 的费率表（最新为第 {newest.version} 版），请与总公司同步获取最新费率表。",
        )

    def describe(self) -> list[dict]:
        out = []
        for v in self.versions():
            t = self.load(v)
            out.append(
                {
                    "version": t.version,
                    "issuer": t.issuer,
                    "effective_from": t.effective_from.isoformat(),
                    "effective_to": t.effective_to.isoformat() if t.effective_to else None,
                    "illustrative": t.illustrative,
                }
            )
        return out


def expired_message(table: RateTable, day: date) -> str:
    """Why an expired table prices nothing on `day`, by its own expiry rule."""
    until = table.grace_until()
    rule = (
        f"its grace under the table's own rule ended on {until}"
        if until is not None
        else "the table's own rule allows no quotes after it expires"
    )
    return (
        f"No installed rate table is in force on {day}: version {table.version} expired on "
        f"{table.effective_to} and {rule}. Sync with head office for a new table ('Sync now' on the sync page)."
    )


def expired_message_zh(table: RateTable, day: date) -> str:
    until = table.grace_until()
    rule = f"按其规则的宽限期已于 {until} 结束" if until is not None else "按其规则到期后不得报价"
    return f"费率表第 {table.version} 版已于 {table.effective_to} 到期，{rule}；请立即同步获取新费率表后再为 {day} 报价。"


def read_signed_file(path: Path) -> dict:
    return load_document(
        read_user_file(path, what="a rate table", max_bytes=MAX_JSON_BYTES, error=RateTableError)
    )


__all__ = [
    "InstalledTables",
    "expired_message",
    "expired_message_zh",
    "read_signed_file",
    "trusted_key_pem",
    "trusted_public_key",
]
