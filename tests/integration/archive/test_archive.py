"""The archive (电子化单证, docs/archive.md): every document the desk keeps is found from one box,
exactly by number or name through keyed digests (never a clear ID number in the index), by any
three characters of its text; ID-card images open only for the roles that may see them, every
opening audited, and are purged after their retention period; old paper documents are imported,
linked when their numbers match, else wait for review."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from app.archive.paper_import import PaperImport
from app.archive.service import ArchiveService, SearchFilter
from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.desk.context import AppContext
from tests.support.examples import POLICY_REQUEST
from tests.support.outlet import demo_clerk
from tests.support.paper import text_pdf
from tests.support.report_month import BEIJING, Clock

ID_NUMBER = "110105198507231238"
PHONE = "13812345678"

# What the OCR reader gives for the example customer's ID card (the shape of DocumentResult).
ID_CARD_READ = {
    "kind": "id-front",
    "fields": {
        "name": {"value": "张伟", "confidence": 0.99, "needs_check": False},
        "id_number": {"value": ID_NUMBER, "confidence": 0.99, "needs_check": False},
        "address": {"value": "北京市朝阳区建国路88号", "confidence": 0.95, "needs_check": False},
    },
    "text": f"姓名张伟\n性别男民族汉\n住址北京市朝阳区建国路88号\n公民身份号码{ID_NUMBER}",
}


@pytest.fixture
def desk(seeded_home):
    clock = Clock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    ctx = AppContext.open(seeded_home, clock=clock)
    clerk = demo_clerk(ctx)
    draft = ctx.drafts.create(clerk)
    scan = ctx.drafts.attach_document(
        clerk, draft, "id-front", "id.jpg", b"\xff\xd8\xff fake jpeg", ID_CARD_READ
    )
    req = copy.deepcopy(POLICY_REQUEST)
    req["draft_id"] = draft
    issued = ctx.issuance.issue(clerk, req)
    assert issued.state == "bound"
    archive = ArchiveService(ctx.store, ctx.audit, ctx.clock, tz=BEIJING)
    yield ctx, clock, clerk, archive, issued, scan
    ctx.close()


def _numbers(hits):
    return {h.category for h in hits}


def test_a_policy_number_finds_every_document_of_the_policy(desk):
    ctx, _clock, clerk, archive, issued, _scan = desk
    hits = archive.search(clerk, issued.policy_number)
    assert _numbers(hits) == {"cover_note", "signed_schedule", "id_front"}
    assert {h.matched for h in hits} == {"policy"}
    assert all(h.policy_number == issued.policy_number and h.holder == "张*" for h in hits)


@pytest.mark.parametrize(
    ("query", "matched"),
    [
        (ID_NUMBER, "id_number"),
        (PHONE, "phone"),
        ("张伟", "name"),
        ("京A12345", "plate"),
        ("京a 12345", "plate"),  # typed loosely: normalised before hashing
        ("LSVCC6A45PN123456", "vin"),
    ],
)
def test_exact_numbers_and_names_find_the_documents(desk, query, matched):
    _ctx, _clock, clerk, archive, _issued, _scan = desk
    hits = archive.search(clerk, query)
    assert _numbers(hits) == {"cover_note", "signed_schedule", "id_front"}
    assert {h.matched for h in hits} == {matched}


def test_three_characters_of_the_text_find_a_scan(desk):
    _ctx, _clock, clerk, archive, _issued, scan = desk
    hits = archive.search(clerk, "朝阳区建国路")
    assert [h.document_id for h in hits] == [scan]
    assert hits[0].matched == "text"
    partial_vin = archive.search(clerk, "PN12345")
    assert scan in {h.document_id for h in partial_vin}


def test_no_clear_id_number_or_phone_in_the_index(desk):
    ctx, _clock, clerk, archive, _issued, _scan = desk
    archive.search(clerk, "anything")  # indexes what waits
    with ctx.store.read() as s:
        assert (
            s.execute(
                text("SELECT count(*) FROM archive_fts WHERE archive_fts MATCH :q"),
                {"q": '"98507231"'},
            ).scalar()
            == 0
        )
        assert (
            s.execute(
                text("SELECT count(*) FROM archive_fts WHERE archive_fts MATCH :q"),
                {"q": '"23456781"'},  # inside the phone
            ).scalar()
            == 0
        )
        digests = {r[0] for r in s.execute(text("SELECT digest FROM archive_key"))}
        shadow = b"".join(
            r[0] or b"" for r in s.execute(text("SELECT block FROM archive_fts_data"))
        )
    assert ID_NUMBER not in digests and ID_NUMBER.encode() not in shadow
    assert "1105198507231238"[:8].encode() not in shadow


def test_filters_by_category_date_and_clerk(desk):
    ctx, _clock, clerk, archive, issued, scan = desk
    only = archive.search(clerk, issued.policy_number, SearchFilter(category="id_front"))
    assert [h.document_id for h in only] == [scan]
    day = only[0].doc_date  # the day it was stored, at the desk
    assert archive.search(clerk, "", SearchFilter(date_from=day + timedelta(days=1))) == []
    assert len(archive.search(clerk, "", SearchFilter(date_from=day, date_to=day))) == 3
    assert archive.search(clerk, "", SearchFilter(date_to=day - timedelta(days=1))) == []
    assert len(archive.search(clerk, "", SearchFilter(clerk_id=clerk.user_id))) == 3
    assert archive.search(clerk, "", SearchFilter(clerk_id=clerk.user_id + 99)) == []


def test_id_card_images_open_only_for_supervisors_and_every_opening_is_audited(desk):
    ctx, _clock, clerk, archive, issued, scan = desk
    with pytest.raises(PermissionDenied):
        archive.open(clerk, scan)
    cover = next(
        h for h in archive.search(clerk, issued.policy_number) if h.category == "cover_note"
    )
    opened = archive.open(clerk, cover.document_id)
    assert opened.content.startswith(b"%PDF") and opened.mime_type == "application/pdf"
    supervisor = ctx.auth.login("supervisor", "demo-super-2026")
    image = archive.open(supervisor, scan)
    assert image.content == b"\xff\xd8\xff fake jpeg" and "朝阳区" in image.text
    views = [e for e in ctx.audit.recent(10) if e.action == "archive.view"]
    assert [(e.actor, e.object_id) for e in views] == [
        ("supervisor", str(scan)),
        ("clerk", str(cover.document_id)),
    ]
    assert ctx.audit.verify().ok


def test_id_card_images_are_purged_after_their_retention_period(desk):
    ctx, clock, clerk, archive, _issued, scan = desk
    admin = ctx.auth.login("admin", "demo-admin-2026")
    with pytest.raises(PermissionDenied):
        archive.set_retention(clerk, "id_front", 30)
    with pytest.raises(InvalidInput, match="1 to 36,500"):
        archive.set_retention(admin, "id_front", 0)
    archive.set_retention(admin, "id_front", 30)
    # The desk stamps a document with the wall clock; its age counts from that local day.
    day = next(h for h in archive.search(clerk, ID_NUMBER) if h.document_id == scan).doc_date
    clock.at(f"{day + timedelta(days=30)} 23:59")
    assert archive.purge_expired() == 0  # 30 days old: still within its period
    clock.at(f"{day + timedelta(days=31)} 00:01")
    assert archive.purge_expired() == 1
    supervisor = ctx.auth.login("supervisor", "demo-super-2026")
    with pytest.raises(NotFound, match="purged"):
        archive.open(supervisor, scan)
    assert scan not in {h.document_id for h in archive.search(clerk, ID_NUMBER)}
    assert archive.search(clerk, "朝阳区建国路") == []
    purge = next(e for e in ctx.audit.recent(5) if e.action == "archive.purge")
    assert purge.actor == "retention" and "1 id_front" in purge.summary
    with ctx.store.read() as s:
        content, extracted = s.execute(
            text("SELECT content, extracted FROM document WHERE id = :id"), {"id": scan}
        ).one()
    assert content == b"" and extracted is None
    # Other categories have no period: the cover note is kept.
    assert {h.category for h in archive.search(clerk, "京A12345")} == {
        "cover_note",
        "signed_schedule",
    }


def test_an_imported_paper_policy_is_linked_when_its_number_matches(desk):
    ctx, _clock, clerk, archive, issued, _scan = desk
    importer = PaperImport(
        ctx.store, ctx.audit, lambda: pytest.fail("no OCR for a text PDF"), ctx.clock, BEIJING
    )
    pdf = text_pdf(
        ["机动车商业保险保险单", f"保险单号 {issued.policy_number}", "被保险人 张伟"],
        ["第二页 特别约定", "无"],
    )
    got = importer.import_file(clerk, "old-policy.pdf", pdf)
    assert (got.category, got.pages, got.policy_number, got.review) == (
        "paper_policy",
        2,
        issued.policy_number,
        False,
    )
    hits = archive.search(clerk, "特别约定")
    assert [h.document_id for h in hits] == [got.document_id]
    assert got.document_id in {h.document_id for h in archive.search(clerk, "京A12345")}


def test_a_paper_document_matching_nothing_waits_for_review_until_filed(desk):
    ctx, _clock, clerk, archive, issued, _scan = desk
    importer = PaperImport(ctx.store, ctx.audit, lambda: pytest.fail("no OCR"), ctx.clock, BEIJING)
    got = importer.import_file(
        clerk, "receipt.pdf", text_pdf(["收据", "今收到 保费 人民币 壹仟元整", "经办 李四"])
    )
    assert (got.category, got.review, got.policy_number) == ("receipt", True, None)
    waiting = archive.search(clerk, "", SearchFilter(review_only=True))
    assert [h.document_id for h in waiting] == [got.document_id]
    with pytest.raises(NotFound):
        archive.link(clerk, got.document_id, "receipt", "NOSUCHPOLICY1")
    archive.link(clerk, got.document_id, "receipt", issued.policy_number)
    assert archive.search(clerk, "", SearchFilter(review_only=True)) == []
    assert got.document_id in {h.document_id for h in archive.search(clerk, issued.policy_number)}
    assert ctx.audit.recent(1)[0].action == "archive.file"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"just text", "neither a PDF nor a photo"),
        ("empty.pdf", b"", "is empty"),
        ("broken.pdf", b"%PDF-1.7 this is not a pdf", "not a readable PDF"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_in_one_line(desk, name, content, message):
    ctx, _clock, clerk, archive, _issued, _scan = desk
    importer = PaperImport(ctx.store, ctx.audit, lambda: pytest.fail("no OCR"), ctx.clock, BEIJING)
    before = len(archive.search(clerk, ""))
    with pytest.raises(InvalidInput, match=message) as err:
        importer.import_file(clerk, name, content)
    assert "\n" not in str(err.value) and err.value.zh != err.value.message
    assert len(archive.search(clerk, "")) == before


def test_the_purge_runs_after_every_sync_run(desk):
    ctx, clock, clerk, archive, _issued, scan = desk
    admin = ctx.auth.login("admin", "demo-admin-2026")
    archive.set_retention(admin, "id_front", 30)
    ctx.after_confirmation([])  # the sync worker's hook: nothing is old enough yet
    assert scan in {h.document_id for h in archive.search(clerk, ID_NUMBER)}
    clock.now += timedelta(days=40)
    ctx.after_confirmation([])
    assert scan not in {h.document_id for h in archive.search(clerk, ID_NUMBER)}
    assert any(e.action == "archive.purge" for e in ctx.audit.recent(5))
