"""Look-up tables that stand in for third-party sources (vehicle registration, traffic
violations, prior policies): loaded by an operator from CSV, answered over the API, with a
delay and an outage switch so outlets can be tested against a slow or absent source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.core.masking import mask_name
from app.core.policy_number import is_outlet_code
from app.underwriting.duplicates import cover_kinds
from hq.csv_files import csv_rows, read_csv_text
from hq.models import (
    Device,
    LookupPriorPolicy,
    LookupVehicle,
    LookupViolation,
    Policy,
    PolicyCover,
    Setting,
)
from hq.personal_data import DataKey
from sync.protocol import PriorPolicy, VehicleRecord, Violation, printable

COLUMNS: dict[str, tuple[str, ...]] = {
    "vehicles": ("vin", "plate", "model", "usage_nature", "owner_name", "registered_on"),
    "violations": ("plate", "occurred_on", "code", "description", "points", "fine"),
    "policies": ("vin", "policy_number", "insurer", "outlet_code", "coverage", "start", "end"),
}
_OPTIONAL = {"registered_on", "points", "fine"}
_MODELS = {"vehicles": LookupVehicle, "violations": LookupViolation, "policies": LookupPriorPolicy}

OUTAGE_KEY = "lookup_outage"
# How accepted policies name their insurer in look-up answers (this service is one insurer's head office).
INSURER_NAME = "本公司"
DELAY_KEY = "lookup_delay_ms"
MAX_LOOKUP_DELAY_MS = 60_000


def _date(text: str) -> str:
    date.fromisoformat(text)  # raises ValueError naming the bad date
    return text


# The longest value each column holds (the tables' widths; an owner's name is sealed).
_WIDTHS = {
    "vin": 17,
    "plate": 16,
    "model": 100,
    "usage_nature": 32,
    "owner_name": 100,
    "registered_on": 10,
    "occurred_on": 10,
    "code": 16,
    "description": 200,
    "points": 3,
    "fine": 12,
    "policy_number": 64,
    "insurer": 100,
    "outlet_code": 12,
    "coverage": 16,
    "start": 10,
    "end": 10,
}


def _row(kind: str, raw: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {k: (raw.get(k) or "").strip() for k in COLUMNS[kind]}
    for k, v in row.items():
        if not v and k not in _OPTIONAL:
            raise ValueError(f"column {k} is empty")
        if len(v) > _WIDTHS[k]:
            raise ValueError(f"column {k} is longer than {_WIDTHS[k]} characters")
        try:
            printable(v)
        except ValueError:
            raise ValueError(f"column {k} contains control or invisible characters") from None
    if kind == "vehicles":
        row["vin"] = row["vin"].upper()
        if len(row["vin"]) != 17:
            raise ValueError("vin must be 17 characters")
        if row["registered_on"]:
            _date(row["registered_on"])
    elif kind == "violations":
        _date(row["occurred_on"])
        if not (row["points"] or "0").isdigit():
            raise ValueError("points must be a whole number from 0 to 100")
        row["points"] = int(row["points"] or 0)
        if row["points"] > 100:
            raise ValueError("points must be a whole number from 0 to 100")
        try:
            fine = Decimal(row["fine"] or "0")
            if not fine.is_finite() or not 0 <= fine <= 1_000_000:
                raise InvalidOperation
            row["fine"] = str(fine.quantize(Decimal("0.01")))
        except InvalidOperation as exc:
            raise ValueError("fine must be an amount like 200 or 200.00, at most 1000000") from exc
    else:
        row["vin"] = row["vin"].upper()
        if not is_outlet_code(row["outlet_code"]):
            raise ValueError("outlet_code must be 2–12 upper-case letters or digits")
        if row["coverage"] not in ("ctpl", "commercial"):
            raise ValueError("coverage must be ctpl or commercial")
        _date(row["start"])
        _date(row["end"])
    return row


def guess_kind(header: list[str]) -> str:
    for kind, cols in COLUMNS.items():
        if set(cols) - _OPTIONAL <= set(header):
            return kind
    raise InvalidInput(
        "The CSV header matches no look-up kind; give --kind or use the columns in docs/hq.md.",
        zh="CSV 表头不符合任何查询表格式，请指定 --kind 或按文档填写列名。",
    )


@dataclass
class Loaded:
    kind: str
    rows: int


def load_csv(session: Session, path: Path, key: DataKey, kind: str | None = None) -> Loaded:
    """Replace the whole table of that kind with the file's rows (all or nothing): the CSV is
    the current extract of the source. A bad row is reported with its line number."""
    header, lines = csv_rows(path, read_csv_text(path))
    kind = kind or guess_kind(header)
    missing = [c for c in COLUMNS[kind] if c not in header and c not in _OPTIONAL]
    if missing:
        raise InvalidInput(
            f"{path.name}: the header lacks column(s) {', '.join(missing)} for {kind}.",
            zh=f"{path.name} 表头缺少列：{', '.join(missing)}。",
        )
    rows = []
    for line, raw in lines:
        try:
            if None in raw:
                raise ValueError("more columns than the header")
            rows.append(_row(kind, raw))
        except ValueError as exc:
            # Line numbers as an editor shows them (header is line 1); values are not echoed,
            # since an owner name is personal data.
            raise InvalidInput(
                f"{path.name} line {line}: {exc}. Correct the row and load the file again; "
                "nothing was loaded.",
                zh=f"{path.name} 第 {line} 行有误：{exc}。请更正后重新导入，本次未导入任何数据。",
            ) from exc
    if kind == "vehicles":
        vins = [r["vin"] for r in rows]
        if len(set(vins)) != len(vins):
            raise InvalidInput(
                f"{path.name}: a VIN appears twice; each vehicle once.", zh="同一车架号出现多次。"
            )
    if kind == "vehicles":
        for r in rows:  # an owner's name is personal data: sealed (hq.personal_data)
            r["owner_name"] = key.seal(r["owner_name"], f"lookup_vehicles.owner_name:{r['vin']}")
    model = _MODELS[kind]
    session.execute(delete(model))
    if rows:
        session.execute(insert(model), rows)
    return Loaded(kind, len(rows))


def get_setting(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def vehicle(session: Session, key: DataKey, vin: str = "", plate: str = "") -> VehicleRecord | None:
    if not vin and not plate:
        raise InvalidInput("Give a VIN or a plate to look up.", zh="请提供车架号或号牌号码。")
    stmt = select(LookupVehicle)
    stmt = (
        stmt.where(LookupVehicle.vin == vin.strip().upper())
        if vin
        else stmt.where(LookupVehicle.plate == plate.strip())
    )
    v = session.scalars(stmt).first()
    if v is None:
        return None
    return VehicleRecord(
        vin=v.vin,
        plate=v.plate,
        model=v.model,
        usage_nature=v.usage_nature,
        owner_name_masked=mask_name(key.open(v.owner_name, f"lookup_vehicles.owner_name:{v.vin}")),
        registered_on=v.registered_on,
    )


def violations(session: Session, plate: str) -> list[Violation]:
    rows = session.scalars(
        select(LookupViolation)
        .where(LookupViolation.plate == plate.strip())
        .order_by(LookupViolation.occurred_on)
    )
    return [
        Violation(
            occurred_on=r.occurred_on,
            code=r.code,
            description=r.description,
            points=r.points,
            fine=Decimal(r.fine),
        )
        for r in rows
    ]


def prior_policies(session: Session, vin: str) -> list[PriorPolicy]:
    vin = vin.strip().upper()
    rows = session.scalars(
        select(LookupPriorPolicy)
        .where(LookupPriorPolicy.vin == vin)
        .order_by(LookupPriorPolicy.start)
    )
    loaded = [
        PriorPolicy(
            policy_number=r.policy_number,
            insurer=r.insurer,
            outlet_code=r.outlet_code,
            coverage=r.coverage,
            start=r.start,
            end=r.end,
        )
        for r in rows
    ]
    # Policies this head office accepted from its own outlets count too (duplicate insurance
    # across outlets): CTPL and commercial as the policy covers them.
    accepted = session.execute(
        select(
            Policy.policy_number,
            PolicyCover.cover,
            PolicyCover.period_start,
            PolicyCover.period_end,
            Device.outlet_code,
        )
        .join(Policy, Policy.policy_id == PolicyCover.policy_id)
        .join(Device, Device.id == Policy.device_id)
        .where(PolicyCover.vin == vin)
    ).all()
    kinds: dict[tuple[str, str, str, str, str], None] = {}
    for number, cover, start, end, outlet in accepted:
        for kind in cover_kinds([cover]):  # the one rule for which kind a cover makes up
            kinds[(number, kind, start, end, outlet)] = None
    for number, coverage, start, end, outlet in kinds:
        loaded.append(
            PriorPolicy(
                policy_number=number,
                insurer=INSURER_NAME,
                outlet_code=outlet,
                coverage=coverage,
                start=start,
                end=end,
            )
        )
    return sorted(loaded, key=lambda p: p.start)


def outage_on(session: Session, default: bool) -> bool:
    value = get_setting(session, OUTAGE_KEY)
    return default if value is None else value == "on"


def delay_ms(session: Session, default: int) -> int:
    value = get_setting(session, DELAY_KEY)
    try:
        wanted = default if value is None else int(value)
    except ValueError:
        wanted = default  # a row written by hand: the configured delay stands
    return min(max(wanted, 0), MAX_LOOKUP_DELAY_MS)
