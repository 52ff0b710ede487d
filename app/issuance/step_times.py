"""The two events issuance times are measured from besides the draft's creation and the bind
(docs/reports.md): a draft saved at another step than before, and a draft opened again after it
sat parked. Written inside the draft's own transaction; never audited (they happen on every
step and are not decisions)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from local_db.models import Draft, DraftEvent


def record_step(s: Session, draft: Draft, step: str, at: datetime, user_id: int | None) -> None:
    """Call before the draft's step is overwritten: a row only when the step changes."""
    if draft.step != step:
        s.add(
            DraftEvent(
                draft_id=draft.id,
                kind="step",
                step=step,
                from_step=draft.step,
                at=at,
                user_id=user_id or None,
            )
        )


def record_resume(s: Session, draft: Draft, at: datetime, user_id: int | None) -> None:
    """The draft is opened to go on with it: from its last save until now it sat parked."""
    s.add(
        DraftEvent(
            draft_id=draft.id,
            kind="resume",
            at=at,
            parked_from=draft.updated_at,
            user_id=user_id or None,
        )
    )
