"""What a change costs, worked out from the version it applies to (docs/changes.md). Pure: the desk
prices a change with it, and head office prices the same change again from the version *it*
holds, so both get the same fen or the change is refused.

- An endorsement is priced by running the engine on the new quote request (the version's, with
  the change applied) and comparing each line with the version's: the difference for a year,
  then pro rata by day from the effective date (the first day under the new terms) to the end
  of the term (app.rating.refunds). Sections a kind does not price again keep their premium.
- A cancellation refunds, per line, the premium for the days left from the effective date (the
  first day without cover), never more than was paid for that line, nothing for a cover that
  paid a total loss; before cover starts, commercial cover keeps the table's fee and CTPL none.

Every amount is rounded once by the engine's rule (app.core.money): line by line, totals as sums
of lines."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.changes.kinds import COMMERCIAL, CTPL, RULES, TAX, Kind, Scope
from app.core.money import ZERO, fmt_amount, fmt_money
from app.rating import quote_and_underwrite
from app.rating.refunds import days_left, pro_rata, refund, term_days
from app.rating.table import RateTable

SECTIONS = (CTPL, COMMERCIAL, TAX)
_SECTION_NAMES = {
    CTPL: ("交强险", "CTPL"),
    COMMERCIAL: ("商业险", "commercial"),
    TAX: ("代收车船税", "vehicle tax"),
}


@dataclass(frozen=True)
class Terms:
    """A version's priced terms: the quote request and the quote (as JSON) it gave."""

    request: dict[str, Any]
    quote: dict[str, Any]

    @property
    def start(self) -> date:
        return date.fromisoformat(self.quote["start_date"])

    @property
    def end(self) -> date:
        return date.fromisoformat(self.quote["end_date"])

    def lines(self) -> dict[tuple[str, str], tuple[str, str, Decimal]]:
        """(section, code) -> (name_zh, name_en, a year's premium), every priced line."""
        out: dict[tuple[str, str], tuple[str, str, Decimal]] = {}
        if self.quote.get("ctpl"):
            out[(CTPL, CTPL)] = ("交强险", "CTPL", Decimal(self.quote["ctpl"]["premium"]))
        for ln in self.quote.get("lines") or []:
            out[(COMMERCIAL, ln["code"])] = (ln["name_zh"], ln["name_en"], Decimal(ln["premium"]))
        if self.quote.get("vehicle_tax"):
            out[(TAX, TAX)] = (
                "代收车船税",
                "vehicle tax",
                Decimal(self.quote["vehicle_tax"]["total"]),
            )
        return out

    def figures(self) -> dict[str, Decimal]:
        """A year's premium by section, and the total."""
        by = {s: ZERO for s in SECTIONS}
        for (section, _code), (_zh, _en, amount) in self.lines().items():
            by[section] += amount
        return {**by, "total": sum(by.values(), ZERO)}


@dataclass(frozen=True)
class Line:
    section: str
    code: str
    name_zh: str
    name_en: str
    before: Decimal  # a year's premium before the change (or what was paid, for a refund)
    after: Decimal  # a year's premium after it
    amount: Decimal  # what the customer pays (+) or gets back (−) for this line
    note_zh: str = ""
    note_en: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "code": self.code,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "before": fmt_money(self.before),
            "after": fmt_money(self.after),
            "amount": fmt_money(self.amount),
            "note_zh": self.note_zh,
            "note_en": self.note_en,
        }


@dataclass
class Priced:
    """A change priced: the new terms, each line's difference, the days counted and the
    worksheet a person reads."""

    kind: Kind
    after: Terms
    lines: list[Line]
    effective: date  # the first day under the new terms (cancellation: the first without cover)
    days_total: int
    days_left: int
    whole_term: bool
    worksheet: list[dict[str, str]] = field(default_factory=list)
    underwriting: dict[str, Any] | None = None  # the engine's decision on the new quote
    refund_waits_for: str = ""  # "claims_check" while head office has not said about total losses

    def differences(self) -> dict[str, Decimal]:
        by = {s: ZERO for s in SECTIONS}
        for ln in self.lines:
            by[ln.section] += ln.amount
        return {**by, "total": sum(by.values(), ZERO)}

    @property
    def total(self) -> Decimal:
        return self.differences()["total"]

    def to_json(self) -> dict[str, Any]:
        diff = self.differences()
        after = self.after.figures()
        return {
            "kind": self.kind.value,
            "effective_date": self.effective.isoformat(),
            "days_total": self.days_total,
            "days_left": self.days_left,
            "whole_term": self.whole_term,
            "lines": [ln.to_json() for ln in self.lines],
            "difference": {k: fmt_money(v) for k, v in diff.items()},
            "after": {k: fmt_money(v) for k, v in after.items()},
            "worksheet": self.worksheet,
            "underwriting": self.underwriting,
            "refund_waits_for": self.refund_waits_for,
        }


def _coverage_codes(request: dict[str, Any]) -> list[str]:
    return [c["code"] for c in request.get("coverages") or []]


def new_request(base: dict[str, Any], kind: Kind, edits: dict[str, Any]) -> dict[str, Any] | None:
    """The quote request after the change, or None when the kind prices nothing again."""
    req = copy.deepcopy(base)
    if kind == Kind.OWNER:
        if edits.get("commercial") != "reprice" or not any(
            c != CTPL for c in _coverage_codes(base)
        ):
            return None
        req.setdefault("history", {})["ncd_level"] = edits["ncd_level"]
    elif kind == Kind.USAGE:
        req["vehicle"]["usage"] = edits["usage"]
        req["vehicle"]["class"] = edits["class"]
    elif kind == Kind.COVERS:
        ctpl = [c for c in base.get("coverages") or [] if c["code"] == CTPL]
        req["coverages"] = ctpl + list(edits["coverages"])
    elif kind == Kind.START_DATE:
        req["start_date"] = edits["start_date"]
        req.pop("end_date", None)
    else:
        return None
    return req


def _merge(
    before: dict[str, Any], after: dict[str, Any], repriced: frozenset[str]
) -> dict[str, Any]:
    """The new quote, with the sections the kind does not price again taken from the old one."""
    merged = copy.deepcopy(after)
    if CTPL not in repriced:
        merged["ctpl"] = copy.deepcopy(before.get("ctpl"))
    if TAX not in repriced:
        merged["vehicle_tax"] = copy.deepcopy(before.get("vehicle_tax"))
    if COMMERCIAL not in repriced:
        merged["lines"] = copy.deepcopy(before.get("lines") or [])
        merged["commercial"] = copy.deepcopy(before.get("commercial"))
    total = Terms({}, merged).figures()["total"]
    merged["total"] = fmt_money(total)
    return merged


def _days_text(p: Priced) -> tuple[str, str]:
    if p.whole_term:
        return (
            "尚未起保：按整个保险期间计算差额，不按日折算",
            "cover has not started: the difference is for the whole term, not by the day",
        )
    if p.days_left == p.days_total:
        return (
            f"自起保日起生效：保险期间共 {p.days_total} 天，全部按新条件计算",
            f"from the start of cover: all {p.days_total} days of the term on the new terms",
        )
    return (
        f"生效日 {p.effective}（按新条件承保的第一天）：保险期间共 {p.days_total} 天，"
        f"按新条件计算剩余 {p.days_left} 天（含生效当日）",
        f"effective {p.effective} (the first day on the new terms): {p.days_total} days in the "
        f"term, {p.days_left} days left on the new terms (the effective day counted)",
    )


def _worksheet(p: Priced) -> list[dict[str, str]]:
    zh, en = _days_text(p)
    out = [{"zh": zh, "en": en, "figure": ""}]
    factor = (
        "" if p.whole_term or p.days_left == p.days_total else f" × {p.days_left}/{p.days_total}"
    )
    for ln in p.lines:
        diff = ln.after - ln.before
        out.append(
            {
                "zh": f"{ln.name_zh}：原年保费 {fmt_amount(ln.before)}，新年保费 {fmt_amount(ln.after)}，"
                f"差额 {fmt_amount(diff)}{factor}",
                "en": f"{ln.name_en}: {fmt_amount(ln.before)} a year before, {fmt_amount(ln.after)} "
                f"after, difference {fmt_amount(diff)}{factor}",
                "figure": fmt_money(ln.amount),
            }
        )
    by_section = p.differences()
    for section in SECTIONS:
        if any(ln.section == section for ln in p.lines):
            name_zh, name_en = _SECTION_NAMES[section]
            out.append(
                {
                    "zh": f"{name_zh}差额小计",
                    "en": f"{name_en} difference",
                    "figure": fmt_money(by_section[section]),
                }
            )
    total = by_section["total"]
    out.append(
        {
            "zh": "应补缴保费" if total > 0 else ("应退还保费" if total < 0 else "保费不变"),
            "en": "to collect"
            if total > 0
            else ("to refund" if total < 0 else "no change in premium"),
            "figure": fmt_money(total),
        }
    )
    return out


def price_endorsement(
    base: Terms, kind: Kind, edits: dict[str, Any], effective: date, table: RateTable
) -> Priced:
    """The change priced against `base`. `effective` is the first day under the new terms; a
    date before the term starts means the whole term. Raises InvalidInput when the engine
    refuses the new request (its message says why)."""
    rule = RULES[kind]
    req = new_request(base.request, kind, edits)
    if req is None:
        after, decision = base, None
    else:
        q = quote_and_underwrite(req, table)
        after = Terms(req, _merge(base.quote, q.to_json(), rule.repriced))
        decision = q.decision.to_json()
    before_lines, after_lines = base.lines(), after.lines()
    start, end = base.start, base.end
    whole = rule.whole_term or effective <= start
    lines: list[Line] = []
    for key in [*before_lines, *(k for k in after_lines if k not in before_lines)]:
        section, code = key
        if section not in rule.repriced:
            continue
        zh, en, old = before_lines.get(key, ("", "", ZERO))
        zh2, en2, new = after_lines.get(key, (zh, en, ZERO))
        if old == new:
            continue
        diff = new - old
        amount = diff if rule.whole_term else pro_rata(diff, start, end, effective)
        lines.append(Line(section, code, zh2 or zh, en2 or en, old, new, amount))
    total_days = term_days(start, end)
    priced = Priced(
        kind,
        after,
        lines,
        max(effective, start) if not rule.whole_term else after.start,
        total_days,
        total_days if whole else days_left(start, end, effective),
        rule.whole_term,
        underwriting=decision,
    )
    priced.worksheet = _worksheet(priced)
    return priced


def paid_by_line(
    issued: Terms, changes: list[list[dict[str, Any]]]
) -> dict[tuple[str, str], Decimal]:
    """What the customer has paid for each line so far: the issued premium plus every later
    change's amount for it (refunds negative). `changes` are the stored lines of each change
    that counts (bound or confirmed), oldest first."""
    paid = {key: amount for key, (_zh, _en, amount) in issued.lines().items()}
    for lines in changes:
        for ln in lines:
            key = (ln["section"], ln["code"])
            paid[key] = paid.get(key, ZERO) + Decimal(ln["amount"])
    return paid


def price_cancellation(
    current: Terms,
    paid: dict[tuple[str, str], Decimal],
    scope: Scope,
    effective: date,
    table: RateTable,
    total_losses: set[str] | None,
) -> Priced:
    """The refund of a cancellation whose first day without cover is `effective`.
    `total_losses` are the covers that paid a total loss (head office's look-up); None while it
    has not answered: the refund is worked out as if none, and waits for the answer."""
    start, end = current.start, current.end
    lines: list[Line] = []
    for key, (zh, en, annual) in current.lines().items():
        section, code = key
        if section == TAX or (scope == Scope.COMMERCIAL and section != COMMERCIAL):
            continue
        had = paid.get(key, ZERO)
        if total_losses is not None and code in total_losses:
            lines.append(
                Line(
                    section,
                    code,
                    zh,
                    en,
                    had,
                    ZERO,
                    ZERO,
                    "该险种已发生全损赔付，保费不退",
                    "this cover paid a total loss: its premium is not refunded",
                )
            )
            continue
        back = refund(annual, start, end, effective, table.refunds, ctpl=section == CTPL)
        back = min(back, max(had, ZERO))
        note_zh = note_en = ""
        if effective <= start and section == COMMERCIAL and table.refunds.before_start_fee:
            fee = table.refunds.before_start_fee * 100
            note_zh = f"起保前退保，按费率表扣除 {fee.normalize():f}% 手续费"
            note_en = f"cancelled before cover starts: the table's {fee.normalize():f}% fee is kept"
        lines.append(Line(section, code, zh, en, had, annual, -back, note_zh, note_en))
    after_quote = copy.deepcopy(current.quote)
    after_request = copy.deepcopy(current.request)
    if scope == Scope.COMMERCIAL:
        after_request["coverages"] = [
            c for c in after_request.get("coverages") or [] if c["code"] == CTPL
        ]
        after_quote["lines"] = []
        after_quote["commercial"] = {"lines": [], "total": fmt_money(ZERO)}
        after_quote["total"] = fmt_money(Terms({}, after_quote).figures()["total"])
    total_days = term_days(start, end)
    priced = Priced(
        Kind.CANCEL,
        Terms(after_request, after_quote),
        lines,
        effective,
        total_days,
        days_left(start, end, effective),
        False,
        refund_waits_for="claims_check" if total_losses is None else "",
    )
    priced.worksheet = _cancellation_worksheet(priced, start)
    return priced


def _cancellation_worksheet(p: Priced, start: date) -> list[dict[str, str]]:
    if p.effective <= start:
        zh = f"起保前退保（首个无保障日 {p.effective}）：未承保任何一天"
        en = f"cancelled before cover starts (first day without cover {p.effective}): no day was covered"
    else:
        used = p.days_total - p.days_left
        zh = (
            f"退保生效日 {p.effective} 为首个无保障日（保障至前一日 24 时）：保险期间共 {p.days_total} 天，"
            f"已承保 {used} 天，退还未到期 {p.days_left} 天"
        )
        en = (
            f"effective {p.effective}, the first day without cover (cover ends at 24:00 the day "
            f"before): {p.days_total} days in the term, {used} covered, {p.days_left} refunded"
        )
    out = [{"zh": zh, "en": en, "figure": ""}]
    factor = "" if p.effective <= start else f" × {p.days_left}/{p.days_total}"
    for ln in p.lines:
        text_zh = (
            f"{ln.name_zh}：年保费 {fmt_amount(ln.after)}{factor}，已缴 {fmt_amount(ln.before)}"
        )
        text_en = (
            f"{ln.name_en}: {fmt_amount(ln.after)} a year{factor}, {fmt_amount(ln.before)} paid"
        )
        if ln.note_zh:
            text_zh += f"（{ln.note_zh}）"
            text_en += f" ({ln.note_en})"
        out.append({"zh": text_zh, "en": text_en, "figure": fmt_money(-ln.amount)})
    out.append(
        {
            "zh": "代收车船税不在退保费之列，由纳税人向税务机关申请（《车船税法》第十一条）",
            "en": "the vehicle tax withheld is not part of the refund; the taxpayer applies to the "
            "tax office (Vehicle and Vessel Tax Law art. 11)",
            "figure": "",
        }
    )
    total = -p.total
    waits = " (waits for head office's total-loss check)" if p.refund_waits_for else ""
    waits_zh = "（待总公司核查全损赔案后确定）" if p.refund_waits_for else ""
    out.append(
        {"zh": f"应退还保费{waits_zh}", "en": f"to refund{waits}", "figure": fmt_money(total)}
    )
    return out
