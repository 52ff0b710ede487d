"""Payment (见费出单: no policy before the money). Parts may be split across methods and must add
up to the premium to the fen; a failed part is kept with its reason and opens a 待处理 item;
the policy moves to *paid* only when the succeeded parts cover the total exactly.

Rules that vary by insurer or are unconfirmed (docs/regulations.md §8.4, §10.2: real-name payment,
the AML cash threshold) come in as a `PaymentRules` value, which the rate table supplies."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser
from app.core.errors import InvalidInput
from app.core.masking import mask_reference
from app.core.money import ZERO, fmt_money, round_fen
from app.issuance.lifecycle import Event, Lifecycle, State
from app.work_items.queue import WorkItemKind, WorkItemQueue
from local_db.models import Customer, Draft, Payment, Policy
from local_db.types import utcnow


class Method(StrEnum):
    CASH = "cash"
    CARD = "card"  # card terminal: the clerk types the terminal's reference
    QR = "qr"  # a payment QR with amount and reference; confirmed by the clerk or head office
    TRANSFER = "transfer"  # bank transfer reference


METHOD_NAMES_ZH = {
    Method.CASH: "现金",
    Method.CARD: "刷卡",
    Method.QR: "扫码",
    Method.TRANSFER: "转账",
}
NEEDS_REFERENCE = {Method.CARD, Method.TRANSFER}


class AmlRecordNeeded(InvalidInput):
    """A cash part that takes the payer's day to the large-value amount, taken without the record
    (§10.2): the wizard opens the record dialog on it, the training play records the clerk's
    answer to it."""


@dataclass(frozen=True)
class PaymentRules:
    real_name_required: bool = True  # 实名缴费: payer must be the policyholder
    aml_cash_threshold: Decimal = Decimal(
        "50000.00"
    )  # PBOC Order 〔2016〕3号 (docs/regulations.md §10.2)


@dataclass(frozen=True)
class PaymentState:
    total: Decimal
    paid: Decimal
    pending: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.paid

    @property
    def complete(self) -> bool:
        return self.paid == self.total


def payment_state(policy: Policy) -> PaymentState:
    total = policy.premium_total or ZERO
    paid = sum((p.amount for p in policy.payments if p.status == "succeeded"), ZERO)
    pending = sum((p.amount for p in policy.payments if p.status == "pending"), ZERO)
    return PaymentState(total, paid, pending)


def check_part(
    method: Method | str,
    amount: Decimal,
    reference: str,
    outstanding: Decimal,
    *,
    succeeded: bool = True,
) -> None:
    """The rules one payment part must keep, whoever enters it (the wizard asks before storing)."""
    method = Method(method)
    if amount != round_fen(amount) or amount <= ZERO:
        raise InvalidInput(
            f"Enter an amount in yuan with at most two decimals, above zero (got {amount}).",
            zh=f"金额须大于零且最多两位小数（当前 {amount}）。",
        )
    if succeeded and amount > outstanding:
        raise InvalidInput(
            f"This part ({fmt_money(amount)}) is more than what is still due ({fmt_money(outstanding)}); "
            "take only the outstanding amount.",
            zh=f"本次金额 {fmt_money(amount)} 超过待缴金额 {fmt_money(outstanding)}，请按待缴金额收取。",
        )
    if method in NEEDS_REFERENCE and not reference.strip():
        raise InvalidInput(
            f"Enter the {method.value} reference from the terminal or bank slip.",
            zh=f"请填写{METHOD_NAMES_ZH[method]}凭证号。",
        )


def failure_note(method: Method, amount: Decimal, reason: str) -> str:
    """The 待处理 text for a failed part. A timed-out part may have been charged after all (the
    terminal or the bank answered too late), so the clerk is told to check before taking it again."""
    note = f"{METHOD_NAMES_ZH[method]} {fmt_money(amount)} 失败：{reason}"
    if any(w in reason.lower() for w in ("timeout", "timed out", "超时")):
        note += "（超时：请先在终端或银行核实是否已扣款，确认未扣款后再重新收取，避免重复收费）"
    return note


def failure_note_en(method: Method, amount: Decimal, reason: str) -> str:
    """`failure_note` in English."""
    note = f"{method.value} {fmt_money(amount)} failed: {reason}"
    if any(w in reason.lower() for w in ("timeout", "timed out", "超时")):
        note += (
            " (timed out: check on the terminal or with the bank whether it was charged before "
            "taking it again, so the customer is not charged twice)"
        )
    return note


def new_qr_reference() -> str:
    """The reference printed under the payment QR (and matched when head office confirms it)."""
    return "QR" + secrets.token_hex(6).upper()


def payment_qr_payload(amount: Decimal, reference: str) -> str:
    """What the payment QR encodes: the amount to the fen and the reference the confirmation
    quotes. The insurer's payment gateway defines the real format; this is the placeholder the
    rate table's payment section can replace, and it carries no personal data."""
    return f"CHUDANPAY:1?amount={fmt_money(amount)}&currency=CNY&ref={reference}"


# China has kept one offset all year since 1991, so a fixed UTC+8 names the calendar day §10.2
# counts in without a time-zone database on the desk.
CHINA_TIME = timezone(timedelta(hours=8), "CST")


def china_day(moment: datetime) -> tuple[datetime, datetime]:
    """The calendar day in China time that `moment` falls in, as [start, end) in UTC."""
    local = moment.astimezone(CHINA_TIME)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def cash_earlier_today(
    session: Session,
    *,
    holder_id: int | None = None,
    id_number: str | None = None,
    draft_id: str | None = None,
    now: datetime | None = None,
) -> Decimal:
    """Cash the payer already paid at this desk today (China time): succeeded cash parts on
    policies whose policyholder has the payer's ID number (an endorsement's parts included), on
    open drafts with that policyholder, and on this draft. 实名缴费 makes the
    payer the policyholder, so the policyholder's ID number names the payer. The number is
    matched inside the encrypted store (by the customer row's id, or as a bound parameter) and
    never leaves it in a message or log."""
    start, end = china_day(now or utcnow())
    cash_today = (
        Payment.method == Method.CASH.value,
        Payment.status == "succeeded",
        Payment.amount > ZERO,  # a refund (negative, app/changes) is money paid out, not in
        Payment.created_at >= start,
        Payment.created_at < end,
    )
    number: Any = None
    if holder_id is not None:
        number = select(Customer.id_number).where(Customer.id == holder_id).scalar_subquery()
    elif id_number:
        number = id_number
    matches: list[ColumnElement[bool]] = []
    if number is not None:
        matches.append(
            Payment.policy_id.in_(
                select(Policy.id)
                .join(Customer, Customer.id == Policy.policyholder_id)
                .where(Customer.id_number == number)
            )
        )
        # Parts taken on another open draft of the same policyholder, not yet issued: the
        # wizard saves the policyholder in the draft's JSON, read by SQLite where it lies.
        holder_number = func.json_extract(Draft.data, "$.policyholder.id_number")
        matches.append(
            Payment.policy_id.is_(None)
            & Payment.draft_id.in_(select(Draft.id).where(holder_number == number))
        )
    if draft_id:
        matches.append((Payment.draft_id == draft_id) & Payment.policy_id.is_(None))
    if not matches:
        return ZERO
    amounts = session.execute(select(Payment.amount).where(*cash_today, or_(*matches))).scalars()
    return sum(amounts, ZERO)


def check_rules(
    method: Method,
    amount: Decimal,
    payer_name: str,
    holder_name: str | None,
    *,
    succeeded: bool,
    aml_record: dict[str, Any] | None,
    rules: PaymentRules,
    cash_earlier: Decimal = ZERO,
) -> None:
    """实名缴费 and the large-value cash record: the rules of the table, for any part taken.
    `cash_earlier` is the cash the same payer already paid today (`cash_earlier_today`): the
    record is needed when the day's cash reaches the threshold (§10.2 counts "in a day"), so
    splitting cash over parts or policies does not avoid it."""
    if rules.real_name_required and succeeded:
        if holder_name is None or payer_name.strip() != holder_name.strip():
            raise InvalidInput(
                "The payer must be the policyholder (实名缴费). Ask the policyholder to pay from their own account.",
                zh="缴费人须为投保人本人（实名缴费），请由投保人本人账户支付。",
            )
    if method == Method.CASH and succeeded and not aml_record:
        day_total = cash_earlier + amount
        if aml_needed(day_total, rules):
            raise AmlRecordNeeded(
                aml_message_en(day_total, cash_earlier, rules),
                zh=aml_message_zh(day_total, cash_earlier, rules),
            )


def aml_needed(day_total: Decimal, rules: PaymentRules) -> bool:
    """The one threshold test: the payer's cash today, this part included, at or above the
    table's large-value amount."""
    return day_total >= rules.aml_cash_threshold


def aml_message_en(day_total: Decimal, cash_earlier: Decimal, rules: PaymentRules) -> str:
    why = (
        f" ({fmt_money(cash_earlier)} paid in cash earlier today by the same payer)"
        if cash_earlier > ZERO
        else ""
    )
    return (
        f"The payer's cash today comes to {fmt_money(day_total)}{why}, which reaches the "
        f"large-value amount of {fmt_money(rules.aml_cash_threshold)} a day: fill in the "
        "large-value record (payer's ID document, nationality, occupation, reason) first."
    )


def aml_message_zh(day_total: Decimal, cash_earlier: Decimal, rules: PaymentRules) -> str:
    why = f"（同一缴费人今日已付现金 {fmt_money(cash_earlier)} 元）" if cash_earlier > ZERO else ""
    return (
        f"缴费人今日现金合计 {fmt_money(day_total)} 元{why}，达到单日大额标准 "
        f"{fmt_money(rules.aml_cash_threshold)} 元，须先登记大额交易信息（证件、国籍、职业、事由）。"
    )


class PaymentService:
    def __init__(self, audit: AuditLog, lifecycle: Lifecycle, work_items: WorkItemQueue) -> None:
        self._audit = audit
        self._lifecycle = lifecycle
        self._work_items = work_items

    def record(
        self,
        session: Session,
        actor: CurrentUser,
        policy: Policy,
        *,
        method: Method | str,
        amount: Decimal,
        payer_name: str,
        reference: str = "",
        succeeded: bool = True,
        failure_reason: str = "",
        aml_record: dict[str, Any] | None = None,
        rules: PaymentRules = PaymentRules(),
    ) -> PaymentState:
        """Record one part. Raises InvalidInput (nothing stored) when the part breaks a rule."""
        method = Method(method)
        if State(policy.state) != State.SIGNED:
            raise InvalidInput(
                "Payment is taken after the customer has signed the schedule; go back to review and signature.",
                zh="请先让客户在投保单上签名，再收取保费。",
            )
        check_part(
            method, amount, reference, payment_state(policy).outstanding, succeeded=succeeded
        )
        reference = reference.strip()
        holder = session.get(Customer, policy.policyholder_id) if policy.policyholder_id else None
        check_rules(
            method,
            amount,
            payer_name,
            holder.name if holder else None,
            succeeded=succeeded,
            aml_record=aml_record,
            rules=rules,
            cash_earlier=cash_earlier_today(session, holder_id=policy.policyholder_id)
            if method == Method.CASH and succeeded
            else ZERO,
        )
        payment = Payment(
            method=method.value,
            amount=amount,
            status="succeeded" if succeeded else "failed",
            reference=reference or None,
            payer_name=payer_name.strip(),
            failure_reason=failure_reason or None,
            extra={"aml": aml_record} if aml_record else None,
        )
        policy.payments.append(payment)
        session.flush()
        shown_ref = mask_reference(reference) if reference else ""
        if succeeded:
            self._audit.record(
                session,
                actor.audit_name,
                "payment.succeeded",
                "policy",
                policy.id,
                f"{method.value} {fmt_money(amount)} {shown_ref}".strip(),
            )
        else:
            reason = failure_reason.strip() or "no reason given"
            self._audit.record(
                session,
                actor.audit_name,
                "payment.failed",
                "policy",
                policy.id,
                f"{method.value} {fmt_money(amount)}: {reason}",
            )
            self._work_items.open_item(
                session,
                actor,
                WorkItemKind.PAYMENT_FAILED,
                failure_note(method, amount, reason),
                policy_id=policy.id,
                reason_en=failure_note_en(method, amount, reason),
            )
        state = payment_state(policy)
        if state.complete:
            self._lifecycle.apply(
                session, policy, Event.PAY, actor, f"paid in full {fmt_money(state.total)}"
            )
        return state

    def record_for_draft(
        self,
        session: Session,
        actor: CurrentUser,
        draft_id: str,
        *,
        total: Decimal,
        holder_name: str,
        method: Method | str,
        amount: Decimal,
        payer_name: str = "",
        reference: str = "",
        succeeded: bool = True,
        failure_reason: str = "",
        aml_record: dict[str, Any] | None = None,
        rules: PaymentRules = PaymentRules(),
        holder_id_number: str | None = None,
    ) -> Decimal:
        """Record a part the moment it is taken, before the policy exists (the customer has signed
        the schedule whose premium is `total`). Issuing attaches the parts to the policy. Returns
        what is still due. Raises InvalidInput (nothing stored) when the part breaks a rule."""
        method = Method(method)
        paid = draft_paid(session, draft_id)
        check_part(method, amount, reference, total - paid, succeeded=succeeded)
        payer = payer_name.strip() or holder_name
        check_rules(
            method,
            amount,
            payer,
            holder_name,
            succeeded=succeeded,
            aml_record=aml_record,
            rules=rules,
            cash_earlier=cash_earlier_today(session, id_number=holder_id_number, draft_id=draft_id)
            if method == Method.CASH and succeeded
            else ZERO,
        )
        reference = reference.strip()
        session.add(
            Payment(
                draft_id=draft_id,
                method=method.value,
                amount=amount,
                status="succeeded" if succeeded else "failed",
                reference=reference or None,
                payer_name=payer,
                failure_reason=failure_reason or None,
                extra={"aml": aml_record} if aml_record else None,
            )
        )
        session.flush()
        shown_ref = mask_reference(reference) if reference else ""
        if succeeded:
            self._audit.record(
                session,
                actor.audit_name,
                "payment.succeeded",
                "draft",
                draft_id,
                f"{method.value} {fmt_money(amount)} {shown_ref}".strip(),
            )
            return total - paid - amount
        reason = failure_reason.strip() or "no reason given"
        self._audit.record(
            session,
            actor.audit_name,
            "payment.failed",
            "draft",
            draft_id,
            f"{method.value} {fmt_money(amount)}: {reason}",
        )
        self._work_items.open_item(
            session,
            actor,
            WorkItemKind.PAYMENT_FAILED,
            failure_note(method, amount, reason),
            draft_id=draft_id,
            reason_en=failure_note_en(method, amount, reason),
        )
        return total - paid


def draft_payments(session: Session, draft_id: str) -> list[Payment]:
    """The parts taken for a draft and not yet attached to a policy, oldest first."""
    return list(
        session.execute(
            select(Payment)
            .where(Payment.draft_id == draft_id, Payment.policy_id.is_(None))
            .order_by(Payment.id)
        ).scalars()
    )


def draft_paid(session: Session, draft_id: str) -> Decimal:
    return sum(
        (p.amount for p in draft_payments(session, draft_id) if p.status == "succeeded"), ZERO
    )
