"""Idempotent policy intake: each item is judged and stored on its own, so one bad item
never blocks the others, and a resend is answered from what is already stored."""

from __future__ import annotations

import json
import secrets

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hq.models import IntakeEvent, Policy
from sync.protocol import ItemOutcome, PolicyBatch, PolicyUploadItem


def _confirmation_code() -> str:
    # Stands in for the national platform's 投保确认码.
    return "QR" + secrets.token_hex(8).upper()


def _rejected(item: PolicyUploadItem, code: str, message: str) -> ItemOutcome:
    return ItemOutcome(policy_id=item.policy_id, outcome="rejected", reason_code=code, reason=message)


def _judge(session: Session, device_id: str, item: PolicyUploadItem) -> ItemOutcome:
    pid = str(item.policy_id)
    existing = session.get(Policy, pid)
    if existing is not None:
        if existing.content_hash == item.content_hash:
            session.add(IntakeEvent(policy_id=pid, device_id=device_id, outcome="duplicate",
                                    content_hash=item.content_hash))
            return ItemOutcome(policy_id=item.policy_id, outcome="duplicate",
                               confirmation_code=existing.confirmation_code,
                               reason="duplicate, already accepted")
        session.add(IntakeEvent(policy_id=pid, device_id=device_id, outcome="rejected",
                                reason_code="changed_content", content_hash=item.content_hash))
        return _rejected(item, "changed_content",
                         "This policy id was already accepted with different content; the change is "
                         "flagged for head office. Issue an endorsement instead of editing the policy.")
    if item.kind != "policy":
        return _rejected(item, "unsupported_kind", f"Head office does not take {item.kind} uploads yet.")
    if not item.hash_matches():
        return _rejected(item, "hash_mismatch",
                         "The content does not match its hash; the outlet must re-send it unchanged.")
    try:
        content = item.parsed()
    except ValidationError as exc:
        return _rejected(item, "invalid_content", f"The policy content is invalid: {exc.error_count()} problem(s).")
    code = _confirmation_code()
    session.add(Policy(policy_id=pid, content_hash=item.content_hash, device_id=device_id,
                       policy_number=content.policy_number, confirmation_code=code,
                       content_json=json.dumps(item.content, ensure_ascii=False)))
    return ItemOutcome(policy_id=item.policy_id, outcome="accepted", confirmation_code=code)


def receive_batch(factory: sessionmaker[Session], device_id: str, batch: PolicyBatch) -> list[ItemOutcome]:
    results: list[ItemOutcome] = []
    for item in batch.items:
        for attempt in range(2):
            session = factory()
            try:
                outcome = _judge(session, device_id, item)
                if outcome.outcome == "rejected" and outcome.reason_code != "changed_content":
                    # changed_content already wrote its own flagged event in _judge.
                    session.add(IntakeEvent(policy_id=str(item.policy_id), device_id=device_id,
                                            outcome="rejected", reason_code=outcome.reason_code,
                                            content_hash=item.content_hash))
                session.commit()
                results.append(outcome)
                break
            except OperationalError:
                # The database is busy or briefly away: this item alone is retried later by the outlet.
                session.rollback()
                results.append(ItemOutcome(policy_id=item.policy_id, outcome="retry",
                                           reason="Head office database busy; send this item again later."))
                break
            except IntegrityError:
                # Another upload of the same id committed between our read and write: judge again
                # against what it stored.
                session.rollback()
                if attempt == 1:
                    results.append(ItemOutcome(policy_id=item.policy_id, outcome="retry",
                                               reason="Busy; send this item again later."))
            finally:
                session.close()
    return results
