"""A 批单 filed in the archive belongs to its change transaction: the archive entry carries the
change's id (the link column), the 批单号 finds the 批单 in the one search box (with the
transaction it belongs to), and the policy number still finds it among the policy's documents."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.archive.service import ArchiveService
from local_db.models import ArchiveEntry, Document
from tests.support.changes import policy_request

START = date(2026, 12, 10)


def test_a_filed_endorsement_is_linked_to_its_change_and_found_by_its_number(desk):
    r = desk.ctx.issuance.issue(desk.clerk, policy_request(START, vehicle_plate=None))
    desk.clock.set(START + timedelta(days=30))
    v = desk.ctx.changes.endorse(
        desk.clerk, r.policy_number, {"kind": "plate", "plate": "京A67890"}
    )
    assert v.state == "bound" and v.number
    archive = ArchiveService(desk.ctx.store, desk.ctx.audit, desk.ctx.clock)

    hits = archive.search(desk.clerk, v.number)
    assert [(h.category, h.matched) for h in hits] == [("endorsement", "change")]
    (hit,) = hits
    assert (hit.transaction_ref, hit.change_number) == (v.id, v.number)
    assert hit.filename == f"{v.number}.pdf" and hit.policy_number == r.policy_number
    with desk.ctx.store.read() as s:
        entry = s.get(ArchiveEntry, hit.document_id)
        doc = s.get(Document, hit.document_id)
        assert entry.transaction_ref == doc.change_id == v.id
        # only the change's documents carry the link: the cover note and the rest do not
        linked = s.execute(
            select(ArchiveEntry.document_id).where(ArchiveEntry.transaction_ref.is_not(None))
        ).scalars()
        assert set(linked) == {hit.document_id}
    # The policy number lists the 批单 with the policy's other documents, its number beside it.
    by_policy = archive.search(desk.clerk, r.policy_number)
    assert {h.category for h in by_policy} >= {"cover_note", "endorsement"}
    assert {h.change_number for h in by_policy if h.category == "endorsement"} == {v.number}
    # Six characters of the 批单号 find it in the text as well (the number is indexed in clear).
    assert hit.document_id in {h.document_id for h in archive.search(desk.clerk, v.number[-6:])}
