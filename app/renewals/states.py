"""The renewal funnel's states and the one table of moves between them (docs/renewals.md).

due (应续) → contacted (已联系) → quoted (已报价) → renewed (已续) | lost (流失, with a reason).
A renewal is found, never declared: the desk marks a row renewed when a policy for the same
vehicle is bound here (app.renewals.book). A row marked lost is kept, with its reason; a supervisor
can reopen it, and a renewal bound later still counts."""

from __future__ import annotations

from enum import StrEnum

from app.core.errors import InvalidInput


class RenewalState(StrEnum):
    DUE = "due"
    CONTACTED = "contacted"
    QUOTED = "quoted"
    RENEWED = "renewed"
    LOST = "lost"
    # Not a renewal at all: the policy itself was cancelled, or head office rejected it. Outside
    # the funnel (a cancelled policy does not fall due).
    VOID = "void"


class RenewalEvent(StrEnum):
    CONTACT = "contact"  # the customer was reached
    QUOTE = "quote"  # the customer was given a price
    RENEW = "renew"  # a policy for the vehicle was bound here (the desk finds it)
    LOSE = "lose"  # the customer goes elsewhere, sold or scrapped the car, cannot be reached
    REOPEN = "reopen"  # a row marked lost by mistake, or the customer came back
    # The desk's own bookkeeping when a policy changes at head office or is cancelled:
    VOID = "void"  # this policy was cancelled or rejected
    RESTORE = "restore"  # a rejected policy corrected and bound again
    UNRENEW = "unrenew"  # the renewal itself was cancelled or rejected


class LostReason(StrEnum):
    SWITCHED = "switched"  # 转保: renewed with another insurer
    SOLD = "sold"
    SCRAPPED = "scrapped"
    UNREACHABLE = "unreachable"
    OTHER = "other"


class CallOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    CALL_BACK = "call_back"  # reached; asked to be called again
    WRONG_NUMBER = "wrong_number"


S, E = RenewalState, RenewalEvent
OPEN_STATES = (S.DUE, S.CONTACTED, S.QUOTED)

TRANSITIONS: dict[tuple[RenewalState, RenewalEvent], RenewalState] = {
    (S.DUE, E.CONTACT): S.CONTACTED,
    (S.CONTACTED, E.CONTACT): S.CONTACTED,
    (S.QUOTED, E.CONTACT): S.QUOTED,  # a call after the quote keeps it quoted
    (S.DUE, E.QUOTE): S.QUOTED,
    (S.CONTACTED, E.QUOTE): S.QUOTED,
    (S.QUOTED, E.QUOTE): S.QUOTED,
    (S.DUE, E.RENEW): S.RENEWED,
    (S.CONTACTED, E.RENEW): S.RENEWED,
    (S.QUOTED, E.RENEW): S.RENEWED,
    (S.LOST, E.RENEW): S.RENEWED,  # the customer came back after all
    (S.DUE, E.LOSE): S.LOST,
    (S.CONTACTED, E.LOSE): S.LOST,
    (S.QUOTED, E.LOSE): S.LOST,
    (S.LOST, E.REOPEN): S.DUE,
    (S.RENEWED, E.UNRENEW): S.QUOTED,
    **{(st, E.VOID): S.VOID for st in (S.DUE, S.CONTACTED, S.QUOTED, S.RENEWED, S.LOST)},
    (S.VOID, E.RESTORE): S.DUE,
}

STATE_NAMES: dict[RenewalState, tuple[str, str]] = {
    S.DUE: ("应续", "due"),
    S.CONTACTED: ("已联系", "contacted"),
    S.QUOTED: ("已报价", "quoted"),
    S.RENEWED: ("已续", "renewed"),
    S.LOST: ("流失", "lost"),
    S.VOID: ("已作废", "void"),
}
LOST_REASON_NAMES: dict[LostReason, tuple[str, str]] = {
    LostReason.SWITCHED: ("转保", "renewed with another insurer"),
    LostReason.SOLD: ("已售车", "vehicle sold"),
    LostReason.SCRAPPED: ("已报废", "vehicle scrapped"),
    LostReason.UNREACHABLE: ("联系不上", "cannot be reached"),
    LostReason.OTHER: ("其他", "other"),
}
CALL_OUTCOME_NAMES: dict[CallOutcome, tuple[str, str]] = {
    CallOutcome.REACHED: ("已接通", "reached"),
    CallOutcome.NO_ANSWER: ("未接听", "no answer"),
    CallOutcome.CALL_BACK: ("约定回电", "call back later"),
    CallOutcome.WRONG_NUMBER: ("号码有误", "wrong number"),
}


def next_state(state: RenewalState | str, event: RenewalEvent | str) -> RenewalState:
    """The state after `event`, or a message that says why not and what can be done."""
    state, event = RenewalState(state), RenewalEvent(event)
    target = TRANSITIONS.get((state, event))
    if target is None:
        zh, en = STATE_NAMES[state]
        options = [e.value for (s, e) in TRANSITIONS if s == state]
        raise InvalidInput(
            f"A renewal that is {en} cannot take '{event.value}'"
            + (f"; from here: {', '.join(options)}." if options else " (it is closed)."),
            zh=f"该续保状态为「{zh}」，不能执行此操作。",
        )
    return target


def lost_reason(value: str) -> LostReason:
    """A reason given by name (switched, sold, ...) or as the clerk reads it (转保, 已售车, ...)."""
    text = value.strip()
    for reason, (zh, en) in LOST_REASON_NAMES.items():
        if text in (reason.value, zh, en):
            return reason
    names = ", ".join(r.value for r in LostReason)
    raise InvalidInput(
        f"There is no reason {text[:20]!r} for a lost renewal; choose one of {names}.",
        zh="流失原因须为：" + "、".join(zh for zh, _ in LOST_REASON_NAMES.values()) + "。",
    )
