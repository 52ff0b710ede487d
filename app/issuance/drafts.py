"""Drafts: an issuance in progress, saved whenever a step is left and while typing (the UI
debounces), so killing the process at any moment loses nothing. A clerk resumes their own
drafts; a supervisor can resume anyone's."""

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
from app.core.errors import InvalidInput, NotFound
from app.core.masking import mask_name
from local_db.models import Document, Draft, User
from local_db.store import Store
from local_db.types import utcnow

STEPS = ("customer", "vehicle", "coverage", "underwriting", "review", "payment", "bind")


@dataclass(frozen=True)
class DraftSummary:
    id: str
    step: str
    created_by: str
    updated_at: datetime
    label: str  # masked: "张** · 京A12345"


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
    if step not in STEPS:
        raise InvalidInput(f"Unknown step {step!r}.")
    draft = _owned(actor, s.get(Draft, draft_id), draft_id)
    if draft.status != "open":
        raise InvalidInput(
            "This draft was already issued or abandoned.", zh="该草稿已出单或已放弃。"
        )
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
        draft_id = str(uuid.uuid4())
        with self._store.write() as s:
            s.add(Draft(id=draft_id, created_by=actor.user_id, step=STEPS[0], data=data or {}))
            self._audit.record(s, actor.audit_name, "draft.create", "draft", draft_id, "")
        return draft_id

    def save(self, actor: CurrentUser, draft_id: str, step: str, data: dict[str, Any]) -> None:
        """Replace the draft's step and data (autosave: not audited, it happens on every pause)."""
        with self._store.write() as s:
            keep_draft(s, actor, draft_id, step, data, self._clock())

    def load(self, actor: CurrentUser, draft_id: str) -> tuple[str, dict[str, Any]]:
        with self._store.read() as s:
            draft = _owned(actor, s.get(Draft, draft_id), draft_id)
            return draft.step, dict(draft.data)

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
        """A scanned photo, kept with the draft together with what was read from it."""
        with self._store.write() as s:
            _owned(actor, s.get(Draft, draft_id), draft_id)
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

    def mark_issued(self, actor: CurrentUser, draft_id: str) -> None:
        with self._store.write() as s:
            _owned(actor, s.get(Draft, draft_id), draft_id).status = "issued"

    def abandon(self, actor: CurrentUser, draft_id: str, reason: str = "") -> None:
        with self._store.write() as s:
            draft = _owned(actor, s.get(Draft, draft_id), draft_id)
            draft.status = "abandoned"
            self._audit.record(s, actor.audit_name, "draft.abandon", "draft", draft_id, reason)
