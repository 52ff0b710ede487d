"""The policy schedule as it prints, built from what the store holds for a policy, and the hash
that freezes what the customer signed. One builder serves the cover note at bind and the formal
policy after head office confirms, so both print the same covers, parties and figures."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.money import ZERO
from app.documents.policy_pdf import CoverRow, Party, PolicySchedule
from app.issuance.outlet import this_desk
from app.vehicle.codes import USAGE_CODES
from local_db.models import Customer, Document, Policy, Vehicle

ID_TYPE_ZH = {"resident_id": "居民身份证", "uscc": "统一社会信用代码"}


def _usage(code: str | None) -> str:
    """As the 行驶证 prints it, with the GA 24 code the registry uses: 非营运（A）."""
    if not code:
        return ""
    return f"{USAGE_CODES[code][0]}（{code}）" if code in USAGE_CODES else code


def canonical_hash(obj: Any) -> str:
    """SHA-256 of canonical JSON (sorted keys, no spaces, UTF-8): the signed schedule's and the
    upload's content hash, the same on the outlet and at head office."""
    raw = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _cover_rows(quote: dict[str, Any]) -> list[CoverRow]:
    covers = []
    if quote.get("ctpl"):
        covers.append(
            CoverRow(
                "机动车交通事故责任强制保险", "依法定限额", "—", Decimal(quote["ctpl"]["premium"])
            )
        )
    for ln in quote["lines"]:
        amount = ln["sum_insured"] or ln["limit"] or "—"
        if ln.get("seats") and ln["code"] == "passenger":
            amount = f"{amount} × {ln['seats']} 座"
        covers.append(
            CoverRow(ln["name_zh"], amount, ln["deductible"] or "—", Decimal(ln["premium"]))
        )
    return covers


def _vehicle_rows(vehicle: Vehicle) -> list[tuple[str, str]]:
    return [
        ("号牌号码", vehicle.plate or "未上牌"),
        ("车辆识别代号", vehicle.vin),
        ("发动机号", vehicle.engine_number or ""),
        ("品牌型号", vehicle.brand_model or ""),
        ("使用性质", _usage(vehicle.usage_code)),
        ("核定载客", f"{vehicle.seats or ''} 人"),
        ("初次登记", vehicle.first_registration.isoformat() if vehicle.first_registration else ""),
    ]


def signature_strokes(session: Session, policy_id: str) -> list | None:
    doc = (
        session.execute(
            select(Document)
            .where(Document.policy_id == policy_id, Document.kind == "signature")
            .order_by(Document.id.desc())
        )
        .scalars()
        .first()
    )
    return json.loads(doc.content) if doc is not None else None


def build_schedule(session: Session, policy: Policy, kind: str) -> PolicySchedule:
    """`kind` is "cover_note" (bound, awaiting confirmation) or "policy" (confirmed)."""
    outlet, _device = this_desk(session)
    vehicle = session.get(Vehicle, policy.vehicle_id)
    holder = session.get(Customer, policy.policyholder_id)
    insured = session.get(Customer, policy.insured_id) if policy.insured_id else holder
    owner = (
        session.get(Customer, vehicle.owner_id)
        if vehicle is not None and vehicle.owner_id
        else insured
    )
    assert (
        vehicle is not None and holder is not None and insured is not None and owner is not None
    )  # foreign keys
    quote = (policy.quote or {})["quote"]
    tax = Decimal(quote["vehicle_tax"]["total"]) if quote.get("vehicle_tax") else ZERO
    issued = policy.bound_at or policy.signed_at
    parties = [("投保人", holder), ("被保险人", insured), ("车辆所有人", owner)]
    return PolicySchedule(
        kind=kind,
        policy_number=policy.policy_number or "",
        outlet=f"{outlet.name}（{outlet.code}）",
        issued_at=issued.astimezone().strftime("%Y-%m-%d %H:%M") if issued else "",
        period=f"{policy.start_date} 0时 至 {policy.end_date} 24时",
        parties=[
            Party(role, c.name, ID_TYPE_ZH.get(c.id_type, c.id_type), c.id_number, c.phone)
            for role, c in parties
        ],
        vehicle=_vehicle_rows(vehicle),
        covers=_cover_rows(quote),
        ctpl_premium=policy.premium_ctpl or ZERO,
        commercial_premium=policy.premium_commercial or ZERO,
        tax=tax,
        total=policy.premium_total or ZERO,
        rate_table_version=policy.rate_table_version or 0,
        illustrative=bool(quote.get("illustrative")),
        verification_hash=policy.schedule_hash or "",
        confirmation_code=policy.confirmation_code,
        signature=signature_strokes(session, policy.id),
    )
