"""SQLite's own checks of the store file."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from local_db.store import Store


@dataclass(frozen=True)
class IntegrityReport:
    integrity: list[str]
    foreign_key_violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_key_violations


def check_integrity(store: Store) -> IntegrityReport:
    with store.engine.connect() as conn:
        integrity = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
        fks = [
            f"{r[0]} row {r[1]} -> {r[2]}" for r in conn.execute(text("PRAGMA foreign_key_check"))
        ]
    return IntegrityReport(integrity, fks)
