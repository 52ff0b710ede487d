"""After head office confirms (docs/regulations.md §8.2: the outlet binds, head office confirms):
the formal policy PDF with the confirmation code replaces the cover note, and the e-policy is
released to the customer (e-mail when we have an address, else a text message), queued until it can
go.

Runs after the transaction that recorded the confirmation (sync calls it with the confirmed
policy ids); running it twice for a policy does nothing the second time."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select

from app.access.audit import AuditLog
from app.core.print_folder import PRINT_FOLDER, clear_print_folder, write_atomically
from app.delivery.service import DeliveryService
from app.documents.policy_pdf import render_policy_pdf
from app.issuance.lifecycle import State
from app.issuance.schedule import build_schedule
from app.rating.installed import InstalledTables
from local_db.models import Customer, Document, Policy
from local_db.store import Store

log = logging.getLogger(__name__)

# The print folder's functions are also found here, where they lived first.
__all__ = [
    "COVER_NOTE_KIND",
    "FORMAL_KIND",
    "PRINT_FOLDER",
    "FormalPolicies",
    "clear_print_folder",
    "policy_pdf_path",
    "write_atomically",
]

FORMAL_KIND = "policy"
COVER_NOTE_KIND = "cover_note"


def policy_pdf_path(home: Path, number: str, kind: str) -> Path:
    suffix = "cover-note" if kind == COVER_NOTE_KIND else "policy"
    return home / PRINT_FOLDER / f"{number}-{suffix}.pdf"


class FormalPolicies:
    def __init__(
        self, store: Store, audit: AuditLog, home: Path, deliveries: DeliveryService
    ) -> None:
        self._store = store
        self._audit = audit
        self._home = home
        self._deliveries = deliveries

    def pending(self) -> list[str]:
        """Confirmed policies whose formal PDF is not made yet (a crash after the confirmation
        was stored, say): each sync run releases them too, so none is left behind."""
        with self._store.read() as s:
            done = select(Document.policy_id).where(
                Document.kind == FORMAL_KIND, Document.policy_id.is_not(None)
            )
            return list(
                s.execute(
                    select(Policy.id).where(
                        Policy.state == State.CONFIRMED.value, Policy.id.not_in(done)
                    )
                ).scalars()
            )

    def release(self, policy_ids: list[str]) -> list[Path]:
        """Render and store the formal policy of each confirmed policy and queue its e-policy."""
        written = []
        for policy_id in policy_ids:
            with self._store.write() as s:
                policy = s.get(Policy, policy_id)
                if (
                    policy is None
                    or State(policy.state) != State.CONFIRMED
                    or not policy.policy_number
                ):
                    continue
                done = s.execute(
                    select(Document.id).where(
                        Document.policy_id == policy_id, Document.kind == FORMAL_KIND
                    )
                ).first()
                if done is not None:
                    continue
                number = policy.policy_number
                pdf = render_policy_pdf(
                    build_schedule(s, policy, FORMAL_KIND, InstalledTables(self._home))
                )
                doc = Document(
                    kind=FORMAL_KIND,
                    policy_id=policy_id,
                    mime_type="application/pdf",
                    filename=policy_pdf_path(self._home, number, FORMAL_KIND).name,
                    content=pdf,
                )
                s.add(doc)
                s.flush()
                holder = s.get(Customer, policy.policyholder_id)
                channel, address = (
                    ("email", holder.email)
                    if holder is not None and holder.email
                    else (
                        ("sms", holder.phone) if holder is not None and holder.phone else ("", "")
                    )
                )
                if channel:
                    self._deliveries.queue(s, policy_id, channel, address, doc.id)
                self._audit.record(
                    s,
                    "sync",
                    "policy.formal_issued",
                    "policy",
                    policy_id,
                    f"{number} confirmation {policy.confirmation_code or ''}"
                    + (
                        f", e-policy queued by {channel}"
                        if channel
                        else ", no e-mail or phone for the e-policy"
                    ),
                )
            # Written after the commit: the store is the record, the file a convenience copy.
            path = policy_pdf_path(self._home, number, FORMAL_KIND)
            write_atomically(path, pdf)
            written.append(path)
            log.info("formal policy %s written", number)
        return written
