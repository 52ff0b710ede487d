"""精准推荐: the plan the desk proposes for a quote, from the rules kept in the rate table
(`recommendations`, app.rating.table.RecommendationRules), with the reason for each. No black box:
the rules are data, read in order; each that applies changes the plan and adds its reason in words
a clerk can read to the customer (docs/renewals.md explains the demo table's rules).

Start from the table's `base` plan (or last year's covers, when a rule with `keep_last_year`
applies to a renewal), then each applying rule removes covers and adds covers (a cover already in
the plan takes the rule's limit). A rider whose main cover is not in the plan is left out, with
no reason claimed for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.core.money import fmt_amount, fmt_money
from app.rating.depreciation import whole_months
from app.rating.table import RateTable, RecommendCover, RecommendWhen
from app.vehicle.codes import USAGE_CODES

NEV_FUELS = ("bev", "phev", "fcev")


@dataclass(frozen=True)
class Facts:
    """What the rules look at."""

    vehicle_class: str
    usage: str
    fuel: str
    first_registration: date
    purchase_price: Decimal
    seats: int | None
    start_date: date
    region: str
    last_covers: list[dict[str, Any]] | None = None  # a renewal: last year's covers
    claims: int | None = None  # claims in the expiring term, when known

    @property
    def age_years(self) -> int:
        return whole_months(self.first_registration, self.start_date) // 12

    @property
    def operating(self) -> bool:
        return USAGE_CODES.get(self.usage, ("", False))[1]


@dataclass(frozen=True)
class Reason:
    rule: str
    zh: str
    en: str


@dataclass(frozen=True)
class Recommendation:
    rules_version: str
    table_version: int
    covers: list[dict[str, Any]]  # as a quote request takes them
    reasons: list[Reason] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "rules_version": self.rules_version,
            "table_version": self.table_version,
            "covers": self.covers,
            "reasons": [{"rule": r.rule, "zh": r.zh, "en": r.en} for r in self.reasons],
        }


def _between(value: int | Decimal, low: Any, high: Any) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def applies(when: RecommendWhen, f: Facts) -> bool:
    return (
        _between(f.age_years, when.age_years_min, when.age_years_max)
        and _between(f.purchase_price, when.price_min, when.price_max)
        and (when.classes is None or f.vehicle_class in when.classes)
        and (when.operating is None or f.operating == when.operating)
        and (when.nev is None or (f.fuel in NEV_FUELS) == when.nev)
        and (when.renewal is None or (f.last_covers is not None) == when.renewal)
        and (
            (when.claims_min is None and when.claims_max is None)
            or (f.claims is not None and _between(f.claims, when.claims_min, when.claims_max))
        )
        and (when.regions is None or any(f.region.startswith(p) for p in when.regions))
    )


def _cover(c: RecommendCover, seats: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": c.code}
    if c.limit is not None:
        out["limit"] = fmt_money(c.limit)
    if c.seats == "all_passengers":
        out["seats"] = max(1, (seats or 2) - 1)
    if c.attaches_to:
        out["attaches_to"] = c.attaches_to
    return out


def _fill(text: str, f: Facts) -> str:
    return (
        text.replace("{age}", str(f.age_years))
        .replace("{price}", fmt_amount(f.purchase_price))
        .replace("{claims}", str(f.claims if f.claims is not None else "—"))
    )


def recommend(table: RateTable, f: Facts) -> Recommendation | None:
    """The plan for these facts, or None when the table has no recommendation rules."""
    rules = table.recommendations
    if rules is None:
        return None
    plan: dict[str, dict[str, Any]] = {c.code: _cover(c, f.seats) for c in rules.base}
    reasons: list[Reason] = []
    for rule in rules.rules:
        if not applies(rule.when, f):
            continue
        if rule.keep_last_year:
            if f.last_covers is None:
                continue
            plan = {c["code"]: dict(c) for c in f.last_covers if c.get("code")}
        for code in rule.remove:
            plan.pop(code, None)
        for c in rule.add:
            plan[c.code] = {**plan.get(c.code, {}), **_cover(c, f.seats)}
        reasons.append(Reason(rule.id, _fill(rule.reason_zh, f), _fill(rule.reason_en, f)))
    clauses = table.nev_clauses if f.fuel in NEV_FUELS and table.nev_clauses else None
    riders = (clauses or table.ordinary_clauses).riders
    covers = [
        c
        for c in plan.values()
        if c["code"] not in riders or any(m in plan for m in riders[c["code"]].requires_any)
    ]
    return Recommendation(rules.version, table.version, covers, reasons)


def outcome(recommended: list[dict[str, Any]], applied: bool, final: list[dict[str, Any]]) -> str:
    """What the clerk did with a recommendation, for the reports: `taken` (the policy has exactly
    the recommended covers and amounts), `changed` (applied, then changed), `ignored` (never
    applied, and the policy differs)."""

    def key(covers: list[dict[str, Any]]) -> set[tuple[str, str]]:
        out = set()
        for c in covers:
            amount = c.get("limit") or c.get("sum_insured")
            out.add((str(c.get("code")), str(Decimal(str(amount)).normalize()) if amount else ""))
        return out

    if key(recommended) == key(final):
        return "taken"
    return "changed" if applied else "ignored"
