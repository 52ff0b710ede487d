"""The yard's instant quote carried into the wizard (docs/phone.md, "The yard"): the covers the
staff member priced start the coverage step, and the premium the customer was shown in the yard
is set beside the desk's own, priced again through the one pricing path with the data the clerk
checked and today's rates. A difference is said plainly (old and new), never left silent."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from app.core.money import fmt_amount


def yard_coverages(request: Any) -> list[dict[str, Any]]:
    """The covers of the yard's quote request as the coverage step's custom plan holds them
    (limits written as the rate table lists them, to the fen); none when it names none."""
    covers = request.get("coverages") if isinstance(request, dict) else None
    out: list[dict[str, Any]] = []
    for cover in covers if isinstance(covers, list) else []:
        if not isinstance(cover, dict) or not isinstance(cover.get("code"), str):
            continue
        chosen: dict[str, Any] = {"code": cover["code"]}
        if cover.get("limit") not in (None, ""):
            try:
                chosen["limit"] = f"{Decimal(str(cover['limit'])):.2f}"
            except InvalidOperation:
                continue  # not a limit the table could list: the clerk chooses
        out.append(chosen)
    return out


def shown_total(quote: Any) -> Decimal | None:
    """What the yard showed the customer, or None when the quote carries no amount."""
    try:
        return Decimal(str(quote["total"])).quantize(Decimal("0.01"))
    except (InvalidOperation, KeyError, TypeError):
        return None


def compared(shown: Decimal, now: Decimal) -> tuple[str, str]:
    """(zh, en): the line the coverage step shows under its premium."""
    if shown == now:
        return (
            f"现场报价 {fmt_amount(shown)} 元，出单台重新计算结果相同。",
            f"The yard's quote of {fmt_amount(shown)} yuan is confirmed at the desk.",
        )
    diff = now - shown
    sign = "+" if diff > 0 else "-"
    return (
        f"保费与现场报价不同：现场向客户报价 {fmt_amount(shown)} 元，出单台按当前费率和核对后的"
        f"信息重新计算为 {fmt_amount(now)} 元（{sign}{fmt_amount(abs(diff))} 元）。请向客户说明。",
        f"The premium differs from the yard's quote: the customer was shown {fmt_amount(shown)} "
        f"yuan in the yard; priced again at the desk with today's rates and the checked data it "
        f"is {fmt_amount(now)} yuan ({sign}{fmt_amount(abs(diff))}). Tell the customer.",
    )
