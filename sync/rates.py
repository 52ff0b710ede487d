"""Rate-table pulls and the table's health for the status bar.

A pull asks head office's index, downloads each version newer than the newest installed one,
checks the download against the index's SHA-256 and the document's own version, and installs it
with `InstalledTables.install_bytes` (Ed25519 signature against head office's key, no rollback,
atomic, earlier versions kept). A table that fails any check (a body that is no table, nested
too deeply, a signature of the wrong type...) is refused and reported, never installed; the newer
ones after it are still tried.

The highest version this desk has installed is kept in the store (`rates.highest_version`), not
read from the file list: deleting newer table files by hand never makes an older table "newer"
again. A missing file of that highest version is fetched again (the same signed table), so the
desk never falls back to an older one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.core.errors import ChudanError
from app.rating.installed import InstalledTables, expired_message, expired_message_zh
from app.rating.signing import RateTableError, load_document
from app.rating.table import RateTable
from local_db.models import Setting
from local_db.store import Store
from sync.client import HqClient

HIGHEST_KEY = "rates.highest_version"

EXPIRY_WARNING_DAYS = 30


@dataclass
class RefusedTable:
    version: int
    reason: str
    reason_zh: str = ""


@dataclass
class PullReport:
    installed: list[int] = field(default_factory=list)
    refused: list[RefusedTable] = field(default_factory=list)
    latest_at_hq: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "installed": self.installed,
            "latest_at_hq": self.latest_at_hq,
            "refused": [{"version": r.version, "reason": r.reason} for r in self.refused],
        }


@dataclass(frozen=True)
class Highest:
    """The highest table version installed here, and the SHA-256 of its file as installed."""

    version: int = 0
    sha256: str = ""


def highest_seen(store: Store, tables: InstalledTables) -> Highest:
    """The store's record, or (a store from before it kept one) the newest file's."""
    with store.read() as s:
        row = s.get(Setting, HIGHEST_KEY)
        value = row.value if row is not None else None
    if isinstance(value, dict) and isinstance(value.get("version"), int):
        return Highest(value["version"], str(value.get("sha256", "")))
    have = tables.versions()
    if not have:
        return Highest()
    newest = tables.dir / f"v{max(have)}.json"
    return Highest(max(have), hashlib.sha256(newest.read_bytes()).hexdigest())


def record_highest(store: Store, highest: Highest) -> None:
    value = {"version": highest.version, "sha256": highest.sha256}
    with store.write() as s:
        row = s.get(Setting, HIGHEST_KEY)
        if row is None:
            s.add(Setting(key=HIGHEST_KEY, value=value))
        elif not isinstance(row.value, dict) or row.value.get("version", 0) <= highest.version:
            row.value = value


def _document_version(raw: bytes) -> Any:
    """The version the document says it is, or None for a body that is no table (nested too
    deeply, not JSON, not an object: refused below, never an error of the whole sync)."""
    try:
        return load_document(raw).get("version")
    except (ChudanError, ValueError, RecursionError):
        return None


def pull_rates(client: HqClient, home: Path, store: Store) -> PullReport:
    tables = InstalledTables(home)
    report = PullReport()
    index = client.rate_index()
    report.latest_at_hq = index.latest
    highest = highest_seen(store, tables)
    if highest.version:
        record_highest(store, highest)
    floor = highest.version
    missing = floor > 0 and floor not in tables.versions()
    for entry in sorted(index.versions, key=lambda e: e.version):
        # Older than the highest seen: never. The highest itself only when its file is gone,
        # and only the very table installed then.
        if entry.version < floor or (entry.version == floor and not missing):
            continue
        raw = client.rate_table(entry.version)
        digest = hashlib.sha256(raw).hexdigest()
        if entry.version == floor and digest != highest.sha256:
            continue  # not the table this desk installed as that version: reported below
        if digest != entry.sha256.lower():
            report.refused.append(
                RefusedTable(
                    entry.version,
                    f"version {entry.version} arrived altered (its SHA-256 differs from "
                    "head office's index); it was not installed. The next sync fetches it again.",
                    f"第 {entry.version} 版费率表下载内容与总部索引不符，未安装，下次同步将重新获取。",
                )
            )
            continue
        doc_version = _document_version(raw)
        if doc_version != entry.version or isinstance(doc_version, bool):
            shown = doc_version if isinstance(doc_version, int) else "no version"
            report.refused.append(
                RefusedTable(
                    entry.version,
                    f"the table listed as version {entry.version} says it is version "
                    f"{str(shown)[:20]}; it was not installed. Tell head office.",
                    f"索引中第 {entry.version} 版费率表内容标注为第 {str(shown)[:20]} 版，未安装，请告知总部。",
                )
            )
            continue
        try:
            tables.install_bytes(raw)
        except RateTableError as exc:
            report.refused.append(RefusedTable(entry.version, str(exc), exc.zh))
            continue
        except (ValueError, TypeError, RecursionError):
            # Whatever shape a served table has, it is refused with a reason, never a crash.
            report.refused.append(
                RefusedTable(
                    entry.version,
                    f"version {entry.version} is not a rate table this desk can read; it was "
                    "not installed. Tell head office.",
                    f"第 {entry.version} 版费率表无法读取，未安装，请告知总部。",
                )
            )
            continue
        report.installed.append(entry.version)
        record_highest(store, Highest(entry.version, digest))
    newest = max(tables.versions(), default=0)
    if missing and newest < floor:
        report.refused.append(
            RefusedTable(
                floor,
                f"rate table v{floor}, the newest this desk installed, is missing from its data "
                f"folder and head office no longer offers that table; no older table replaces "
                "it. Tell head office, or restore the desk's rates folder from a backup.",
                f"本设备已安装的最新费率表第 {floor} 版已从数据目录中丢失，总部也不再提供该表；"
                "不会以旧版本代替。请告知总部，或从备份恢复费率表目录。",
            )
        )
    return report


@dataclass(frozen=True)
class TableStatus:
    # ok | expiring | grace (expired, quoting under its own rule) | expired | none | missing (the
    # newest table this desk installed is gone from its folder)
    state: str
    version: int | None
    effective_to: date | None
    text: str
    text_zh: str
    quotes_allowed: bool = True
    grace_until: date | None = None

    @property
    def warns(self) -> bool:
        return self.state in WARNING_STATES

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "version": self.version,
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "grace_until": self.grace_until.isoformat() if self.grace_until else None,
            "quotes_allowed": self.quotes_allowed,
            "warns": self.warns,
            "text": self.text,
            "text_zh": self.text_zh,
        }


WARNING_STATES = ("expiring", "grace", "expired", "missing")


def table_status(
    home: Path,
    today: date | None = None,
    warn_days: int = EXPIRY_WARNING_DAYS,
    store: Store | None = None,
) -> TableStatus:
    """For the status bar: is the table that prices today's quotes still in force, and for how
    long? An expired table follows its own rule (`on_expiry`): refuse, or quote during a grace.
    With the desk's `store`: is the newest table this desk ever installed still there?"""
    today = today or date.today()
    tables = InstalledTables(home)
    if store is not None:
        highest = highest_seen(store, tables).version
        if highest and highest not in tables.versions():
            return TableStatus(
                "missing",
                highest,
                None,
                f"Rate table v{highest}, the newest this desk installed, is missing from its data "
                "folder: sync with head office to fetch it again (until then quotes are priced "
                "with an older table).",
                f"本设备已安装的最新费率表第 {highest} 版已从数据目录中丢失，请与总公司同步重新获取"
                "（在此之前报价使用旧版费率表）。",
                quotes_allowed=False,
            )
    verified = [
        t for v in sorted(tables.versions(), reverse=True) if (t := _load(tables, v)) is not None
    ]
    current = next((t for t in verified if t.in_force_on(today)), None)
    if current is None:
        if not verified:
            return TableStatus(
                "none",
                None,
                None,
                "No verified rate table is installed: sync with head office.",
                "未安装有效的费率表，请与总公司同步。",
                quotes_allowed=False,
            )
        graced = next((t for t in verified if t.usable_on(today)), None)
        if graced is not None:
            end, until = graced.effective_to, graced.grace_until()
            assert until is not None
            days = (until - today).days
            return TableStatus(
                "grace",
                graced.version,
                end,
                f"Rate table v{graced.version} expired on {end}; its own rule allows quotes until "
                f"{until} ({days} days left): sync with head office for a new table.",
                f"费率表第 {graced.version} 版已于 {end} 到期，按其规则宽限至 {until}（剩 {days} 天）"
                "仍可报价，请尽快与总公司同步获取新费率表。",
                grace_until=until,
            )
        newest = verified[0]
        return TableStatus(
            "expired",
            newest.version,
            newest.effective_to,
            expired_message(newest, today),
            expired_message_zh(newest, today),
            quotes_allowed=False,
            grace_until=newest.grace_until(),
        )
    end = current.effective_to
    if end is not None and end - today <= timedelta(days=warn_days):
        # A newer table that starts the day after takes over on its own: nothing to warn about.
        successor = any(
            t.in_force_on(end + timedelta(days=1)) for t in verified if t.version > current.version
        )
        if not successor:
            days = (end - today).days
            after = (
                f" (then quotes for {current.on_expiry.grace_days} more days by its own rule)"
                if current.grace_until()
                else " (then no quotes by its own rule)"
            )
            return TableStatus(
                "expiring",
                current.version,
                end,
                f"Rate table v{current.version} expires on {end} (in {days} days){after} and no newer "
                "table is installed: sync with head office.",
                f"费率表第 {current.version} 版将于 {end} 到期（剩 {days} 天），尚无新版本，请与总公司同步。",
                grace_until=current.grace_until(),
            )
    return TableStatus(
        "ok",
        current.version,
        end,
        f"Rate table v{current.version} in force" + (f" until {end}" if end else ""),
        f"费率表第 {current.version} 版有效" + (f"至 {end}" if end else ""),
    )


def _load(tables: InstalledTables, version: int) -> RateTable | None:
    try:
        return tables.load(version)
    except (ChudanError, OSError):
        return None  # a table the current key no longer verifies prices nothing


__all__ = [
    "WARNING_STATES",
    "PullReport",
    "RefusedTable",
    "TableStatus",
    "Highest",
    "highest_seen",
    "record_highest",
    "pull_rates",
    "table_status",
]
