"""Pricing a quote request as it stands when someone asks now: the one path `chudan quote`
and the yard's instant quote (yard/) both take, so a staff phone and the command line give the
same premium to the fen for the same request.

A request without a start date is priced from the earliest start a policy issued now could have;
one whose start a policy issued now could not have (in the past, or too far ahead) is priced with
a warning saying so."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.rating import Quote, parse_request, quote_and_underwrite
from app.rating.inception import check_start, default_start
from app.rating.installed import InstalledTables


@dataclass(frozen=True)
class PricedRequest:
    quote: Quote
    warnings: list[dict[str, str]]  # {"en": ..., "zh": ...}, for a start issuing now could not have

    def to_json(self) -> dict[str, Any]:
        return {**self.quote.to_json(), "warnings": self.warnings}


def price_request(data: Any, tables: InstalledTables, now: datetime) -> PricedRequest:
    """`data` the request as JSON gives it (not changed); `now` the moment of the quote, aware,
    as if the policy were issued now. Raises what `parse_request` raises for a bad request."""
    data = copy.deepcopy(data)
    region = data.get("region") if isinstance(data, dict) else None
    if isinstance(data, dict) and isinstance(region, str):
        if "start_date" not in data:  # the earliest start allowed, as issuing would choose
            start, immediate = default_start(region, now, tables.for_date(now.date()))
            data["start_date"] = start.isoformat()
            if immediate:
                data.setdefault("immediate", True)
        tax = data.get("tax")
        if isinstance(tax, dict) and tax.get("arrears") and "paid_on" not in tax:
            tax["paid_on"] = now.date().isoformat()  # collected with the CTPL, today
    req = parse_request(data)
    table = tables.for_date(req.start_date)
    q = quote_and_underwrite(req, table)
    immediate, start_problems = check_start(req.start_date, req.region, now, table)
    warnings = [
        {
            "en": f"A policy issued now could not start on {req.start_date}: {p.en}.",
            "zh": f"现在出单不能以 {req.start_date} 起保：{p.zh}。",
        }
        for p in start_problems
    ]
    if req.immediate and not immediate and not start_problems:
        warnings.append(
            {
                "en": f"Immediate inception means cover from the moment of issue: a policy issued "
                f"now for {req.start_date} starts at 00:00 that day instead.",
                "zh": f"即时生效指自出单时起保：现在出单、{req.start_date} 起保的保单应从当日 0 时起。",
            }
        )
    return PricedRequest(q, warnings)
