"""Payment QRs paid (见费出单 with a QR): the insurer's payment gateway reports a paid reference
(here `chudan-hq payments confirm`, standing in for the gateway's callback); the outlet that
showed the QR asks by reference and records the part without the clerk typing it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.core.money import fmt_money
from hq.models import Device, QrPayment
from sync.protocol import QrPaymentStatus

# One payment QR: a premium, never more than this.
MAX_QR_AMOUNT = Decimal("10000000.00")


def parse_amount(text: str) -> Decimal:
    """Yuan with at most two decimals, above 0 and at most MAX_QR_AMOUNT ("1e999999", "-5" and
    "NaN" are refused)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if (
        not value.is_finite()
        or value.as_tuple().exponent < -2  # type: ignore[operator]
        or not Decimal("0") < value <= MAX_QR_AMOUNT
    ):
        raise InvalidInput(
            f"{text[:30]!r} is not an amount: give yuan above 0 and at most "
            f"{fmt_money(MAX_QR_AMOUNT)}, with at most two decimals (e.g. 5530.70).",
            zh=f"金额应大于 0、不超过 {fmt_money(MAX_QR_AMOUNT)} 元，最多两位小数（如 5530.70）。",
        )
    return value


def confirm(session: Session, reference: str, amount: Decimal, outlet_code: str) -> QrPayment:
    value = amount
    row = session.get(QrPayment, reference)
    if row is None:
        row = QrPayment(reference=reference, outlet_code=outlet_code, amount=fmt_money(value))
        session.add(row)
    return row


def status(session: Session, device: Device, reference: str) -> QrPaymentStatus:
    row = session.get(QrPayment, reference)
    if row is None or row.outlet_code != device.outlet_code:  # an outlet sees only its own QRs
        return QrPaymentStatus(reference=reference, paid=False)
    return QrPaymentStatus(
        reference=reference, paid=True, amount=Decimal(row.amount), paid_at=row.paid_at
    )
