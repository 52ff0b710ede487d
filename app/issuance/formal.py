"""After head office confirms (docs/regulations.md §8.2: the outlet binds, head office confirms):
the formal policy PDF with the confirmation code replaces the cover note, and the e-policy is
released to the customer (e-mail when we have an address, else a text message), queued until it can
go.

Runs after the transaction that recorded the confirmation (sync calls it with the confirmed
policy ids); running it twice for a policy does nothing the second time."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import select

from app.access.audit import AuditLog
from app.delivery.service import DeliveryService
from app.documents.policy_pdf import render_policy_pdf
from app.issuance.lifecycle import State
from app.issuance.schedule import build_schedule
from local_db.models import Customer, Document, Policy
from local_db.store import Store

log = logging.getLogger(__name__)

FORMAL_KIND = "policy"
COVER_NOTE_KIND = "cover_note"


# The store keeps every PDF, encrypted with it. A viewer or a printer needs a plain file, so PDFs
# are written out on demand into one folder, readable by the user alone, that the window empties
# when it starts and when it closes: a lost machine does not carry a folder of schedules.
PRINT_FOLDER = "print"
_LEGACY_FOLDER = "policies"  # where earlier versions kept them for good


def policy_pdf_path(home: Path, number: str, kind: str) -> Path:
    suffix = "cover-note" if kind == COVER_NOTE_KIND else "policy"
    return home / PRINT_FOLDER / f"{number}-{suffix}.pdf"


def write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    tmp.replace(path)


def clear_print_folder(home: Path) -> int:
    """Remove the PDFs written out for viewing or printing (they are all in the store). A file a
    viewer still holds open (Windows) stays until the next time. Returns how many went."""
    removed = 0
    for folder in (home / PRINT_FOLDER, home / _LEGACY_FOLDER):
        for path in [*folder.glob("*.pdf"), *folder.glob("*.partial")]:
            try:
                path.unlink()
                removed += 1
            except OSError as exc:
                log.info("print folder: %s stays for now (%s)", path.name, exc.strerror)
    return removed


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
                pdf = render_policy_pdf(build_schedule(s, policy, FORMAL_KIND))
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
