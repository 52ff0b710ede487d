"""Head office prices every uploaded policy again, from the policy's own facts, with the rate-table
version it names, and compares each figure to the fen.

It does not price the quote request the outlet sends as it stands: that would only check the
outlet's arithmetic. The request is rebuilt from what the policy itself insures (its vehicle with
every rating fact, its period and its covers); only the rating inputs that are not facts of the
policy (claims history, region, coefficients, promotions, tax) come from the outlet's request.
Before pricing, the policy must hold together: a period of at most a year that does not start
before the policy was bound, and a vehicle class that fits the vehicle's usage and its owner."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from app.core.errors import ChudanError
from app.core.money import ZERO, fmt_money
from app.rating.engine import quote
from app.rating.request import QuoteRequest, request_from_policy
from app.rating.table import RateTable
from app.vehicle.codes import USAGE_CODES
from sync.protocol import PolicyContent

# Cover periods are calendar days in China (UTC+8, no daylight saving).
CHINA = timezone(timedelta(hours=8), "CST")
# A desk's clock may run a little ahead of head office's.
CLOCK_SKEW = timedelta(minutes=10)

# (protocol field, how people read it)
_FIGURES = (
    ("ctpl", "CTPL premium"),
    ("commercial", "commercial premium"),
    ("vehicle_tax", "vehicle and vessel tax"),
    ("total", "total"),
)
# Classes only a non-operating vehicle may be priced as, and the one only a private person's car.
_NON_OPERATING_CLASSES = {
    "family_car",
    "enterprise_passenger",
    "government_passenger",
    "nonop_truck",
}
_PRIVATE_CLASS = "family_car"

Refusal = tuple[str, str]  # (reason_code, message)


def _field_names(model: Any) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}


def rebuild_request(
    content: PolicyContent, request_model: type[BaseModel] = QuoteRequest
) -> dict[str, Any]:
    """The quote request head office prices, rebuilt from the policy itself. A policy that
    carries its own rating data (region, term, history, coverages, pricing, tax) is priced from
    that alone (`app.rating.request.request_from_policy`); an older outlet's policy from its
    rating inputs in `quote_request` with the policy's own vehicle, period and covers in place of
    whatever the request said about them. Which vehicle facts are carried over is read from
    `request_model`, so a fact the engine gains is taken from the policy as soon as the request
    model has it."""
    vehicle_model = request_model.model_fields["vehicle"].annotation
    known = _field_names(vehicle_model)
    vehicle = content.vehicle.model_dump(mode="json", by_alias=True, exclude_none=True)
    if _carries_rating_data(content):
        assert content.term is not None and content.pricing is not None
        # Only the parts request_from_policy reads, dumped: the whole content (parties,
        # payments, the outlet's own request) was a tenth of re-pricing. Its vehicle and
        # coverages are replaced below by the policy's own.
        request = request_from_policy(
            {
                "vehicle": vehicle,
                "region": content.region,
                "term": content.term.model_dump(mode="json", by_alias=True),
                "history": content.history,
                "coverages": [],
                "pricing": content.pricing.model_dump(mode="json", by_alias=True),
                "tax": content.tax,
            }
        )
    else:
        request = dict(content.quote_request)
        request["start_date"], request["end_date"] = content.period
    request["vehicle"] = {k: v for k, v in vehicle.items() if k in known}
    request["coverages"] = [c.model_dump(mode="json", exclude_none=True) for c in content.covers]
    return request


def _carries_rating_data(content: PolicyContent) -> bool:
    return None not in (content.region, content.term, content.pricing, content.coverages)


def _rating_data_disagrees(content: PolicyContent) -> Refusal | None:
    """The rating data must describe the policy it travels with: its term is the policy's period
    and its coverages are the policy's covers (else one would be priced and the other insured)."""
    if content.term is not None and (content.term.start_date, content.term.end_date) != tuple(
        content.period
    ):
        return "invalid_content", "term: the term's dates are not the policy's period"
    if content.coverages is not None and [
        c.model_dump(mode="json", exclude_none=True) for c in content.coverages
    ] != [c.model_dump(mode="json", exclude_none=True) for c in content.covers]:
        return "invalid_content", "coverages: the covers priced are not the policy's covers"
    return None


def one_year_from(start: date) -> date:
    """The last day of a one-year term starting on `start` (29 Feb runs to 28 Feb)."""
    try:
        same_day = start.replace(year=start.year + 1)
    except ValueError:
        same_day = start.replace(year=start.year + 1, day=28)
    return same_day - timedelta(days=1)


def check_policy(content: PolicyContent, now: datetime | None = None) -> Refusal | None:
    """The period and the vehicle's class: None when they hold together, else why not."""
    disagreement = _rating_data_disagrees(content)
    if disagreement is not None:
        return disagreement
    start, end = (date.fromisoformat(d) for d in content.period)
    if end < start:
        return "invalid_period", f"The period ends ({end}) before it starts ({start})."
    immediate = content.term is not None and content.term.immediate
    # Immediate cover (即时生效) ends at the moment of binding a year later, on that day.
    last_day = one_year_from(start) + timedelta(days=1 if immediate else 0)
    if end > last_day:
        return "invalid_period", (
            f"The period {start}–{end} is longer than one year (it may end on "
            f"{last_day} at the latest); issue a policy per year."
        )
    issued = content.issued_at
    if issued.tzinfo is None:
        return "invalid_content", "issued_at: the bind time must carry its time zone"
    if issued > (now or datetime.now(UTC)) + CLOCK_SKEW:
        return "invalid_content", "issued_at: the bind time is in the future"
    if content.starts_at is not None:
        starts = content.starts_at
        if starts.tzinfo is None or starts.astimezone(CHINA).date() != start:
            return "invalid_period", "starts_at must be a time (with its zone) on the start date."
    elif immediate:
        # 即时生效: cover starts at the moment of binding, on the start date.
        if issued.astimezone(CHINA).date() != start:
            return "invalid_period", "immediate cover starts on the day the policy is bound."
        starts = issued
    else:
        starts = datetime.combine(start, time(0), CHINA)
    if starts < issued:
        return "starts_before_issue", (
            f"Cover would start at {starts.astimezone(CHINA):%Y-%m-%d %H:%M}, before the policy was "
            f"bound at {issued.astimezone(CHINA):%Y-%m-%d %H:%M} (China time); cover never starts "
            "in the past. Issue it again starting the next day (or at the issue time where "
            "immediate cover is allowed)."
        )
    vehicle = content.vehicle
    operating = USAGE_CODES.get(vehicle.usage, ("", False))[1]
    if operating and vehicle.vehicle_class in _NON_OPERATING_CLASSES:
        return "class_mismatch", (
            f"The vehicle's usage {vehicle.usage} is operating (营运), but it was priced as the "
            f"non-operating class {vehicle.vehicle_class}; price it as its operating class."
        )
    if vehicle.vehicle_class == _PRIVATE_CLASS and content.owner_party.kind != "person":
        return "class_mismatch", (
            "A family car (家庭自用) belongs to a private person, but this vehicle's owner is an "
            "organisation; price it as a non-operating vehicle of its kind."
        )
    return None


def reprice(
    content: PolicyContent,
    table: RateTable,
    request_model: type[BaseModel] = QuoteRequest,
) -> Refusal | None:
    """None when every figure of the rebuilt request's price matches; else (reason_code, message)."""
    try:
        q = quote(rebuild_request(content, request_model), table)
    except ChudanError as exc:
        return "invalid_quote_request", (
            f"Head office cannot price this policy with rate table version "
            f"{table.version}: {exc.message}"
        )
    except ArithmeticError:
        # A figure beyond what the engine can work with (the schema bounds money; a rating fact
        # of another shape may still overflow): refused, never an error for the whole batch.
        return "invalid_quote_request", (
            f"Head office cannot price this policy with rate table version {table.version}: a "
            "figure is out of range."
        )
    ours = {
        "ctpl": q.ctpl.premium if q.ctpl else ZERO,
        "commercial": q.commercial_total,
        "vehicle_tax": q.vehicle_tax.total if q.vehicle_tax else ZERO,
        "total": q.total,
    }
    sent = content.premium
    wrong = [
        (label, Decimal(getattr(sent, name)), ours[name])
        for name, label in _FIGURES
        if Decimal(getattr(sent, name)) != ours[name]
    ]
    if not wrong:
        return None
    detail = "; ".join(
        f"{label} {fmt_money(theirs)} on the policy, {fmt_money(mine)} by head office"
        for label, theirs, mine in wrong
    )
    return "premium_mismatch", (
        f"Re-priced from the policy's own vehicle, period and covers with rate table version "
        f"{table.version}: {detail}. Re-quote the policy with that table and issue it again."
    )
