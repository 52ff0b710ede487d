"""Pieces the endorsement and cancellation tests share: a clock the test moves, a policy issued
on a chosen start date, and head office's confirmation applied as the sync applies it."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from app.changes.answers import ChangeAnswers
from tests.support.examples import POLICY_REQUEST

SIGNATURE = [[[0.1, 0.5], [0.3, 0.2], [0.5, 0.6], [0.8, 0.3]]]
CARD = "T88009001"


class MovableClock:
    """A clock the test sets: services read it as they read the real one."""

    def __init__(self, day: date, hour: int = 10) -> None:
        self.now = datetime.combine(day, time(hour)).astimezone().astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: date, hour: int = 10) -> None:
        self.now = datetime.combine(day, time(hour)).astimezone().astimezone(UTC)

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)


def policy_request(start: date, **changes: Any) -> dict[str, Any]:
    """The example request starting on `start`, paid by card in one part; `changes` replace
    top-level fields (`coverages=[…]`, `history={…}`) or vehicle fields (`vehicle_plate=None`)."""
    req = copy.deepcopy(POLICY_REQUEST)
    req["start_date"] = start.isoformat()
    req["payments"] = [{"method": "card", "amount": "rest", "reference": CARD}]
    for key, value in changes.items():
        if key.startswith("vehicle_"):
            req["vehicle"][key.removeprefix("vehicle_")] = value
        else:
            req[key] = value
        if key == "coverages":
            req.pop("plan", None)
    return req


def confirm(ctx: Any, change_id: str, code: str = "HQTEST", **answer: Any) -> None:
    """Head office's confirmation, applied as the sync applies it (app.changes.answers); the
    live tests send the change to a real head office instead."""
    with ctx.store.write() as s:
        assert ChangeAnswers(ctx.audit, ctx.work_items, ctx.clock).confirmed(
            s, change_id, code, dict(answer)
        )


def reject(ctx: Any, change_id: str, reason: str = "refused", **answer: Any) -> None:
    with ctx.store.write() as s:
        assert ChangeAnswers(ctx.audit, ctx.work_items, ctx.clock).rejected(
            s, change_id, answer.pop("reason_code", "premium_mismatch"), reason, dict(answer)
        )


def card_payment() -> list[dict[str, str]]:
    return [{"method": "card", "amount": "rest", "reference": CARD}]
