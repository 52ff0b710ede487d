"""Head office's report: the same figures as an outlet's (app.figures), across outlets, from
what the outlets uploaded. Only non-personal parts of each upload are read (premium figures, the
time it was issued, the covers and limits, the device's outlet code): head office's report never
touches names, ID numbers or phones. Works on SQLite and PostgreSQL alike (plain SELECTs, the
sums done in Python). Outlets' days are Beijing days (Asia/Shanghai, where every outlet is).

What head office cannot know is left out rather than guessed: issuance times (the wizard's events
stay at the desk), complaints (kept in each outlet's register) and the renewal funnel (each
outlet's work-list); those sections are absent from its report."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.figures.outcomes import Funnel, Quality
from app.figures.period import Period
from app.figures.report import Report
from app.figures.volume import COVER_ORDER, IssuedGroup, volume
from hq.models import Device, IntakeEvent, Policy
from hq.personal_data import DataKey, data_key

OUTLET_TZ = ZoneInfo("Asia/Shanghai")
# docs/regulations.md §11's illustrative rule, as at an outlet that has not set its own.
HIGH_VALUE_COMMERCIAL_FEN = 500_000
HIGH_VALUE_PRICE_FEN = 50_000_000


@dataclass(frozen=True)
class _Figures:
    day: date
    outlet: str
    ctpl_fen: int
    commercial_fen: int
    tax_fen: int
    covers: frozenset[str]
    tp_limit_fen: int | None
    price_fen: int | None


def _fen(value: Any) -> int:
    try:
        return int((Decimal(str(value or "0")) * 100).to_integral_value())
    except (InvalidOperation, ValueError):
        return 0


def _figures(content: dict[str, Any], received: datetime, outlet: str) -> _Figures:
    premium = content.get("premium") or {}
    issued = content.get("issued_at")
    try:
        at = datetime.fromisoformat(issued) if isinstance(issued, str) else received
    except ValueError:
        at = received
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    covers, limit = set(), None
    for line in content.get("coverages") or []:
        if isinstance(line, dict) and line.get("code"):
            covers.add(str(line["code"]))
            if line["code"] == "third_party" and line.get("limit"):
                limit = _fen(line["limit"])
    request = content.get("quote_request") or {}
    vehicle = request.get("vehicle") if isinstance(request, dict) else None
    price = _fen(vehicle.get("purchase_price")) if isinstance(vehicle, dict) else 0
    return _Figures(
        at.astimezone(OUTLET_TZ).date(),
        outlet,
        _fen(premium.get("ctpl")),
        _fen(premium.get("commercial")),
        _fen(premium.get("vehicle_tax")),
        frozenset(covers),
        limit,
        price or None,
    )


def _utc_bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time.min, tzinfo=OUTLET_TZ).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=OUTLET_TZ)
    return start, end.astimezone(UTC)


def report(
    engine: Engine, period: Period, *, now: datetime | None = None, key: DataKey | None = None
) -> Report:
    """Every outlet's figures for the period, policies by the Beijing day they were issued (an
    outlet that was offline is counted in the month it issued in once its policies arrive)."""
    start, end = _utc_bounds(period)
    prev = period.previous()
    prev_start, _ = _utc_bounds(prev)
    rows: list[_Figures] = []
    key = key or data_key(engine)  # the uploads are sealed (they name the parties)
    with Session(engine) as s:
        outlets = dict(s.execute(select(Device.id, Device.outlet_code)).all())
        # A policy reaches head office after it was issued, however long its outlet was
        # offline: every upload received since the comparison period began is read.
        q = select(
            Policy.policy_id, Policy.content_json, Policy.received_at, Policy.device_id
        ).where(Policy.received_at >= prev_start - timedelta(days=1))
        for pid, sealed, received, device in s.execute(q):
            content = json.loads(key.open(sealed, f"policies.content_json:{pid}"))
            f = _figures(content, received, outlets.get(device, "?"))
            if prev.start <= f.day <= period.end:
                rows.append(f)
        refused = list(
            s.execute(
                select(IntakeEvent.reason_code).where(
                    IntakeEvent.outcome == "rejected", IntakeEvent.at >= start, IntakeEvent.at < end
                )
            ).scalars()
        )
    this = [r for r in rows if period.contains(r.day)]
    before = [r for r in rows if prev.contains(r.day)]
    vol = volume(period, _groups(this), _limits(this))
    reasons: dict[str, int] = defaultdict(int)
    for code in refused:
        reasons[code or "—"] += 1
    names = {o: o for o in sorted({r.outlet for r in rows})}
    return Report(
        period=period,
        scope="head_office",
        scope_name="all outlets / 全部网点",
        generated_at=now or datetime.now(UTC),
        volume=vol,
        previous=volume(prev, _groups(before), _limits(before)),
        timing=None,
        renewal=Funnel(source="not at head office"),
        complaints=None,
        quality=Quality(
            issued=vol.totals.policies + len(refused),
            rejected=len(refused),
            rejection_reasons=dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        ),
        who_names=names,
        who_kind="outlet",
        high_value_rule="commercial premium ≥ 5,000.00 or new-car price ≥ 500,000.00",
    )


def _groups(rows: list[_Figures]) -> list[IssuedGroup]:
    out = []
    for r in rows:
        ctpl, commercial = r.ctpl_fen > 0, r.commercial_fen > 0
        high = (
            r.commercial_fen >= HIGH_VALUE_COMMERCIAL_FEN
            or (r.price_fen or 0) >= HIGH_VALUE_PRICE_FEN
        )
        out.append(
            IssuedGroup(
                day=r.day,
                who=r.outlet,
                channel="outlet",
                rejected=False,
                policies=1,
                ctpl_fen=r.ctpl_fen,
                commercial_fen=r.commercial_fen,
                tax_fen=r.tax_fen,
                with_ctpl=int(ctpl),
                with_commercial=int(commercial),
                with_both=int(ctpl and commercial),
                own_damage=int(commercial and "vehicle_damage" in r.covers),
                high_value=int(high),
                covers={c: 1 for c in r.covers if c != "ctpl"} if commercial else {},
            )
        )
    return out


def _limits(rows: list[_Figures]) -> dict[int, int]:
    limits: dict[int, int] = defaultdict(int)
    for r in rows:
        if r.tp_limit_fen and r.commercial_fen > 0:
            limits[r.tp_limit_fen] += 1
    return dict(limits)


def headline(rep: Report) -> dict[str, Any]:
    """The figures `chudan-hq report` prints and the reports API answers first (one place)."""
    t = rep.volume.totals
    return {
        "month": rep.period.label(),
        "outlets": len(rep.volume.by_who),
        "policies": t.policies,
        "premium": str(t.premium),
        "ctpl_premium": str(t.ctpl),
        "commercial_premium": str(t.commercial),
        "tax": str(t.tax),
        "rejected": rep.quality.rejected,
    }


def by_outlet(rep: Report) -> dict[str, dict[str, Any]]:
    return {
        o: {"policies": v.policies, "premium": str(v.premium)} for o, v in rep.volume.by_who.items()
    }


def _plain(value: Any) -> Any:
    """A cell as JSON: amounts and shares as decimal strings (never floats), dates in ISO form;
    a summary cell (kind, value) as its value."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        value = value[1]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def as_json(rep: Report, lang: str = "zh") -> dict[str, Any]:
    """The whole report as the reports API answers it: the headline, the outlets and every
    section the spreadsheet has (same keys, same rows). Like the spreadsheet it lists no policy
    and names no person: head office's report holds figures per outlet only."""
    sections = [
        {
            "key": sec.key,
            "columns": [c.key for c in sec.columns],
            "rows": [[_plain(v) for v in row] for row in sec.rows],
        }
        for sec in rep.sections(lang)
    ]
    return {
        **headline(rep),
        "by_outlet": by_outlet(rep),
        "high_value_rule": rep.high_value_rule,
        "generated_at": rep.generated_at.isoformat(),
        "sections": sections,
    }


__all__ = ["COVER_ORDER", "as_json", "by_outlet", "headline", "report"]
