"""The policy schedule, built in one place: what the customer signs (and its hash), what the
review step shows and what the cover note and the formal policy print are the same rows.

- `signed_schedule(...)` is the content the customer signs, from the checked request and its
  quote (parties with ID numbers and phones, vehicle, covers with sums insured, limits, seats and
  deductibles, period, premium, and what was priced). Its SHA-256 over canonical JSON
  (`canonical_hash`) is stored at signing, and the policy keeps the content itself.
- `schedule_view(signed)` turns that content into the rows a person reads, each label and value
  in Chinese and English: the review shows them in the window's language, the PDF prints the
  Chinese (`for_print`).
- `build_schedule(session, policy, kind)` prints a stored policy from the content it was signed
  with (policies stored before the content was kept are rebuilt from their rows; those signed
  before the CTPL limits were kept print the limits of their own rate table version, or the
  statutory set in force on their start date)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

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
from app.rating.ctpl import FLOAT_NAMES, CtplLimitsPair, statutory_limits
from app.rating.regions import region_name
from app.vehicle.codes import USAGE_CODES, USAGE_NAMES_EN, VEHICLE_CLASSES
from local_db.models import Customer, Document, Policy, Vehicle

if TYPE_CHECKING:
    from app.issuance.request import PartyIn, PolicyRequest
    from app.rating.installed import InstalledTables

ID_TYPES = {
    "resident_id": ("居民身份证", "resident ID"),
    "uscc": ("统一社会信用代码", "credit code"),
}
ROLES = {
    "policyholder": ("投保人", "Policyholder"),
    "insured": ("被保险人", "Insured"),
    "owner": ("车辆所有人", "Owner"),
}


def canonical_hash(obj: Any) -> str:
    """SHA-256 of canonical JSON (sorted keys, no spaces, UTF-8): the signed schedule's and the
    upload's content hash, the same on the outlet and at head office."""
    raw = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# -- what the customer signs --------------------------------------------------------------------
def _party(p: PartyIn | None, values: dict[str, str], role: str) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "kind": p.kind,
        "name": values[f"{role}.name"],
        "id_type": p.id_type,
        "id_number": values[f"{role}.id_number"],
        "phone": values.get(f"{role}.phone"),
    }


def signed_schedule(
    req: PolicyRequest,
    values: dict[str, str],
    qreq: dict[str, Any],
    quote: Any,
    rate_table_version: int,
) -> dict[str, Any]:
    """Everything the customer signs, from the checked request and its quote. Insured and owner
    default as the policy does (insured = policyholder, owner = insured)."""
    holder = _party(req.policyholder, values, "policyholder")
    insured = _party(req.insured, values, "insured") or holder
    owner = _party(req.owner, values, "owner") or insured
    v = req.vehicle
    qj = quote.to_json()
    return {
        "parties": {"policyholder": holder, "insured": insured, "owner": owner},
        "vehicle": {
            "vin": values["vehicle.vin"],
            "plate": values.get("vehicle.plate"),
            "engine_number": values["vehicle.engine_number"],
            "brand_model": v.brand_model,
            "vehicle_type": v.vehicle_type,
            "usage": values["vehicle.usage"],
            "seats": v.seats,
            "first_registration": v.first_registration.isoformat(),
        },
        "covers": {
            "ctpl": qj["ctpl"],
            "lines": [
                {
                    k: ln.get(k)
                    for k in (
                        "code",
                        "name_zh",
                        "name_en",
                        "sum_insured",
                        "limit",
                        "deductible",
                        "seats",
                        "premium",
                    )
                }
                for ln in qj["lines"]
            ],
        },
        "period": [str(quote.start_date), str(quote.end_date)],
        "premium": {
            "commercial": qj["commercial"]["total"],
            "tax": (qj.get("vehicle_tax") or {}).get("total"),
            "total": qj["total"],
            "rate_table_version": rate_table_version,
        },
        "priced": qreq,
    }


# -- the rows a person reads ---------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """One label or value in both languages."""

    zh: str
    en: str

    def __call__(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


def _same(value: str) -> Text:
    return Text(value, value)


@dataclass(frozen=True)
class PartyLine:
    role: Text
    name: str
    id_type: Text
    id_number: str
    phone: str | None


@dataclass(frozen=True)
class CoverLine:
    name: Text
    amount: Text  # sum insured or limit (per seat × seats), or the statutory limits
    deductible: Text
    premium: Decimal


@dataclass(frozen=True)
class ScheduleView:
    parties: list[PartyLine]
    vehicle: list[tuple[Text, Text]]
    covers: list[CoverLine]
    period: Text
    ctpl_premium: Decimal
    commercial_premium: Decimal
    tax: Decimal
    total: Decimal
    rate_table_version: int
    # The CTPL's statutory limits by part (death and disability, medical, property), at fault
    # and not at fault, as the table it was priced with states them; None without CTPL.
    ctpl_limits: CtplLimits | None = None


def usage_text(code: str | None) -> Text:
    """As the 行驶证 prints it, with the GA 24 code the registry uses: 非营运（A）."""
    if not code:
        return _same("")
    if code not in USAGE_CODES:
        return _same(code)
    return Text(f"{USAGE_CODES[code][0]}（{code}）", f"{USAGE_NAMES_EN.get(code, code)} ({code})")


def _money(value: Any) -> str:
    return fmt_amount(Decimal(str(value)))


def _cover_lines(covers: dict[str, Any]) -> list[CoverLine]:
    out = []
    if covers.get("ctpl"):
        out.append(
            CoverLine(
                Text("机动车交通事故责任强制保险", "Compulsory traffic accident liability (CTPL)"),
                Text("分项责任限额见下表", "limits by part: see the table below"),
                _same("—"),
                Decimal(str(covers["ctpl"]["premium"])),
            )
        )
    for ln in covers.get("lines") or []:
        raw = ln.get("sum_insured") or ln.get("limit")
        amount = _money(raw) if raw else "—"
        seats = ln.get("seats") if ln.get("code") == "passenger" else None
        out.append(
            CoverLine(
                Text(ln["name_zh"], ln.get("name_en") or ln["name_zh"]),
                Text(f"{amount} × {seats} 座", f"{amount} × {seats} seats")
                if seats
                else _same(amount),
                _same(str(ln.get("deductible") or "—")),
                Decimal(str(ln["premium"])),
            )
        )
    return out


def period_text(start: str, end: str, immediate: bool, at: datetime | None = None) -> Text:
    """From 0:00 of the start date to 24:00 of the end date; with immediate inception (即时生效)
    from the moment of binding (`at`, once bound) to the same moment on the end date."""
    if not immediate:
        return Text(f"{start} 0时 至 {end} 24时", f"{start} 00:00 to {end} 24:00")
    if at is None:
        return Text(
            f"{start} 出单时起 至 {end} 同一时刻",
            f"{start} from the moment of issue to {end}, the same time",
        )
    return Text(
        f"{start} {at.hour}时{at.minute:02d}分 至 {end} {at.hour}时{at.minute:02d}分",
        f"{start} {at:%H:%M} to {end} {at:%H:%M}",
    )


def schedule_view(signed: dict[str, Any], bound_at: datetime | None = None) -> ScheduleView:
    """The rows of a signed schedule, as the review shows them and the PDF prints them
    (`bound_at`: when it was issued, for a period that starts at that moment)."""
    parties = signed["parties"]
    lines = []
    for role in ("policyholder", "insured", "owner"):
        p = parties.get(role)
        if p is None:
            continue
        zh, en = ID_TYPES.get(p.get("id_type") or "", (p.get("id_type") or "", ""))
        lines.append(
            PartyLine(
                Text(*ROLES[role]),
                p["name"],
                Text(zh, en or zh),
                p["id_number"],
                p.get("phone"),
            )
        )
    v = signed["vehicle"]
    seats = v.get("seats")
    vehicle = [
        (
            Text("号牌号码", "Plate"),
            Text(v.get("plate") or "未上牌", v.get("plate") or "no plate yet"),
        ),
        (Text("车辆识别代号", "VIN"), _same(v["vin"])),
        (Text("发动机号", "Engine number"), _same(v.get("engine_number") or "")),
        (Text("品牌型号", "Brand and model"), _same(v.get("brand_model") or "")),
        (Text("使用性质", "Usage nature"), usage_text(v.get("usage"))),
        (
            Text("核定载客", "Approved seats"),
            Text(f"{seats} 人", f"{seats}") if seats else _same(""),
        ),
        (Text("初次登记", "First registered"), _same(v.get("first_registration") or "")),
    ]
    start, end = signed["period"]
    premium = signed["premium"]
    covers = signed["covers"]
    ctpl = Decimal(str(covers["ctpl"]["premium"])) if covers.get("ctpl") else ZERO
    return ScheduleView(
        parties=lines,
        vehicle=vehicle,
        covers=_cover_lines(covers),
        period=period_text(
            start, end, bool((signed.get("priced") or {}).get("immediate")), bound_at
        ),
        ctpl_premium=ctpl,
        commercial_premium=Decimal(str(premium["commercial"])),
        tax=Decimal(str(premium["tax"])) if premium.get("tax") else ZERO,
        total=Decimal(str(premium["total"])),
        rate_table_version=int(premium.get("rate_table_version") or 0),
        ctpl_limits=_ctpl_limits(covers),
    )


def for_print(
    view: ScheduleView,
    *,
    kind: str,
    policy_number: str,
    outlet: str,
    issued_at: str,
    illustrative: bool,
    verification_hash: str,
    confirmation_code: str | None = None,
    signature: list | None = None,
    **printed: Any,
) -> PolicySchedule:
    """What the PDF prints: the view's Chinese side, and what only paper carries (`printed`:
    the insurer, the tax certificate, the float notice, the QR token)."""
    return PolicySchedule(
        kind=kind,
        policy_number=policy_number,
        outlet=outlet,
        issued_at=issued_at,
        period=view.period.zh,
        parties=[
            Party(p.role.zh, p.name, p.id_type.zh, p.id_number, p.phone) for p in view.parties
        ],
        vehicle=[(label.zh, value.zh) for label, value in view.vehicle],
        covers=[CoverRow(c.name.zh, c.amount.zh, c.deductible.zh, c.premium) for c in view.covers],
        ctpl_premium=view.ctpl_premium,
        commercial_premium=view.commercial_premium,
        tax=view.tax,
        total=view.total,
        rate_table_version=view.rate_table_version,
        illustrative=illustrative,
        verification_hash=verification_hash,
        confirmation_code=confirmation_code,
        signature=signature,
        ctpl_limits=view.ctpl_limits,
        **printed,
    )


def _ctpl_limits(covers: dict[str, Any]) -> CtplLimits | None:
    limits = (covers.get("ctpl") or {}).get("limits")
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


# -- a stored policy ----------------------------------------------------------------------------
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


def _rebuilt(session: Session, policy: Policy) -> dict[str, Any]:
    """The signed content of a policy stored before the content was kept with it."""
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

    def party(c: Customer) -> dict[str, Any]:
        return {
            "kind": c.kind,
            "name": c.name,
            "id_type": c.id_type,
            "id_number": c.id_number,
            "phone": c.phone,
        }

    stored = policy.quote or {}
    quote = stored.get("quote") or {}
    return {
        "parties": {
            "policyholder": party(holder),
            "insured": party(insured),
            "owner": party(owner),
        },
        "vehicle": {
            "vin": vehicle.vin,
            "plate": vehicle.plate,
            "engine_number": vehicle.engine_number,
            "brand_model": vehicle.brand_model,
            "vehicle_type": vehicle.vehicle_type,
            "usage": vehicle.usage_code,
            "seats": vehicle.seats,
            "first_registration": vehicle.first_registration.isoformat()
            if vehicle.first_registration
            else None,
        },
        "covers": {"ctpl": quote.get("ctpl"), "lines": quote.get("lines") or []},
        "period": [str(policy.start_date), str(policy.end_date)],
        "premium": {
            "commercial": str(policy.premium_commercial or ZERO),
            "tax": str(policy.vehicle_tax or ZERO),
            "total": str(policy.premium_total or ZERO),
            "rate_table_version": policy.rate_table_version or 0,
        },
        "priced": stored.get("request"),
    }


def stored_schedule(session: Session, policy: Policy) -> dict[str, Any]:
    """The content the customer signed for this policy."""
    return (policy.quote or {}).get("schedule") or _rebuilt(session, policy)


def lacks_ctpl_limits(signed: dict[str, Any]) -> bool:
    """Signed before the CTPL limits were kept with the policy (so printed without them)."""
    ctpl = (signed.get("covers") or {}).get("ctpl") or {}
    return bool(ctpl) and not ctpl.get("limits")


def limits_of(policy: Policy, tables: InstalledTables | None) -> dict[str, Any]:
    """The CTPL limits a policy was issued under, as the quote carries them: from its own rate
    table version where this desk still has it, else the statutory set in force on its start
    date (docs/regulations.md §1.1; the two agree for every table since the 2020 reform)."""
    version = policy.rate_table_version
    if tables is not None and version and version in tables.versions():
        section = tables.load(version).ctpl
        return CtplLimitsPair(section.limits_at_fault, section.limits_no_fault).to_json()
    assert policy.start_date is not None  # a printed policy has one
    return statutory_limits(policy.start_date).to_json()


def with_ctpl_limits(
    signed: dict[str, Any], policy: Policy, tables: InstalledTables | None
) -> dict[str, Any]:
    """The signed content with its CTPL limits, filled in for a policy signed before they were
    kept (the customer signed for the statutory limits either way; only the figures were not
    printed). The stored content and its hash are left as they are."""
    if not lacks_ctpl_limits(signed):
        return signed
    covers = signed["covers"]
    ctpl = {**covers["ctpl"], "limits": limits_of(policy, tables)}
    return {**signed, "covers": {**covers, "ctpl": ctpl}}


def build_schedule(
    session: Session, policy: Policy, kind: str, tables: InstalledTables | None = None
) -> PolicySchedule:
    """`kind` is "cover_note" (bound, awaiting confirmation) or "policy" (confirmed). `tables`:
    this desk's rate tables, for the limits of a policy signed before they were kept with it."""
    outlet, _device = this_desk(session)
    vehicle = session.get(Vehicle, policy.vehicle_id)
    assert vehicle is not None and policy.start_date is not None  # a printed policy has them
    stored = policy.quote or {}
    quote = stored.get("quote") or {}
    signed = with_ctpl_limits(stored_schedule(session, policy), policy, tables)
    issued_at = (policy.bound_at or policy.signed_at or datetime.now(UTC)).astimezone()
    insurer = stored.get("insurer") or {}
    owner = (signed["parties"].get("owner") or {}).get("name") or ""
    return for_print(
        schedule_view(signed, issued_at),
        kind=kind,
        policy_number=policy.policy_number or "",
        outlet=f"{outlet.name}（{outlet.code}）",
        issued_at=issued_at.strftime("%Y-%m-%d %H:%M"),
        illustrative=bool(quote.get("illustrative")),
        verification_hash=policy.schedule_hash or "",
        confirmation_code=policy.confirmation_code,
        signature=signature_strokes(session, policy.id),
        insurer_name=insurer.get("name_zh") or stored.get("issuer") or "",
        insurer_illustrative=bool(insurer.get("illustrative")),
        claims_hotline=insurer.get("claims_hotline") or "",
        tax_certificate=_tax_certificate(quote, owner, policy.start_date.year),
        float_notice=float_notice(stored),
        qr_token=qr_token(session, policy, vehicle, kind, issued_at),
        clauses=clauses_printed(quote),
    )


def clauses_printed(quote: dict[str, Any]) -> str:
    """The clause set the commercial cover was priced under, as the policy names it (an NEV's
    is the NEV clauses, docs/regulations.md), "" for CTPL alone. (A demo table's rates are
    marked illustrative on every page; the clause set's name is the clauses' own.)"""
    commercial = quote.get("commercial") or {}
    if not commercial.get("lines"):
        return ""
    return str((commercial.get("clauses") or {}).get("name_zh") or "")
