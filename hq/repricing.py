"""Head office prices every uploaded policy again with the rate-table version it names and
compares each figure to the fen: the outlet's printed premium must be exactly what the table gives."""

from __future__ import annotations

from decimal import Decimal

from app.core.errors import ChudanError
from app.core.money import ZERO, fmt_money
from app.rating.engine import quote
from app.rating.table import RateTable
from sync.protocol import PolicyContent

# (protocol field, how people read it)
_FIGURES = (
    ("ctpl", "CTPL premium"),
    ("commercial", "commercial premium"),
    ("vehicle_tax", "vehicle and vessel tax"),
    ("total", "total"),
)


def reprice(content: PolicyContent, table: RateTable) -> tuple[str, str] | None:
    """None when every figure matches; else (reason_code, message)."""
    try:
        q = quote(content.quote_request, table)
    except ChudanError as exc:
        return "invalid_quote_request", (
            f"Head office cannot price this policy with rate table version "
            f"{table.version}: {exc.message}"
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
        f"Re-priced with rate table version {table.version}: {detail}. Re-quote the "
        "policy with that table and issue it again."
    )
