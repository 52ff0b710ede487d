"""Protocol v1's endorsement and cancellation uploads (docs/changes.md): the outlet sends each
bound change once per outbox row, keyed by the change's permanent id; head office prices it again
from the version *it* holds and answers accepted (with a confirmation code, and for a
cancellation the refund it owes), duplicate (the first answer again) or rejected with a reason
code. Kept beside sync/protocol.py so the policy intake's shapes are untouched.

Reason codes of a rejected change (stable strings the outlet branches on):

- stale_version: the change was made on a version that is no longer current at head office;
  `missed` carries the changes the outlet does not have, so it can record them and redo the
  change on the current version;
- premium_mismatch: head office's difference or refund differs by at least one fen;
- hash_mismatch, changed_content, invalid_content: as for policies;
- policy_cancelled: the policy was cancelled as a whole before this change;
- number_outside_range: the 批单号 is not one the uploading device may have drawn (another outlet's
  or device's, or no 批单号 at all), as for policy numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from sync.protocol import API_PREFIX, MAX_BATCH_ITEMS, _Model, content_hash

CHANGES_PATH = f"{API_PREFIX}/changes/batch"
# The outlet asks which of its requested refunds head office has paid (docs/sync.md).
REFUNDS_PATH = f"{API_PREFIX}/changes/refunds"

CHANGE_REJECT_REASONS = (
    "stale_version",
    "premium_mismatch",
    "hash_mismatch",
    "changed_content",
    "invalid_content",
    "policy_cancelled",
    "number_outside_range",
)


class ChangeUploadItem(_Model):
    kind: Literal["endorsement", "cancellation"]
    change_id: UUID  # the outlet's permanent id: head office stores each once, forever
    policy_id: UUID
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    content: dict[str, Any]  # the outbox row as the outlet bound it (app.changes.service)

    def hash_matches(self) -> bool:
        return content_hash(self.content) == self.content_hash


class ChangeBatch(_Model):
    items: list[ChangeUploadItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class ChangeOutcome(_Model):
    change_id: UUID
    outcome: Literal["accepted", "duplicate", "rejected", "retry"]
    confirmation_code: str = ""
    reason_code: str = ""
    reason: str = ""
    version: int | None = None  # the version the change made at head office
    refund: str | None = None  # a cancellation: what head office owes the policyholder
    total_losses: list[str] = []  # covers that paid a total loss: nothing refunded for them
    missed: list[dict[str, Any]] = []  # stale_version: the changes the outlet lacks, in order


class ChangeBatchResult(_Model):
    results: list[ChangeOutcome]


class RefundQuery(_Model):
    """The changes whose refund the outlet has requested and not yet seen paid."""

    change_ids: list[UUID] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class RefundPaid(_Model):
    change_id: UUID
    number: str  # 批单号
    amount: str  # what head office paid, a decimal string
    reference: str  # finance's payment reference
    paid_at: datetime


class RefundAnswer(_Model):
    """Only the refunds paid, and only of changes the asking device may have drawn (its 批单号
    range): the others are still owed, or not this device's to know."""

    paid: list[RefundPaid]
