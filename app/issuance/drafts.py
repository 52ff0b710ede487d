"""Drafts: an issuance in progress, saved whenever a step is left and while typing (the UI
debounces), so killing the process at any moment loses nothing. A clerk resumes their own
drafts; a supervisor can resume anyone's. The steps are the issuance flow's
(app/issuance/flow.py)."""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission
from app.core.changes import Changes
from app.core.errors import InvalidInput, NotFound
from app.core.masking import mask_name
from app.issuance.step_times import record_resume, record_step
from app.issuance.steps import OLD_STEPS
from app.issuance.steps import STEPS as FLOW_STEPS
from local_db.models import Document, Draft, User
from local_db.store import Store
from local_db.types import utcnow

STEPS = FLOW_STEPS


@dataclass(frozen=True)
class DraftSummary:
    id: str
    step: str
    created_by: str
    updated_at: datetime
    label: str  # masked: "张** · 京A12345"


# A new issuance opened in the wizard: the start of its issuance time (app.figures.timing).
START_EVENT = "issuance.start"


def new_draft_id() -> str:
    """Made by whoever starts a draft (the window, before anything is stored)."""
    return str(uuid.uuid4())


def _label(data: dict[str, Any]) -> str:
    name = ((data.get("policyholder") or data.get("customer") or {}).get("name") or "").strip()
    plate = ((data.get("vehicle") or {}).get("plate") or "").strip()
    return " · ".join(p for p in (mask_name(name) if name else "", plate) if p) or "—"


def _owned(actor: CurrentUser, draft: Draft | None, draft_id: str) -> Draft:
    """A clerk has their own drafts; a supervisor anyone's."""
    if draft is None or (
        draft.created_by != actor.user_id and not actor.can(Permission.VIEW_ALL_EXCEPTIONS)
    ):
        raise NotFound(f"There is no draft {draft_id} for you.", zh="找不到该草稿。")
    return draft


def keep_draft(
    s: Session, actor: CurrentUser, draft_id: str, step: str, data: dict[str, Any], at: datetime
) -> Draft:
    """Replace an open draft's step and data in the caller's write transaction (a draft saved
    with the signature the customer gives on it is stored in the same write)."""
    step = OLD_STEPS.get(step, step)
    if step not in STEPS:
        raise InvalidInput(f"Unknown step {step!r}.")
    draft = _owned(actor, s.get(Draft, draft_id), draft_id)
    if draft.status != "open":
        raise InvalidInput(
            "This draft was already issued or abandoned.", zh="该草稿已出单或已放弃。"
        )
    record_step(s, draft, step, at, actor.user_id)  # the issuance time's steps
    draft.step = step
    draft.data = data
    draft.updated_at = at
    return draft


class DraftService:
    def __init__(
        self, store: Store, audit: AuditLog, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock

    def create(self, actor: CurrentUser, data: dict[str, Any] | None = None) -> str:
        draft_id = new_draft_id()
        with self._store.write() as s:
            self._create(s, actor, draft_id, STEPS[0], data or {})
        return draft_id

    def _create(
        self, s: Session, actor: CurrentUser, draft_id: str, step: str, data: dict[str, Any]
    ) -> Draft:
        now = self._clock()  # the start of the issuance time (docs/reports.md)
        draft = Draft(
            id=draft_id,
            created_by=actor.user_id,
            step=step,
            data=data,
            created_at=now,
            updated_at=now,
        )
        s.add(draft)
        self._audit.record(s, actor.audit_name, "draft.create", "draft", draft_id, "")
        return draft

    def start(self, actor: CurrentUser, draft_id: str) -> None:
        """The wizard opened a new issuance under the id it made (new_draft_id): audited as
        START_EVENT on that id, before the draft has a row (it gets one at its first save, 0.7 s
        after the first edit). The issuance time starts here (docs/reports.md)."""
        try:
            draft_id = str(uuid.UUID(draft_id))
        except ValueError as exc:
            raise InvalidInput(f"{draft_id[:40]!r} is not a draft id.") from exc
        with self._store.write() as s:
            self._audit.record(s, actor.audit_name, START_EVENT, "draft", draft_id, "")

    def save(self, actor: CurrentUser, draft_id: str, step: str, data: dict[str, Any]) -> Changes:
        """Replace the draft's step and data (autosave: not audited, it happens on every pause).
        The first save of an id the window made creates the draft (audited), so the window need
        not wait for the store before its first save."""
        with self._store.write() as s:
            if s.get(Draft, draft_id) is None:
                self._create(s, actor, draft_id, OLD_STEPS.get(step, step), data)
            keep_draft(s, actor, draft_id, step, data, self._clock())
        return Changes(drafts=True)

    def load(self, actor: CurrentUser, draft_id: str) -> tuple[str, dict[str, Any]]:
        """Open a draft to go on with it (the time it sat parked is kept for the reports)."""
        with self._store.write() as s:
            draft = _owned(actor, s.get(Draft, draft_id), draft_id)
            if draft.status == "open":
                record_resume(s, draft, self._clock(), actor.user_id)
            return OLD_STEPS.get(draft.step, draft.step), dict(draft.data)

    def list_open(self, actor: CurrentUser) -> list[DraftSummary]:
        with self._store.read() as s:
            q = (
                select(Draft, User.username)
                .join(User, User.id == Draft.created_by)
                .where(Draft.status == "open")
            )
            if not actor.can(Permission.VIEW_ALL_EXCEPTIONS):
                q = q.where(Draft.created_by == actor.user_id)
            rows = s.execute(q.order_by(Draft.updated_at.desc())).all()
            return [
                DraftSummary(d.id, d.step, who, d.updated_at, _label(d.data)) for d, who in rows
            ]

    def attach_document(
        self,
        actor: CurrentUser,
        draft_id: str,
        kind: str,
        filename: str,
        content: bytes,
        extracted: dict[str, Any] | None,
    ) -> int:
        """A scanned photo, kept with the draft together with what was read from it (the draft
        is created if the window has not saved it yet)."""
        with self._store.write() as s:
            found = s.get(Draft, draft_id)
            if found is None:
                found = self._create(s, actor, draft_id, STEPS[0], {})
            _owned(actor, found, draft_id)
            doc = Document(
                kind=kind,
                draft_id=draft_id,
                mime_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
                filename=filename,
                content=content,
                extracted=extracted,
            )
            s.add(doc)
            s.flush()
            return doc.id

    def mark_issued(self, actor: CurrentUser, draft_id: str) -> Changes:
        with self._store.write() as s:
            _owned(actor, s.get(Draft, draft_id), draft_id).status = "issued"
        return Changes(drafts=True)

    def abandon(self, actor: CurrentUser, draft_id: str, reason: str = "") -> Changes:
        with self._store.write() as s:
            draft = s.get(Draft, draft_id)
            if draft is None:
                return Changes()  # never saved: nothing to abandon
            draft = _owned(actor, draft, draft_id)
            draft.status = "abandoned"
            self._audit.record(s, actor.audit_name, "draft.abandon", "draft", draft_id, reason)
        return Changes(drafts=True)

    def reveal_for_review(self, actor: CurrentUser, draft_id: str, what: str) -> Changes:
        """The clerk shows the customer the full ID number they typed or scanned, so the customer
        can check it against their card at the review: audited, like every reveal."""
        with self._store.write() as s:
            _owned(actor, s.get(Draft, draft_id), draft_id)
            self._audit.record(
                s,
                actor.audit_name,
                "draft.reveal",
                "draft",
                draft_id,
                f"{what} shown to the customer",
            )
        return Changes()
