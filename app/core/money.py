"""Money: Decimal CNY, rounded to the fen by one rule, here and nowhere else.

docs/regulations.md §2.3: round to 0.01 only at the end, ROUND_HALF_UP. Each priced line is rounded
once; totals are sums of rounded lines (so they always add up on paper). The figures a schedule
prints before a premium (actual value, base premium) are money too and are rounded where they are
made (docs/rating.md says why).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from app.core.errors import BilingualValueError
from app.core.limits import MAX_AMOUNT

# Final: the compiled engine keeps these in C statics, not a look-up in the module's dict on every
# rounding (a quote rounds about twenty times).
FEN: Final = Decimal("0.01")
ZERO: Final = Decimal("0.00")
HALF_UP: Final = ROUND_HALF_UP
# Called unbound: the method is not looked up on every value (rounding runs some twenty times a
# quote, and every amount of a request is checked).
_QUANTIZE: Final = Decimal.quantize
# Compared with on every amount: a Decimal, not the int 0 converted on each comparison.
NOTHING: Final = Decimal(0)
_MOST: Final = MAX_AMOUNT


def check_amount(value: Decimal) -> Decimal:
    """The one rule every amount a person or a file gives keeps: finite, not negative, at most
    two decimals and at most MAX_AMOUNT. `1e999999` is a valid Decimal that no rounding survives
    (quantize raises), so it is refused here, where it comes in, with the reason."""
    if not value.is_finite():
        raise BilingualValueError(
            "must be an amount in yuan, such as 950.00", "应为以元计的金额，如 950.00"
        )
    if value < NOTHING:
        raise BilingualValueError("must not be negative", "不能为负数")
    if value > _MOST:
        raise BilingualValueError(f"must be at most {MAX_AMOUNT:.2f}", f"最多为 {MAX_AMOUNT:.2f}")
    # Finite and at most MAX_AMOUNT: quantizing to the fen cannot fail, and leaves the value as it
    # is exactly when it has at most two decimals (cheaper than reading the exponent: as_tuple
    # builds a named tuple, and every amount of every request passes here).
    if value != _QUANTIZE(value, FEN):
        raise BilingualValueError(
            "is money: at most two decimals (fen), e.g. 1234.56",
            "是金额，最多两位小数（分），如 1234.56",
        )
    return value


def to_decimal(value: str | int | Decimal) -> Decimal:
    """Parse an amount given as a string, int or Decimal (never a float: floats lose fen)."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a string such as '950.00'")
    try:
        parsed = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    return check_amount(parsed)


def round_fen(value: Decimal) -> Decimal:
    """The one rounding rule: half-up to the fen."""
    return _QUANTIZE(value, FEN, HALF_UP)  # positional: half the cost of the keyword form


def fmt_money(value: Decimal) -> str:
    """Two decimals, no thousands separator: '1045.00'. The wire and JSON format."""
    return f"{round_fen(value):.2f}"


def fmt_amount(value: Decimal) -> str:
    """The one way an amount is shown to people, on paper and on screen: thousands separators and
    two decimals, '180,000.00', '1,045.00', '−80.00' for a discount. Everything printed or
    displayed goes through here; `fmt_money` is the wire and JSON form."""
    text = f"{round_fen(value):,.2f}"
    return "−" + text[1:] if text.startswith("-") else text
