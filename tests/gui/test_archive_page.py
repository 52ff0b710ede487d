"""The 单证库 page: a clerk finds an issued policy's documents by its number and by three
characters of the scanned ID card's text, opens the cover note inside the window (the PDF's first
page drawn, its text beside it) but not the ID-card image (supervisors only); imports an old paper
policy, which is linked to its policy by number. The file picker is native (no desktop here), so
it is replaced by the files a person would pick."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt

from tests.support.examples import POLICY_REQUEST
from tests.support.paper import text_pdf

ID_CARD_READ = {
    "kind": "id-front",
    "fields": {"name": {"value": "张伟", "confidence": 0.99, "needs_check": False}},
    "text": "姓名张伟\n住址北京市朝阳区建国路88号\n公民身份号码110105198507231238",
}


@pytest.fixture
def issued(gui_ctx, desk_clerk):
    draft = gui_ctx.drafts.create(desk_clerk)
    scan = gui_ctx.drafts.attach_document(
        desk_clerk, draft, "id-front", "id.jpg", b"\xff\xd8\xff not a real jpeg", ID_CARD_READ
    )
    req = copy.deepcopy(POLICY_REQUEST)
    req["draft_id"] = draft
    return gui_ctx.issuance.issue(desk_clerk, req), scan


def _page(qtbot, ctx, user):
    from ui.pages.archive_page import ArchivePage

    page = ArchivePage(ctx, user)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def _search(qtbot, page, text):
    page.query.setText(text)
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    t = page.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def _select(page, category):
    row = next(
        r for r in range(page.table.rowCount()) if page.table.item(r, 1).text().startswith(category)
    )
    page.table.selectRow(row)


def test_a_clerk_finds_and_opens_a_policys_documents(qtbot, gui_ctx, desk_clerk, issued):
    policy, _scan = issued
    page = _page(qtbot, gui_ctx, desk_clerk)
    rows = _search(qtbot, page, policy.policy_number)
    assert sorted(r[1] for r in rows) == ["暂保单", "签名确认", "身份证人像面"]
    assert {r[3] for r in rows} == {policy.policy_number} and {r[5] for r in rows} == {"张*"}
    assert [r[1] for r in _search(qtbot, page, "朝阳区建国")] == ["身份证人像面"]
    _select(page, "身份证人像面")
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert "仅主管和管理员可查看" in page.note.text() and page.text.toPlainText() == ""
    _search(qtbot, page, policy.policy_number)
    _select(page, "暂保单")
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.image.pixmap() is not None and not page.image.pixmap().isNull()
    assert policy.policy_number in page.text.toPlainText().replace(" ", "")
    assert gui_ctx.audit.recent(1)[0].action == "archive.view"


def test_a_supervisor_opens_the_id_card_scan(qtbot, gui_ctx, desk_clerk, issued):
    policy, _scan = issued
    supervisor = gui_ctx.auth.login("admin", "admin-pass-1")
    page = _page(qtbot, gui_ctx, supervisor)
    _search(qtbot, page, "110105198507231238")
    _select(page, "身份证人像面")
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert "朝阳区" in page.text.toPlainText()
    assert page.image.text() == "该文件无法预览。"  # the test scan is not a real JPEG


def test_an_old_paper_policy_is_imported_and_linked(
    qtbot, gui_ctx, desk_clerk, issued, tmp_path, monkeypatch
):
    policy, _scan = issued
    pdf = tmp_path / "old.pdf"
    pdf.write_bytes(text_pdf(["机动车商业保险保险单", f"保险单号 {policy.policy_number}"]))
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"not a scan")
    monkeypatch.setattr(
        "ui.pages.archive_page.QFileDialog.getOpenFileNames",
        lambda *a, **k: ([str(pdf), str(junk)], ""),
    )
    page = _page(qtbot, gui_ctx, desk_clerk)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.note.text().startswith("已导入 1 份，0 份待核对")
    assert "notes.txt" in page.note.text()  # the refused file is named, the other kept
    rows = _search(qtbot, page, policy.policy_number)
    assert "纸质保单（导入）" in {r[1] for r in rows}


def test_a_document_waiting_for_review_is_filed_and_an_administrator_sets_a_retention_period(
    qtbot, gui_ctx, desk_clerk, issued, tmp_path, monkeypatch
):
    policy, _scan = issued
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(text_pdf(["收据", "今收到 保费 人民币 壹仟元整"]))
    monkeypatch.setattr(
        "ui.pages.archive_page.QFileDialog.getOpenFileNames", lambda *a, **k: ([str(receipt)], "")
    )
    page = _page(qtbot, gui_ctx, desk_clerk)
    assert not page.keep_button.isVisibleTo(page)  # clerks do not set retention
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    page.review_only.setChecked(True)
    rows = _search(qtbot, page, "")
    assert [r[1] for r in rows] == ["收据（待核对）"]
    page.table.selectRow(0)
    page.file_category.setCurrentIndex(page.file_category.findData("receipt"))
    page.file_policy.setText(policy.policy_number)
    qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
    assert page.note.text() == "已归档。" and _search(qtbot, page, "") == []
    page.review_only.setChecked(False)
    assert "收据" in {r[1] for r in _search(qtbot, page, policy.policy_number)}

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    settings = _page(qtbot, gui_ctx, admin)
    settings.keep_category.setCurrentIndex(settings.keep_category.findData("id_front"))
    settings.keep_days.setText("三年")
    qtbot.mouseClick(settings.keep_button, Qt.MouseButton.LeftButton)
    assert "天数" in settings.note.text() and gui_ctx.archive.retention() == {}
    settings.keep_days.setText("1095")
    qtbot.mouseClick(settings.keep_button, Qt.MouseButton.LeftButton)
    assert gui_ctx.archive.retention() == {"id_front": 1095}


def test_the_list_is_narrowed_to_the_days_added_and_to_who_added_them(
    qtbot, gui_ctx, desk_clerk, issued
):
    """The clerk's policy left three documents today; the administrator imports an old paper
    policy. The date range keeps or drops today's documents; "added by" keeps one person's."""
    from PySide6.QtCore import QDate

    from app.archive.paper_import import PaperImport

    policy, _scan = issued
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    PaperImport(
        gui_ctx.store, gui_ctx.audit, lambda: pytest.fail("no OCR for a text PDF"), gui_ctx.clock
    ).import_file(
        admin, "old.pdf", text_pdf(["机动车商业保险保险单", f"保险单号 {policy.policy_number}"])
    )
    page = _page(qtbot, gui_ctx, desk_clerk)
    page.refresh()
    assert len(_search(qtbot, page, policy.policy_number)) == 4
    # Added by: anyone, or one of the two people who added documents.
    names = [page.added_by.itemText(i) for i in range(page.added_by.count())]
    assert names[0] == "全部添加人" and len(names) == 3
    page.added_by.setCurrentIndex(page.added_by.findData(admin.user_id))
    assert [r[1] for r in _search(qtbot, page, policy.policy_number)] == ["纸质保单（导入）"]
    page.added_by.setCurrentIndex(page.added_by.findData(desk_clerk.user_id))
    rows = _search(qtbot, page, policy.policy_number)
    assert sorted(r[1] for r in rows) == ["暂保单", "签名确认", "身份证人像面"]
    assert {r[6] for r in rows} == {"clerk"}
    # The days added: the range is used only when ticked, and holds both its ends.
    page.added_by.setCurrentIndex(0)
    today = QDate.fromString(rows[0][0], "yyyy-MM-dd")
    assert not page.date_from.isEnabled()
    qtbot.mouseClick(page.dated, Qt.MouseButton.LeftButton)
    assert page.dated.isChecked() and page.date_from.isEnabled()
    page.date_from.setDate(today.addDays(-7))
    page.date_to.setDate(today.addDays(-1))
    assert _search(qtbot, page, policy.policy_number) == []
    assert _search(qtbot, page, "") == []  # an empty box lists by the filters alone
    page.date_from.setDate(today)
    page.date_to.setDate(today)
    assert len(_search(qtbot, page, policy.policy_number)) == 4
    page.date_from.setDate(today.addDays(1))
    _search(qtbot, page, policy.policy_number)
    assert page.note.text() == "起始日期晚于截止日期，请对调。"
