"""The machinery every lifecycle shares: one table of transitions (source, event) -> target with
the permission each needs, the look-up that refuses an unlisted pair in both languages with what
is possible instead, and applying a transition to a stored object with its audit event in the
caller's transaction. A lifecycle (app.issuance.lifecycle, app.changes.lifecycle) keeps only its
own states, events, table and wording.

Pure: the permission check and the audit log are handed in (app.access sits above app.core), so
this module knows neither a user nor a database session."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from app.core.errors import ChudanError

St = TypeVar("St", bound=StrEnum)
Ev = TypeVar("Ev", bound=StrEnum)
Perm = TypeVar("Perm")


@dataclass(frozen=True)
class Transition(Generic[St, Ev, Perm]):
    source: St
    event: Ev
    target: St
    permission: Perm


class AuditTrail(Protocol):
    """What applying a transition needs of the audit log (app.access.audit.AuditLog)."""

    def record(
        self,
        session: Any,
        actor: str,
        action: str,
        object_type: str = ...,
        object_id: str | int = ...,
        summary: str = ...,
        /,
    ) -> None: ...


class StateMachine(Generic[St, Ev, Perm]):
    """One lifecycle's table and the rule that reads it.

    `noun` / `noun_zh` name the object in refusals ("A policy that is quoted cannot be bound";
    "保单当前状态为…"), `finished` says what a state without a way out is, `refusal` is the error
    class a refused transition raises, `require(actor, permission)` raises when the actor lacks
    the permission, and `object_type` is how the audit log names the object."""

    def __init__(
        self,
        states: type[St],
        events: type[Ev],
        rows: Iterable[tuple[St, Ev, St, Perm]],
        *,
        names_zh: Mapping[St, str],
        noun: str,
        noun_zh: str,
        finished: str,
        refusal: type[ChudanError],
        require: Callable[[Any, Perm], None],
        object_type: str,
    ) -> None:
        self.states, self.events = states, events
        self.transitions: tuple[Transition[St, Ev, Perm], ...] = tuple(
            Transition(src, ev, dst, perm) for src, ev, dst, perm in rows
        )
        self._by_key = {(t.source, t.event): t for t in self.transitions}
        if len(self._by_key) != len(self.transitions):
            raise ValueError(f"the {noun} table lists a (state, event) pair twice")
        self.names_zh = names_zh
        self._noun, self._noun_zh, self._finished = noun, noun_zh, finished
        self._refusal, self._require, self.object_type = refusal, require, object_type

    def allowed(self, state: St | str) -> list[Ev]:
        state = self.states(state)
        return [t.event for t in self.transitions if t.source == state]

    def next_state(self, state: St | str, event: Ev | str, actor: Any) -> St:
        """The state after `event`, or an error that says why not; checks the actor's permission."""
        state, event = self.states(state), self.events(event)
        t = self._by_key.get((state, event))
        if t is None:
            options = ", ".join(e.value for e in self.allowed(state)) or self._finished
            raise self._refusal(
                f"A {self._noun} that is {state.value} cannot be {event.value}d; "
                f"from here it can: {options}.",
                zh=f"{self._noun_zh}当前状态为「{self.names_zh[state]}」，不能执行「{event.value}」。",
            )
        self._require(actor, t.permission)
        return t.target

    def apply(
        self,
        audit: AuditTrail,
        session: Any,
        subject: Any,
        event: Ev | str,
        actor: Any,
        note: str = "",
    ) -> St:
        """Moves `subject` (anything with `.state` and `.id`) by `event` inside the caller's write
        transaction and audits it there, so the state and its event commit or roll back together."""
        before = self.states(subject.state)
        after = self.next_state(before, event, actor)
        subject.state = after.value
        summary = f"{before.value} -> {after.value}" + (f": {note}" if note else "")
        action = f"{self.object_type}.{self.events(event).value}"
        audit.record(session, actor.audit_name, action, self.object_type, subject.id, summary)
        return after
