"""The policy schedule as it prints, built from what the store holds for a policy, and the hash
that freezes what the customer signed. One builder serves the cover note at bind and the formal
policy after head office confirms, so both print the same covers, parties and figures."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.money import ZERO, fmt_amount
from app.core.policy_tokens import PolicyToken, sign_token
from app.documents.policy_pdf import (
    CoverRow,
    CtplLimits,
    FloatNotice,
    Party,
    PolicySchedule,
    TaxCertificate,
)
from app.issuance.device_key import current_key
from app.issuance.outlet import this_desk
from app.rating.ctpl import FLOAT_NAMES
from app.rating.regions import region_name
from app.vehicle.codes import USAGE_CODES, VEHICLE_CLASSES
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
                "机动车交通事故责任强制保险",
                "分项责任限额见下表",
                "—",
                Decimal(quote["ctpl"]["premium"]),
            )
        )
    for ln in quote["lines"]:
        figure = ln["sum_insured"] or ln["limit"]
        amount = fmt_amount(Decimal(figure)) if figure else "—"
        if ln.get("seats") and ln["code"] == "passenger":
            amount = f"{amount} × {ln['seats']} 座"
        covers.append(
            CoverRow(ln["name_zh"], amount, ln["deductible"] or "—", Decimal(ln["premium"]))
        )
    return covers


def _ctpl_limits(quote: dict[str, Any]) -> CtplLimits | None:
    limits = (quote.get("ctpl") or {}).get("limits")
    if not limits:
        return None

    def row(part: dict[str, str]) -> tuple[Decimal, Decimal, Decimal]:
        return (
            Decimal(part["death_disability"]),
            Decimal(part["medical"]),
            Decimal(part["property"]),
        )

    return CtplLimits(row(limits["at_fault"]), row(limits["no_fault"]))


def _tax_certificate(
    quote: dict[str, Any], taxpayer: str, start_year: int
) -> TaxCertificate | None:
    t = quote.get("vehicle_tax")
    if not t:
        return None
    exempt = t.get("exempt_reason_zh") or (
        t.get("exempt_reason") if t.get("exempt_reason") else None
    )
    return TaxCertificate(
        taxpayer=taxpayer,
        tax_year=int(t.get("tax_year") or start_year),
        first_month=int(t.get("first_month") or 1),
        basis=t.get("basis_zh") or "",
        annual=Decimal(t["annual"]),
        current_year=Decimal(t["current_year"]),
        arrears=Decimal(t["arrears"]),
        arrears_years=tuple(t.get("arrears_years") or ()),
        late_fee=Decimal(t["late_fee"]),
        total=Decimal(t["total"]),
        exempt_reason=exempt,
    )


def _pct(rate: Decimal) -> str:
    text = f"{abs(rate) * 100:f}".rstrip("0").rstrip(".") + "%"
    return ("− " if rate < 0 else "+ ") + text


def float_notice(stored: dict[str, Any]) -> FloatNotice | None:
    """The CTPL float notice from what was priced: the float factor and its reason, the scheme of
    the region, the drink-driving surcharge, and how they make the premium."""
    quote, request = stored["quote"], stored.get("request") or {}
    c = quote.get("ctpl")
    if not c:
        return None
    history = request.get("history") or {}
    region = region_name(str(request.get("region") or ""), "zh")
    base, premium = Decimal(c["base_premium"]), Decimal(c["premium"])
    rate, surcharge = Decimal(c["float_rate"]), Decimal(c["surcharge_rate"])
    code = c.get("float_code")
    if c.get("short_term_rate"):
        share = _pct(Decimal(c["short_term_rate"]))[2:]
        reason = f"短期保险不浮动，按年保费的 {share} 计收 · short-term cover does not float"
        formula = f"{fmt_amount(base)} × {share}"
    else:
        reason = {
            "first_policy": "首次投保交强险，不浮动 · a first CTPL policy does not float",
            "class": "该车类交强险不浮动 · this class does not float",
            "no_record": "上一年度无可据以浮动的记录，按基础保费 · no record to float on",
        }.get(c.get("no_float") or "", "")
        if code:
            reason = FLOAT_NAMES.get(code, (code, code))[0]
        formula = f"{fmt_amount(base)} × (1 {_pct(rate)})"
        if surcharge:
            formula += f" × (1 {_pct(surcharge)})"
    drink, drunk = int(history.get("drink_driving") or 0), int(history.get("drunk_driving") or 0)
    surcharge_text = f"饮酒驾驶 {drink} 次、醉酒驾驶 {drunk} 次" if (drink or drunk) else ""
    return FloatNotice(
        class_name=VEHICLE_CLASSES.get(c["class"], c["class"]),
        region=region,
        scheme=c.get("scheme") or "",
        float_code=code,
        float_reason=reason,
        float_rate=rate,
        surcharge_rate=surcharge,
        surcharge_text=surcharge_text,
        base_premium=base,
        premium=premium,
        formula=formula,
        query_code=stored.get("query_code"),
    )


def qr_token(
    session: Session, policy: Policy, vehicle: Vehicle, kind: str, issued: datetime
) -> str:
    """The token the QR code carries, signed with this desk's key (app/issuance/device_key.py).
    `issued` as printed: local time, to the minute."""
    assert (
        policy.start_date is not None and policy.end_date is not None
    )  # a printed policy has them
    key = current_key(session)
    token = PolicyToken(
        signer=key.signer,
        policy_number=policy.policy_number or "",
        kind=kind,
        vin=vehicle.vin,
        start=policy.start_date,
        end=policy.end_date,
        total=policy.premium_total or ZERO,
        issued=issued.replace(second=0, microsecond=0, tzinfo=None),
        confirmation_code=(policy.confirmation_code or "") if kind == "policy" else "",
        schedule_hash=policy.schedule_hash or "0" * 64,
    )
    return sign_token(token, key.private)


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


def _period(policy: Policy, stored: dict[str, Any], issued_at: datetime) -> str:
    """From 0:00 of the start date to 24:00 of the end date; with immediate inception (即时生效)
    from the moment of binding to the same moment on the end date."""
    if (stored.get("request") or {}).get("immediate"):
        at = f"{issued_at.hour}时{issued_at.minute:02d}分"
        return f"{policy.start_date} {at} 至 {policy.end_date} {at}"
    return f"{policy.start_date} 0时 至 {policy.end_date} 24时"


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
    stored = policy.quote or {}
    quote = stored["quote"]
    tax = Decimal(quote["vehicle_tax"]["total"]) if quote.get("vehicle_tax") else ZERO
    assert policy.start_date is not None  # a policy that prints has its period
    issued_at = (policy.bound_at or policy.signed_at or datetime.now(UTC)).astimezone()
    issued = issued_at.strftime("%Y-%m-%d %H:%M")
    parties = [("投保人", holder), ("被保险人", insured), ("车辆所有人", owner)]
    insurer = stored.get("insurer") or {}
    return PolicySchedule(
        kind=kind,
        policy_number=policy.policy_number or "",
        outlet=f"{outlet.name}（{outlet.code}）",
        issued_at=issued,
        period=_period(policy, stored, issued_at),
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
        insurer_name=insurer.get("name_zh") or stored.get("issuer") or "",
        insurer_illustrative=bool(insurer.get("illustrative")),
        claims_hotline=insurer.get("claims_hotline") or "",
        ctpl_limits=_ctpl_limits(quote),
        tax_certificate=_tax_certificate(quote, owner.name, policy.start_date.year),
        float_notice=float_notice(stored),
        qr_token=qr_token(session, policy, vehicle, kind, issued_at),
    )
