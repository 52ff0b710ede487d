"""One-click renewal (续保): the expiring policy's parties, vehicle and covers carried into this
year's request, with the history moved on, and the difference from last year's premium explained
line by line (docs/renewals.md).

- The new cover starts at 00:00 the day after the old one ends, so the CTPL never overlaps; a
  renewal made after the old cover ended starts the day after it is made (never back-dated,
  docs/regulations.md §8.6). How early it may be issued is the rate table's setting.
- The history moves on (docs/regulations.md §3.2): the level the platform returns is binding.
  Online, head office's claims register answers (`HeadOfficeRecord`: its NCD level, the claims
  in the expiring term, the claim-free years) and the renewal takes it, saying so. Offline, or
  when head office knows no cover for the vehicle, until the clerk enters the level the estimate
  is one level better for the year insured and one level worse
  for each claim in it (a claim-free year: one better; two claims: one worse), within the table's
  range, and the draft says it is to be verified.
  Claims during the expiring term that nobody knows are never assumed: last year's level is kept,
  to be verified.
- The vehicle's age and its depreciated value are recomputed by the rating engine from the new
  start date; today's rate table applies.

Pure: reads a book row's values, writes dictionaries; the service stores them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from app.core.money import ZERO, fmt_amount
from app.rating.commercial import MAIN_COVERS
from app.rating.depreciation import actual_value, monthly_rate, whole_months
from app.rating.table import NcdSection, RateTable

CTPL_NAMES = ("交强险", "CTPL")
MAX_CTPL_CLAIM_FREE_YEARS = 3  # the CTPL float counts up to three claim-free years (§1.3)


class BookRow(Protocol):
    """What this module reads of a book row (local_db.models.BookPolicy)."""

    policy_number: str
    insurer: str
    start_date: date
    end_date: date
    premium_ctpl: Decimal | None
    premium_commercial: Decimal | None
    premium: Decimal | None
    holder_kind: str
    holder_name: str
    holder_id_type: str
    holder_id_number: str
    holder_phone: str | None
    holder_email: str | None
    holder_address: str | None
    parties: dict[str, Any] | None
    vin: str
    plate: str | None
    vehicle: dict[str, Any]
    covers: list[dict[str, Any]]
    history: dict[str, Any]


@dataclass(frozen=True)
class HeadOfficeRecord:
    """Head office's claims-register answer for the vehicle (its claims-history look-up,
    docs/hq.md): the NCD level by the rate table's rule, the claims in the last year, the whole
    years since the last claim, the years of continuous cover it knows of, and the day it
    answered for."""

    ncd_level: int
    claims_last_year: int
    claim_free_years: int
    continuous_years: int
    as_of: str

    @classmethod
    def from_answer(cls, answer: Mapping[str, Any] | None) -> HeadOfficeRecord | None:
        """The record from head office's JSON answer; None when there is none, or when head
        office gave no level (it knows no cover for the vehicle: the desk estimates)."""
        if not answer or not isinstance(answer.get("ncd_level"), int):
            return None
        try:
            return cls(
                int(answer["ncd_level"]),
                int(answer.get("claims_last_year") or 0),
                int(answer.get("claim_free_years") or 0),
                int(answer.get("continuous_years") or 0),
                str(answer.get("as_of") or ""),
            )
        except (TypeError, ValueError):
            return None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Where the book row keeps head office's answer once a renewal took it (beside last year's
# record it moves on from), so the coverage step can say where the level came from.
HEAD_OFFICE_KEY = "head_office_record"


def renewal_start(end_date: date, today: date) -> date:
    """00:00 the day after the old cover ends; never before tomorrow (no back-dating)."""
    return max(end_date + timedelta(days=1), today + timedelta(days=1))


@dataclass(frozen=True)
class MovedHistory:
    history: dict[str, Any]  # this year's, as a quote request takes it
    last_level: int | None
    level: int | None
    estimated: bool  # True: to be verified against the platform's answer


def move_history(
    last: dict[str, Any],
    claims: int | None,
    ncd: NcdSection | None = None,
    record: HeadOfficeRecord | None = None,
) -> MovedHistory:
    """This year's history from last year's and the claims during the expiring term (None: not
    known), or from head office's `record` when it answered (then nothing is estimated). See
    the module's docstring for the estimate."""
    lo, hi = (ncd.min_level, ncd.max_level) if ncd else (-4, 5)
    last_level = last.get("ncd_level")
    level = int(last_level) if isinstance(last_level, int) else 0
    out: dict[str, Any] = {}
    if record is not None:
        out["ncd_level"] = max(lo, min(hi, record.ncd_level))
        if record.claims_last_year == 0:
            # CTPL's claim-free years: as many as head office saw, within its continuous cover.
            free = min(MAX_CTPL_CLAIM_FREE_YEARS, record.claim_free_years, record.continuous_years)
            out["ctpl_claim_free_years"] = free
        else:
            out["ctpl_at_fault_claims_last_year"] = record.claims_last_year
        return MovedHistory(
            {k: v for k, v in out.items() if v or k == "ncd_level"},
            last_level if isinstance(last_level, int) else None,
            out["ncd_level"],
            False,
        )
    if claims is None:
        if isinstance(last_level, int):
            out["ncd_level"] = last_level
        return MovedHistory(
            out, last_level if isinstance(last_level, int) else None, out.get("ncd_level"), True
        )
    if claims < 0:
        raise ValueError("claims cannot be negative")
    new_level = max(lo, min(hi, level - 1 + claims))
    out["ncd_level"] = new_level
    free = int(last.get("ctpl_claim_free_years") or 0)
    if claims == 0:
        out["ctpl_claim_free_years"] = min(MAX_CTPL_CLAIM_FREE_YEARS, free + 1)
    else:
        out["ctpl_at_fault_claims_last_year"] = claims
    return MovedHistory(
        {k: v for k, v in out.items() if v or k == "ncd_level"},
        last_level if isinstance(last_level, int) else None,
        new_level,
        True,
    )


def _covers(row: BookRow) -> list[dict[str, Any]]:
    seats = row.vehicle.get("seats")
    out = []
    for cover in row.covers or []:
        c = {k: v for k, v in cover.items() if v not in (None, "")}
        if c.get("code") == "passenger" and "seats" not in c and isinstance(seats, int):
            c["seats"] = max(1, seats - 1)  # every seat but the driver's, as the wizard does
        out.append(c)
    return out


def _party(p: dict[str, Any] | None) -> dict[str, Any] | None:
    if not p:
        return None
    return {k: p[k] for k in ("kind", "name", "id_type", "id_number") if p.get(k)}


_VEHICLE_KEYS = (
    "engine_number",
    "brand_model",
    "vehicle_type",
    "usage",
    "class",
    "seats",
    "first_registration",
    "purchase_price",
    "purchase_date",
    "displacement_l",
    "fuel",
    "energy_saving",
    "tonnage",
    "curb_weight_t",
)


def renewal_request(
    row: BookRow,
    today: date,
    claims: int | None,
    ncd: NcdSection | None = None,
    record: HeadOfficeRecord | None = None,
) -> dict[str, Any]:
    """This year's policy request as far as the book knows it: parties, vehicle, covers, the
    start and the history moved on. What the customer must give again (consent, signature,
    payment) is left out; a value the book lacks stays out too (the request then says what is
    missing), never invented."""
    holder = {
        "kind": row.holder_kind,
        "name": row.holder_name,
        "id_type": row.holder_id_type,
        "id_number": row.holder_id_number,
        "phone": row.holder_phone,
        "email": row.holder_email,
        "address": row.holder_address,
    }
    vehicle: dict[str, Any] = {"plate": row.plate, "vin": row.vin}
    vehicle.update(
        {k: row.vehicle[k] for k in _VEHICLE_KEYS if row.vehicle.get(k) not in (None, "")}
    )
    out: dict[str, Any] = {
        "policyholder": {k: v for k, v in holder.items() if v not in (None, "")},
        "vehicle": vehicle,
        "start_date": renewal_start(row.end_date, today).isoformat(),
        "history": move_history(row.history or {}, claims, ncd, record).history,
    }
    parties = row.parties or {}
    for role in ("insured", "owner"):
        party = _party(parties.get(role))
        if party:
            out[role] = party
    covers = _covers(row)
    if covers:
        out["coverages"] = covers
    return out


def renewal_draft_data(
    row: BookRow,
    today: date,
    claims: int | None,
    ncd: NcdSection | None = None,
    *,
    consent_on_record: bool = False,
    record: HeadOfficeRecord | None = None,
) -> dict[str, Any]:
    """The same, in the shape the issuance wizard saves and opens its drafts in (ui/wizard), the
    covers as a custom plan. The customer's consent to the processing of their data is ticked
    only when this desk recorded it for the expiring policy (`consent_on_record`: a policy issued
    here); a policy from another system has none here, and the clerk asks for it."""
    req = renewal_request(row, today, claims, ncd, record)
    holder = dict(req["policyholder"])
    holder["consent"] = consent_on_record
    insured = req.get("insured")
    holder["insured"] = insured
    vehicle = dict(req["vehicle"])
    owner = req.get("owner")
    if owner:
        vehicle["owner_name"] = owner["name"]
        vehicle["owner_id_number"] = owner["id_number"]
    data: dict[str, Any] = {
        "policyholder": holder,
        "vehicle": vehicle,
        "start_date": req["start_date"],
        "history": req["history"],
        "plan": "custom" if req.get("coverages") else "standard",
        "to_check": {"customer": [], "vehicle": []},
    }
    if req.get("coverages"):
        data["coverages"] = req["coverages"]
    return data


# -- last year beside this year ------------------------------------------------------------------


def ncd_source_line(record: HeadOfficeRecord | None, level: int) -> tuple[str, str]:
    """Where this year's NCD level came from, as the coverage step says it."""
    if record is not None and record.ncd_level == level:
        return (
            f"　无赔款优待等级取自总部理赔记录（{record.as_of}：近一年出险 "
            f"{record.claims_last_year} 次，连续投保 {record.continuous_years} 年）；"
            "以平台查询结果为准",
            f"  NCD level from head office's claims register ({record.as_of}: "
            f"{record.claims_last_year} claim(s) in the last year, {record.continuous_years} "
            "year(s) of continuous cover); the platform's record is binding",
        )
    if record is not None:
        return (
            f"　无赔款优待等级已手工修改（总部理赔记录为 {record.ncd_level}）；以平台查询结果为准",
            f"  NCD level changed by hand (head office's claims register gave {record.ncd_level}); "
            "the platform's record is binding",
        )
    return (
        "　无赔款优待等级以平台查询结果为准：续保时按上年记录估算，请核对后修改",
        "  The platform's NCD level is binding: the renewal estimates it from last "
        "year's record; check it and change it if it differs",
    )


@dataclass(frozen=True)
class LastYear:
    """What the expiring policy cost and covered, as the book holds it."""

    premium_ctpl: Decimal | None
    premium_commercial: Decimal | None
    cover_codes: tuple[str, ...]
    ncd_level: int | None
    start_date: date
    insurer: str
    table_version: int | None  # the rate table it was priced on, when issued here
    head_office: HeadOfficeRecord | None = None  # head office's answer the renewal took


def cover_name(code: str, table: RateTable, zh: bool) -> str:
    """A cover's name as a clerk reads it: CTPL, a main cover or a rider of the table."""
    if code == "ctpl":
        return CTPL_NAMES[0 if zh else 1]
    if code in MAIN_COVERS:
        return MAIN_COVERS[code][0 if zh else 1]
    rider = table.commercial.riders.get(code)
    if rider is not None:
        return rider.name_zh if zh else rider.name_en
    return code


def _signed(amount: Decimal) -> str:
    return ("+" if amount >= 0 else "−") + fmt_amount(abs(amount))


def explain_change(last: LastYear, quote: Any, table: RateTable) -> list[tuple[str, str]]:
    """Last year's premium beside this year's, and why they differ, line by line as (Chinese,
    English): the total, each part, the NCD level, the vehicle's depreciation, the rate table,
    covers added or removed. `quote` is an app.rating.engine.Quote of this year's request."""
    lines: list[tuple[str, str]] = []
    new_ctpl = quote.ctpl.premium if quote.ctpl else ZERO
    new_commercial = quote.commercial_total
    new_total = new_ctpl + new_commercial
    known = last.premium_ctpl is not None or last.premium_commercial is not None
    if known:
        old_ctpl = last.premium_ctpl or ZERO
        old_commercial = last.premium_commercial or ZERO
        old_total = old_ctpl + old_commercial
        lines.append(
            (
                f"保费（不含车船税）：上年 {fmt_amount(old_total)} 元，今年 {fmt_amount(new_total)} 元"
                f"（{_signed(new_total - old_total)} 元）",
                f"Premium (tax not included): last year {fmt_amount(old_total)}, this year "
                f"{fmt_amount(new_total)} ({_signed(new_total - old_total)})",
            )
        )
        for zh, en, old, new in (
            ("交强险", "CTPL", old_ctpl, new_ctpl),
            ("商业险", "commercial", old_commercial, new_commercial),
        ):
            if old or new:
                lines.append(
                    (
                        f"　{zh}：{fmt_amount(old)} → {fmt_amount(new)}（{_signed(new - old)}）",
                        f"  {en}: {fmt_amount(old)} → {fmt_amount(new)} ({_signed(new - old)})",
                    )
                )
    else:
        lines.append(
            (
                f"上年保费未知；今年 {fmt_amount(new_total)} 元（不含车船税）",
                f"Last year's premium is not known; this year {fmt_amount(new_total)} (tax not "
                "included)",
            )
        )
    req = quote.request
    level = req.history.ncd_level if req is not None else None
    coefficients = table.commercial.ncd.coefficients
    if quote.lines and level is not None:
        if last.ncd_level is None:
            lines.append(
                (
                    f"无赔款优待等级：今年 {level}（系数 {coefficients[str(level)]}），上年未知",
                    f"NCD level: {level} this year (coefficient {coefficients[str(level)]}); "
                    "last year's not known",
                )
            )
        elif last.ncd_level != level:
            lines.append(
                (
                    f"无赔款优待等级由 {last.ncd_level}（系数 {coefficients[str(last.ncd_level)]}）"
                    f"调整为 {level}（系数 {coefficients[str(level)]}）",
                    f"NCD moved from level {last.ncd_level} (coefficient "
                    f"{coefficients[str(last.ncd_level)]}) to {level} (coefficient "
                    f"{coefficients[str(level)]})",
                )
            )
        else:
            lines.append(
                (
                    f"无赔款优待等级不变：{level}（系数 {coefficients[str(level)]}）",
                    f"NCD level unchanged at {level} (coefficient {coefficients[str(level)]})",
                )
            )
        lines.append(ncd_source_line(last.head_office, level))
    if (
        quote.clauses is not None
        and req is not None
        and "vehicle_damage" in {ln.code for ln in quote.lines}
    ):
        v = req.vehicle
        dep = quote.clauses.depreciation
        months = whole_months(v.first_registration, last.start_date)
        before = actual_value(v.purchase_price, months, monthly_rate(v, dep), dep.cap)
        if before != quote.actual_value:
            lines.append(
                (
                    f"折旧：车辆实际价值由 {fmt_amount(before)} 元降为 {fmt_amount(quote.actual_value)} 元",
                    f"Depreciation: the vehicle's actual value went from {fmt_amount(before)} to "
                    f"{fmt_amount(quote.actual_value)}",
                )
            )
    if last.table_version is None:
        lines.append(
            (
                f"上年由{last.insurer}承保（其费率）；今年按第 {quote.rate_table_version} 版费率表",
                f"Last year insured by {last.insurer} (its rates); this year rate table version "
                f"{quote.rate_table_version}",
            )
        )
    elif last.table_version != quote.rate_table_version:
        lines.append(
            (
                f"费率表由第 {last.table_version} 版更新为第 {quote.rate_table_version} 版",
                f"A new rate table: version {quote.rate_table_version} (last year "
                f"{last.table_version})",
            )
        )
    new_codes = (["ctpl"] if quote.ctpl else []) + [ln.code for ln in quote.lines]
    added = [c for c in new_codes if c not in last.cover_codes]
    removed = [c for c in last.cover_codes if c not in new_codes]
    for codes, zh, en in (
        (added, "新增险别", "Covers added"),
        (removed, "不再投保", "Covers removed"),
    ):
        if codes:
            lines.append(
                (
                    f"{zh}：" + "、".join(cover_name(c, table, True) for c in codes),
                    f"{en}: " + ", ".join(cover_name(c, table, False) for c in codes),
                )
            )
    return lines
