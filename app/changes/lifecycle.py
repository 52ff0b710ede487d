"""A change's lifecycle: every state change of an endorsement or cancellation goes through
`ChangeLifecycle.apply`, which checks it against the one table below and the actor's permission
and writes the audit event in the caller's transaction (the policy's own lifecycle,
app.issuance.lifecycle, moves the policy when head office confirms).

draft → quoted → (referred → approved | declined) → signed → paid | refunded → bound →
confirmed | rejected; withdrawn before binding. A change that needs no signature, or moves no
money, skips those steps. Editing a quoted, referred, approved or signed change prices it
again (back to quoted): an approval or a signature holds for exactly what was priced."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require
from app.core.errors import ChudanError
from app.core.state_machine import StateMachine


class ChangeState(StrEnum):
    DRAFT = "draft"
    QUOTED = "quoted"
    REFERRED = "referred"  # waits for a supervisor
    APPROVED = "approved"
    DECLINED = "declined"
    SIGNED = "signed"
    PAID = "paid"  # the increase collected in full (见费出单)
    REFUNDED = "refunded"  # the refund recorded, to the policyholder's own account
    BOUND = "bound"  # number drawn, new version in force provisionally, outbox row written
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ChangeEvent(StrEnum):
    QUOTE = "quote"
    REFER = "refer"
    APPROVE = "approve"
    DECLINE = "decline"
    SIGN = "sign"
    PAY = "pay"
    REFUND = "refund"
    BIND = "bind"
    CONFIRM = "confirm"
    REJECT = "reject"
    WITHDRAW = "withdraw"


class RefundState(StrEnum):
    """A refund part (a payment with a negative amount): it waits for head office's total-loss
    check when the refund depends on it, is then requested, and head office pays it."""

    AWAITING_CHECK = "awaiting_check"
    REQUESTED = "requested"
    PAID = "paid"


S, E, P = ChangeState, ChangeEvent, Permission

# Still open: one per policy at a time. Final: confirmed, rejected, declined, withdrawn.
OPEN = frozenset({S.DRAFT, S.QUOTED, S.REFERRED, S.APPROVED, S.SIGNED, S.PAID, S.REFUNDED, S.BOUND})
# Editable: what the customer has not paid or been refunded on yet.
EDITABLE = frozenset({S.DRAFT, S.QUOTED, S.REFERRED, S.APPROVED, S.SIGNED})


STATE_NAMES_ZH = {
    S.DRAFT: "草稿",
    S.QUOTED: "已计算",
    S.REFERRED: "待主管审批",
    S.APPROVED: "主管已批准",
    S.DECLINED: "主管已拒绝",
    S.SIGNED: "客户已签名",
    S.PAID: "已补缴",
    S.REFUNDED: "已登记退费",
    S.BOUND: "已出批单（待确认）",
    S.CONFIRMED: "总公司已确认",
    S.REJECTED: "总公司退回",
    S.WITHDRAWN: "已撤销",
}


class InvalidChangeTransition(ChudanError):
    pass


MACHINE: StateMachine[ChangeState, ChangeEvent, Permission] = StateMachine(
    ChangeState,
    ChangeEvent,
    [
        (S.DRAFT, E.QUOTE, S.QUOTED, P.ISSUE_POLICY),
        (S.QUOTED, E.QUOTE, S.QUOTED, P.ISSUE_POLICY),
        (S.REFERRED, E.QUOTE, S.QUOTED, P.ISSUE_POLICY),
        (S.APPROVED, E.QUOTE, S.QUOTED, P.ISSUE_POLICY),
        (S.SIGNED, E.QUOTE, S.QUOTED, P.ISSUE_POLICY),
        (S.QUOTED, E.REFER, S.REFERRED, P.ISSUE_POLICY),
        (S.REFERRED, E.APPROVE, S.APPROVED, P.DECIDE_REFERRAL),
        (S.REFERRED, E.DECLINE, S.DECLINED, P.DECIDE_REFERRAL),
        (S.QUOTED, E.SIGN, S.SIGNED, P.ISSUE_POLICY),
        (S.APPROVED, E.SIGN, S.SIGNED, P.ISSUE_POLICY),
        (S.SIGNED, E.PAY, S.PAID, P.ISSUE_POLICY),
        (S.SIGNED, E.REFUND, S.REFUNDED, P.ISSUE_POLICY),
        (S.QUOTED, E.BIND, S.BOUND, P.ISSUE_POLICY),  # nothing to sign, nothing to pay
        (S.APPROVED, E.BIND, S.BOUND, P.ISSUE_POLICY),
        (S.SIGNED, E.BIND, S.BOUND, P.ISSUE_POLICY),  # signed, no money either way
        (S.PAID, E.BIND, S.BOUND, P.ISSUE_POLICY),
        (S.REFUNDED, E.BIND, S.BOUND, P.ISSUE_POLICY),
        (S.BOUND, E.CONFIRM, S.CONFIRMED, P.RECORD_HQ_ANSWER),
        (S.BOUND, E.REJECT, S.REJECTED, P.RECORD_HQ_ANSWER),
        *[
            (s, E.WITHDRAW, S.WITHDRAWN, P.ISSUE_POLICY)
            for s in (S.DRAFT, S.QUOTED, S.REFERRED, S.APPROVED, S.DECLINED, S.SIGNED)
        ],
    ],
    names_zh=STATE_NAMES_ZH,
    noun="change",
    noun_zh="批改",
    finished="nothing (it is finished)",
    refusal=InvalidChangeTransition,
    require=require,
    object_type="change",
)
TRANSITIONS = MACHINE.transitions
allowed = MACHINE.allowed
next_state = MACHINE.next_state


class ChangeLifecycle:
    def __init__(self, audit: AuditLog) -> None:
        self._audit = audit

    def apply(
        self, session: Session, change, event: ChangeEvent | str, actor: CurrentUser, note: str = ""
    ) -> ChangeState:
        return MACHINE.apply(self._audit, session, change, event, actor, note)
