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


def confirm(session: Session, reference: str, amount: str, outlet_code: str) -> QrPayment:
    try:
        value = Decimal(amount)
    except InvalidOperation as exc:
        raise InvalidInput(
            f"{amount!r} is not an amount; give yuan with two decimals.", zh="金额格式错误。"
        ) from exc
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
