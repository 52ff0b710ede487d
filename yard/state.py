"""What the desk's LAN server must still know after a restart (docs/phone.md, "Kept across a
restart"), in the encrypted store's `lan_state` table: the local relay's applications, the yard
hand-offs the desk may still refuse and the refusals not yet told to their device. Each row has
the moment it is forgotten; every write deletes the rows past theirs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from local_db.models import LanState
from local_db.store import Store

RELAY = "relay"
SENT = "yard.sent"
REFUSED = "yard.refused"


class LanMemory:
    """The rows of one store, by kind and key."""

    def __init__(self, store: Store, now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.store = store
        self.now = now

    def put(self, kind: str, key: str, value: dict[str, Any], forget_after: datetime) -> None:
        now = self.now()
        with self.store.write() as s:
            s.execute(delete(LanState).where(LanState.forget_after < now))
            row = s.get(LanState, (kind, key))
            if row is None:
                s.add(LanState(kind=kind, key=key, value=value, forget_after=forget_after))
            else:
                row.value, row.forget_after = value, forget_after

    def all(self, kind: str) -> dict[str, dict[str, Any]]:
        """Oldest first (by when each is forgotten)."""
        with self.store.read() as s:
            rows = s.scalars(
                select(LanState)
                .where(LanState.kind == kind, LanState.forget_after >= self.now())
                .order_by(LanState.forget_after)
            ).all()
            return {r.key: dict(r.value) for r in rows}

    def pop(self, kind: str, key: str) -> dict[str, Any] | None:
        with self.store.write() as s:
            row = s.get(LanState, (kind, key))
            if row is None:
                return None
            value = dict(row.value) if row.forget_after >= self.now() else None
            s.delete(row)
            return value

    def drop(self, kind: str, key: str) -> None:
        with self.store.write() as s:
            s.execute(delete(LanState).where(LanState.kind == kind, LanState.key == key))
