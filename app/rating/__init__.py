"""Rating: signed, versioned rate tables and the premium engine (pure: no database, no Qt, no
network; head office re-prices uploaded policies with the same code)."""

from __future__ import annotations

from typing import Any

from app.rating.engine import Quote, quote
from app.rating.request import QuoteRequest, parse_request
from app.rating.signing import RateTableError, parse_table, sign_table, verify_table
from app.rating.table import RateTable
from app.underwriting.decisions import underwrite


def quote_and_underwrite(request: QuoteRequest | dict[str, Any], table: RateTable) -> Quote:
    """The quote with the underwriting decision attached (what the wizard and head office use)."""
    q = quote(request, table)
    q.underwriting = underwrite(
        q.facts, table.underwriting, ctpl=q.ctpl is not None, commercial=bool(q.lines)
    )
    return q


__all__ = [
    "Quote",
    "QuoteRequest",
    "RateTable",
    "RateTableError",
    "parse_request",
    "parse_table",
    "quote",
    "quote_and_underwrite",
    "sign_table",
    "verify_table",
]
