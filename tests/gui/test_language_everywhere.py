"""The language applies everywhere and at once: switching to English with a policy open changes
the wizard then and there (steps, drop-downs, plans, the premium table, the worksheet, the
schedule), 待处理's kinds and reasons follow; in Chinese, Qt's own buttons and dialogs are
Chinese too. Errors reach the clerk in their language with what to do; raw exceptions only in
the log."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from tests.support.desk import clerk_at_demo_outlet, fill_to_coverage, main_window, new_policy
from tests.support.screenshots import shot

CJK = re.compile(r"[\u4e00-\u9fff]")


def _switch(qtbot, w, lang: str) -> None:
    settings = w.pages[4]
    settings.language.setCurrentIndex(settings.language.findData(lang))
    qtbot.waitUntil(lambda: w.nav.item(0).text() == ("New policy" if lang == "en" else "新建投保"))


def test_switching_to_english_changes_the_open_wizard_at_once(qtbot, gui_ctx):
    from app.work_items.queue import WorkItemKind

    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    fill_to_coverage(qtbot, wiz)
    with gui_ctx.store.write() as s:
        gui_ctx.work_items.open_item(
            s,
            clerk,
            WorkItemKind.PAYMENT_FAILED,
            "刷卡 3000.00 失败：单笔限额",
            reason_en="card 3000.00 failed: over the card's limit",
        )
    w.show_page(4)
    _switch(qtbot, w, "en")
    w.show_page(0)
    cov = wiz.coverage
    assert wiz.next.text() == "Next" and "Coverage" in wiz.header.text()
    assert (
        cov.plan_buttons["basic"].text().startswith("Basic")
        and "yuan" in cov.plan_buttons["basic"].text()
    )
    names = [cov.breakdown.item(r, 0).text() for r in range(cov.breakdown.rowCount())]
    assert names[0] == "CTPL (compulsory)" and names[-1] == "Total to pay"
    assert not any(CJK.search(n) for n in names)  # cover names in English too
    worksheet = cov.worksheet.toPlainText()
    assert worksheet and not CJK.search(worksheet)
    assert "family_car" not in worksheet and "region 11" not in worksheet
    assert "family car" in worksheet and "Beijing" in worksheet
    assert cov.decision.text() == "Underwriting: pass"
    usage = [wiz.vehicle.usage.itemText(i) for i in range(wiz.vehicle.usage.count())]
    classes = [wiz.vehicle.vclass.itemText(i) for i in range(wiz.vehicle.vclass.count())]
    assert "A non-operating" in usage and "family car" in classes
    assert not any(CJK.search(t) for t in usage + classes)
    assert wiz.vehicle.usage.currentData() == "A"  # the choice kept, only its name changed
    labels = wiz.customer.form.labelForField(wiz.customer.name).text()
    assert labels == "Policyholder's name"
    shot(w, "language-english-coverage")

    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == 3 and wiz.review.view is not None)
    schedule = wiz.review.schedule.toPlainText()
    assert "Proposal" in schedule and "Policyholder" in schedule and "non-operating (A)" in schedule
    assert "limits by part" in schedule and "Insured at fault" in schedule and "seats" in schedule
    assert "180,000.00" in schedule  # the statutory limits in figures, as the paper prints them
    shot(w, "language-english-review")

    w.show_page(2)
    page = w.pages[2]
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    row = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert "payment failed" in row and "card 3000.00 failed: over the card's limit" in row
    assert not any(CJK.search(t) for t in row)

    _switch(qtbot, w, "zh_CN")  # and back, as at once
    assert wiz.next.text() == "下一步" and "投保单" in wiz.review.schedule.toPlainText()
    w.tasks.wait_idle()


def test_in_chinese_qts_own_buttons_and_dialogs_are_chinese_too(qtbot, gui_ctx):
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    from ui.login_dialog import FirstAdminDialog, LoginDialog
    from ui.wizard.aml_dialog import AmlDialog

    aml = AmlDialog("60000.00", payer_id="110105198507231238")
    qtbot.addWidget(aml)
    buttons = [b.text() for b in aml.findChildren(QPushButton)]
    assert buttons == ["登记", "取消"]
    login = LoginDialog(gui_ctx)
    qtbot.addWidget(login)
    assert sorted(b.text() for b in login.findChildren(QPushButton)) == ["登录", "退出"]
    first = FirstAdminDialog(gui_ctx)
    qtbot.addWidget(first)
    assert "8" in first.rule.text() and "密码至少" in first.rule.text()  # before it is broken
    assert first.language.currentData() == "zh_CN"  # the first person chooses the language too
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    assert "打开(&O)" in [b.text() for b in dialog.findChildren(QPushButton)]
    assert any("文件名" in label.text() for label in dialog.findChildren(QLabel))


def test_an_error_the_window_did_not_expect_is_one_line_in_the_clerks_language(caplog):
    from app.core.errors import InvalidInput
    from ui.operations import error_text

    assert error_text(InvalidInput("Bad.", zh="有误。"), "zh_CN") == "有误。"
    with caplog.at_level("ERROR"):
        text = error_text(KeyError("policy_id"), "zh_CN")
    assert "请重试" in text and "policy_id" not in text and "KeyError" not in text
    assert "KeyError" in caplog.text  # the whole of it is in the log
    assert "try again" in error_text(KeyError("policy_id"), "en")


def test_provisioning_at_an_address_that_does_not_answer_says_what_to_do(qtbot, gui_ctx):
    from ui.main_window import MainWindow

    w = MainWindow(gui_ctx, gui_ctx.auth.login("admin", "admin-pass-1"))
    qtbot.addWidget(w)
    w.show()
    w.show_page(5)
    page = w.pages[5]
    page.url.setText("http://127.0.0.1:9")  # nothing listens there
    page.code.setText("ABCD-EFGH-JKLM")
    page.region.setText("110000")
    qtbot.mouseClick(page.provision_online, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.provision_online.isEnabled(), timeout=60_000)
    text = page.provision_message.text()
    assert "无法连接总公司" in text and "检查" in text
    assert "Errno" not in text and "Connection" not in text and "http" not in text
    w.tasks.wait_idle()
