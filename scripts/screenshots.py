"""Screenshots of every step of an issuance, and of the other pages, as a clerk sees them on a
1366×768 screen, in Simplified Chinese and in English.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Runs the real window on a throwaway demo desk (its own data directory, deleted afterwards):
the specimen ID card and 行驶证 are read by the real OCR, the customer signs, a payment is taken
and the policy issued. Each picture is <out>/<language>/<nn>-<what>.png; docs/ui.md and the
README show the main ones. Run it again after changing what a page shows."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "tests" / "fixtures" / "specimens" / "images"
SCREEN = (1366, 768)
# A desk's window is maximised on its screen; the title bar and the task bar take the rest.
WINDOW = (SCREEN[0], SCREEN[1] - 48)


def wait_until(condition: Callable[[], object], what: str, timeout_s: float = 120.0) -> None:
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout_s:.0f} s for {what}")
        QTest.qWait(20)


def grab(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(3):  # layouts settle after a language change or a new step
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def shoot(language: str, out: Path) -> None:
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo
    from ui.i18n import install_language
    from ui.login_dialog import FirstAdminDialog
    from ui.main_window import MainWindow

    home = Path(tempfile.mkdtemp(prefix="chudan-shots-"))
    os.environ["CHUDAN_HOME"] = str(home)
    folder = out / ("zh" if language.startswith("zh") else "en")
    try:
        ctx = AppContext.open(home)
        ctx.settings.set_language(language)
        install_language(language)
        first = FirstAdminDialog(ctx)
        first.show()
        first.password.setText("short")
        grab(first, folder / "00-first-administrator.png")
        first.close()
        set_up_demo(ctx)
        clerk = ctx.auth.login("clerk", "demo-clerk-2026")
        window = MainWindow(ctx, clerk)
        window.resize(*WINDOW)
        window.show()
        QTest.qWaitForWindowExposed(window)
        page = window.issue_page
        # 新建投保 is enabled once the outlet is read and the wizard's modules are in.
        wait_until(page.new_button.isEnabled, "新建投保")
        page.new_button.click()
        wiz = page.wizard
        grab(window, folder / "01-new-policy.png")

        # 1. The customer: both sides of the ID card dropped together.
        wiz.scan_files(
            wiz.customer,
            [str(IMAGES / "id-front-101.jpg"), str(IMAGES / "id-back-203-degraded-turn180.jpg")],
        )
        wait_until(lambda: bool(wiz.customer.valid_until), "the ID card")
        wiz.customer.phone.edit.setText("13812345678")
        wiz.customer.email.edit.setText("dong.lei@example.com")
        wiz.customer.phone.edit.textEdited.emit("13812345678")
        grab(window, folder / "02-customer-read.png")
        wiz.customer.consent.setChecked(True)
        wiz.go_next()
        # 2. The vehicle: a licence naming another owner; the clerk adds what it does not print.
        wiz.scan_files(wiz.vehicle, [str(IMAGES / "vehicle-licence-103.jpg")])
        wait_until(lambda: bool(wiz.vehicle.vin.text()), "the vehicle licence")
        grab(window, folder / "03-vehicle-read.png")
        wiz.vehicle.usage.setCurrentIndex(wiz.vehicle.usage.findData("A"))
        wiz.vehicle.usage.activated.emit(wiz.vehicle.usage.currentIndex())
        wiz.vehicle.owner_id.edit.setText("110105198001010016")
        wiz.vehicle.seats.setText("5")
        wiz.vehicle.price.setText("79800")
        wiz.vehicle.displacement.setText("1.5")
        wiz.vehicle.fuel.setCurrentIndex(wiz.vehicle.fuel.findData("petrol"))
        wiz.vehicle.edited.emit()
        grab(window, folder / "04-vehicle-complete.png")
        wiz.go_next()
        grab(window, folder / "05-coverage-platform-record.png")
        wiz.coverage.claim_free.setText("2")
        wiz.coverage.ncd.setText("-1")
        wiz.coverage.edited.emit()
        wait_until(lambda: wiz.coverage.quote is not None and wiz.coverage.totals, "the premium")
        wiz.tasks.wait_idle()
        QApplication.processEvents()
        grab(window, folder / "06-coverage-plans.png")
        wiz.coverage.choose_plan("custom")
        wiz.coverage.edited.emit()
        wiz.coverage.worksheet.show()
        wiz.tasks.wait_idle()
        wait_until(lambda: wiz.coverage.quote is not None, "the custom premium")
        grab(window, folder / "07-coverage-custom-worksheet.png")
        wiz.coverage.worksheet.hide()
        wiz.coverage.choose_plan("standard")
        wiz.coverage.edited.emit()
        wiz.tasks.wait_idle()
        wait_until(lambda: wiz.coverage.quote is not None, "the standard premium")
        wiz.go_next()
        wait_until(lambda: wiz.review.view is not None, "the schedule")
        grab(window, folder / "08-review.png")
        wiz.review.all_checked.click()
        pad = wiz.review.pad
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 80))
        for x, y in ((90, 40), (150, 100), (220, 45), (300, 90)):
            QTest.mouseMove(pad, QPoint(x, y))
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(330, 70))
        grab(window, folder / "09-review-signed.png")
        wiz.go_next()
        wait_until(lambda: wiz.flow.step == "payment" and wiz.payment.total > 0, "the payment step")
        pay = wiz.payment
        pay.method.setCurrentIndex(pay.method.findData("qr"))
        pay.amount.setText("1000.00")
        grab(window, folder / "10-payment-qr.png")
        pay.method.setCurrentIndex(pay.method.findData("cash"))
        pay.amount.setText("1000.00")
        pay.paid_button.click()
        wait_until(lambda: pay.payments, "the first part")
        # A card declined over its limit, as outlets meet it: recorded as failed (it opens a
        # 待处理 item on this draft), then the card pays the rest.
        pay.method.setCurrentIndex(pay.method.findData("card"))
        pay.amount.setText(str(pay.total - pay.paid()))
        pay.reference.setText("T88000999")  # the terminal's slip for the declined attempt
        pay.reason.setText("单笔限额" if language.startswith("zh") else "over the card's limit")
        pay.failed_button.click()
        wait_until(lambda: len(pay.payments) == 2, "the failed part")
        pay.method.setCurrentIndex(pay.method.findData("card"))
        pay.reference.setText("T88001234")
        pay.paid_button.click()
        wait_until(lambda: pay.issue_button.isEnabled(), "the rest")
        grab(window, folder / "11-payment-paid.png")
        pay.issue_button.click()
        wait_until(lambda: wiz.result is not None, "the policy")
        grab(window, folder / "12-issued.png")

        # The other pages.
        window.show_page(1)
        wait_until(lambda: window.pages[1].table.rowCount() > 0, "the policies")
        grab(window, folder / "13-policies.png")
        window.show_page(2)
        wait_until(lambda: window.pages[2].table.rowCount() > 0, "待处理")
        grab(window, folder / "14-waiting.png")
        window.show_page(5)
        wait_until(lambda: window.pages[5].queue.rowCount() > 0, "the sync queue")
        grab(window, folder / "15-sync.png")
        # 报表: the clerk's own figures for this month (today's policy), charts and tables.
        reports = window.pages[3]
        window.show_page(3)
        wait_until(lambda: reports.report is not None, "the figures")
        window.tasks.wait_idle()
        QApplication.processEvents()
        grab(window, folder / "17-reports.png")
        # 单证库: the policy's documents found by its number, the cover note opened.
        archive = window.pages[6]
        window.show_page(6)
        archive.query.setText(wiz.result.policy_number)
        archive.search()
        wait_until(lambda: archive.table.rowCount() > 0, "the documents")
        cover = next((i for i, h in enumerate(archive.hits) if h.category == "cover_note"), 0)
        archive.table.selectRow(cover)
        archive.open_selected()
        QApplication.processEvents()
        grab(window, folder / "18-archive.png")
        # 续保: the example book imported (policies from another system falling due soon).
        admin = ctx.auth.login("admin", "demo-admin-2026")
        ctx.renewals.import_file(admin, ROOT / "resources" / "examples" / "book-import.csv")
        renewals = window.pages[7]
        window.show_page(7)
        renewals.refresh()
        wait_until(lambda: renewals.table.rowCount() > 0, "the renewals")
        window.tasks.wait_idle()
        QApplication.processEvents()
        grab(window, folder / "19-renewals.png")
        page_ = window.issue_page
        window.show_page(0)
        # A second policy begun and then a new one started: the desk asks about the open one.
        page_.new_button.click()
        page_.wizard.customer.name.edit.setText("李娜")
        page_.wizard.customer.name.edit.textEdited.emit("李娜")

        def answer() -> None:
            box = QApplication.activeModalWidget()
            if box is not None:
                grab(box, folder / "16-keep-draft.png")
                box.reject()

        QTimer.singleShot(300, answer)
        page_.new_policy()
        window.tasks.wait_idle()
        window.close()
        window.tasks.wait_idle()
        ctx.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", choices=("zh_CN", "en", "both"), default="both")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("CHUDAN_KEYRING", "off")
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    sys.path.insert(0, str(ROOT))
    from ui.app_main import make_application

    make_application()
    for language in ("zh_CN", "en") if args.language == "both" else (args.language,):
        shoot(language, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
