"""Rate-table pulls and the table's health for the status bar.

A pull asks head office's index, downloads each version newer than the newest installed one,
checks the download against the index's SHA-256 and the document's own version, and installs it
with `InstalledTables.install_bytes` (Ed25519 signature against head office's key, no rollback,
atomic, earlier versions kept). A table that fails any check is refused and reported, never
installed; the newer ones after it are still tried."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.core.errors import ChudanError
from app.rating.installed import InstalledTables, expired_message, expired_message_zh
from app.rating.signing import RateTableError
from app.rating.table import RateTable
from sync.client import HqClient

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


def _newest_installed(tables: InstalledTables) -> int:
    have = tables.versions()
    return max(have) if have else 0


def pull_rates(client: HqClient, home: Path) -> PullReport:
    tables = InstalledTables(home)
    report = PullReport()
    index = client.rate_index()
    report.latest_at_hq = index.latest
    floor = _newest_installed(tables)
    for entry in sorted(index.versions, key=lambda e: e.version):
        if entry.version <= floor:
            continue
        raw = client.rate_table(entry.version)
        if hashlib.sha256(raw).hexdigest() != entry.sha256.lower():
            report.refused.append(
                RefusedTable(
                    entry.version,
                    f"version {entry.version} arrived altered (its SHA-256 differs from "
                    "head office's index); it was not installed. The next sync fetches it again.",
                    f"第 {entry.version} 版费率表下载内容与总部索引不符，未安装，下次同步将重新获取。",
                )
            )
            continue
        try:
            doc_version = json.loads(raw).get("version")
        except (ValueError, AttributeError):
            doc_version = None
        if doc_version != entry.version:
            report.refused.append(
                RefusedTable(
                    entry.version,
                    f"the table listed as version {entry.version} says it is version "
                    f"{doc_version}; it was not installed. Tell head office.",
                    f"索引中第 {entry.version} 版费率表内容标注为第 {doc_version} 版，未安装，请告知总部。",
                )
            )
            continue
        try:
            tables.install_bytes(raw)
        except RateTableError as exc:
            report.refused.append(RefusedTable(entry.version, str(exc), exc.zh))
            continue
        report.installed.append(entry.version)
    return report


@dataclass(frozen=True)
class TableStatus:
    state: str  # ok | expiring | grace (expired, quoting under its own rule) | expired | none
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


WARNING_STATES = ("expiring", "grace", "expired")


def table_status(
    home: Path, today: date | None = None, warn_days: int = EXPIRY_WARNING_DAYS
) -> TableStatus:
    """For the status bar: is the table that prices today's quotes still in force, and for how
    long? An expired table follows its own rule (`on_expiry`): refuse, or quote during a grace."""
    today = today or date.today()
    tables = InstalledTables(home)
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
    "pull_rates",
    "table_status",
]
