"""The policy lifecycle: every state change goes through `LifecycleService.apply`, which checks
the transition against the one table below, the actor's permission, and writes the audit event
in the same transaction. The UI never sets a state itself.

draft → quoted → (referred → approved | declined) → signed → paid → bound → confirmed | rejected,
later endorsed, cancelled, expired, renewed (docs/architecture.md, docs/regulations.md §8.2: the
outlet *binds*, head office *confirms*).

There is no "change" event: a change after signing never moves a policy back. Until bind the
signature lives with the draft (app.issuance.signing), and taking money or issuing refuses a
schedule that is not the signed one; a referral decision holds for exactly what was priced, so
a changed quote simply has no decision yet."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require
from app.core.errors import ChudanError
from app.core.state_machine import StateMachine


class State(StrEnum):
    DRAFT = "draft"
    QUOTED = "quoted"
    REFERRED = "referred"
    APPROVED = "approved"
    DECLINED = "declined"
    SIGNED = "signed"
    PAID = "paid"
    BOUND = "bound"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    ENDORSED = "endorsed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    RENEWED = "renewed"


class Event(StrEnum):
    QUOTE = "quote"  # priced (again) after any change to what is priced
    REFER = "refer"  # underwriting asks a person
    APPROVE = "approve"
    DECLINE = "decline"
    SIGN = "sign"  # the customer signed the schedule: it is frozen from here
    PAY = "pay"  # paid in full (见费出单)
    BIND = "bind"  # number drawn, cover note printed, outbox row written
    CONFIRM = "confirm"  # head office accepted (confirmation code)
    REJECT = "reject"  # head office refused (reason → exception queue)
    RESUBMIT = "resubmit"  # a rejected policy corrected and bound again
    ENDORSE = "endorse"
    CANCEL = "cancel"
    EXPIRE = "expire"
    RENEW = "renew"


S, E, P = State, Event, Permission

STATE_NAMES_ZH = {
    S.DRAFT: "草稿",
    S.QUOTED: "已报价",
    S.REFERRED: "待核保",
    S.APPROVED: "核保通过",
    S.DECLINED: "拒保",
    S.SIGNED: "已签名",
    S.PAID: "已缴费",
    S.BOUND: "已出单（待确认）",
    S.CONFIRMED: "已确认",
    S.REJECTED: "总公司退回",
    S.ENDORSED: "已批改",
    S.CANCELLED: "已退保",
    S.EXPIRED: "已到期",
    S.RENEWED: "已续保",
}


class InvalidTransition(ChudanError):
    pass


# The one table. (source, event) -> target, and who may do it.
MACHINE: StateMachine[State, Event, Permission] = StateMachine(
    State,
    Event,
    [
        (S.DRAFT, E.QUOTE, S.QUOTED, P.ISSUE_POLICY),
        (S.QUOTED, E.QUOTE, S.QUOTED, P.ISSUE_POLICY),
        (S.QUOTED, E.REFER, S.REFERRED, P.ISSUE_POLICY),
        (S.QUOTED, E.DECLINE, S.DECLINED, P.ISSUE_POLICY),  # the rules declined it outright
        (S.REFERRED, E.APPROVE, S.APPROVED, P.DECIDE_REFERRAL),
        (S.REFERRED, E.DECLINE, S.DECLINED, P.DECIDE_REFERRAL),
        (S.QUOTED, E.SIGN, S.SIGNED, P.ISSUE_POLICY),
        (S.APPROVED, E.SIGN, S.SIGNED, P.ISSUE_POLICY),
        (S.SIGNED, E.PAY, S.PAID, P.ISSUE_POLICY),
        (S.PAID, E.BIND, S.BOUND, P.ISSUE_POLICY),
        (S.BOUND, E.CONFIRM, S.CONFIRMED, P.RECORD_HQ_ANSWER),  # head office's answer, via sync
        (S.BOUND, E.REJECT, S.REJECTED, P.RECORD_HQ_ANSWER),
        (S.REJECTED, E.RESUBMIT, S.BOUND, P.DECIDE_REFERRAL),
        (S.CONFIRMED, E.ENDORSE, S.ENDORSED, P.ISSUE_POLICY),
        (S.ENDORSED, E.ENDORSE, S.ENDORSED, P.ISSUE_POLICY),
        (S.CONFIRMED, E.CANCEL, S.CANCELLED, P.DECIDE_REFERRAL),
        (S.ENDORSED, E.CANCEL, S.CANCELLED, P.DECIDE_REFERRAL),
        (S.CONFIRMED, E.EXPIRE, S.EXPIRED, P.ISSUE_POLICY),
        (S.ENDORSED, E.EXPIRE, S.EXPIRED, P.ISSUE_POLICY),
        (S.CONFIRMED, E.RENEW, S.RENEWED, P.ISSUE_POLICY),
        (S.ENDORSED, E.RENEW, S.RENEWED, P.ISSUE_POLICY),
        (S.EXPIRED, E.RENEW, S.RENEWED, P.ISSUE_POLICY),
    ],
    names_zh=STATE_NAMES_ZH,
    noun="policy",
    noun_zh="保单",
    finished="nothing (a final state)",
    refusal=InvalidTransition,
    require=require,
    object_type="policy",
)
TRANSITIONS = MACHINE.transitions
allowed_events = MACHINE.allowed
next_state = MACHINE.next_state


class Lifecycle:
    """Applies transitions to anything with a `.state` and an `.id` (the Policy model), inside
    the caller's write transaction, and audits each one."""

    def __init__(self, audit: AuditLog) -> None:
        self._audit = audit

    def apply(
        self, session: Session, policy, event: Event | str, actor: CurrentUser, note: str = ""
    ) -> State:
        return MACHINE.apply(self._audit, session, policy, event, actor, note)
