"""The review shows exactly what is signed and printed (one schedule builder): the passengers' seats
as the cover note prints them, the ID number masked with its last digits for the customer to read
out, or shown whole on request (audited). The checklist and the signature hold for the schedule
they were given for: when anything signed changes, they go and the customer checks again."""

from __future__ import annotations

import json
import subprocess

from PySide6.QtCore import Qt

from tests.support.desk import (
    EXAMPLE,
    clerk_at_demo_outlet,
    main_window,
    new_policy,
    sign,
    to_review,
)
from tests.support.screenshots import shot


def test_the_review_shows_what_is_printed_and_lets_the_customer_check_the_id_number(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    to_review(qtbot, wiz)
    review = wiz.review
    number = EXAMPLE["policyholder"]["id_number"]
    text = review.schedule.toPlainText()
    assert "10,000.00 × 4 座" in text  # the passengers' seats, as the PDF prints them
    assert "非营运（A）" in text and number not in text
    assert number[:3] + "*" * 11 + number[-4:] in text
    assert number[-4:] in review.id_hint.text() and "末四位" in review.id_hint.text()
    shot(w, "review-masked")

    qtbot.mouseClick(review.reveal, Qt.MouseButton.LeftButton)  # the customer asks to see it whole
    qtbot.waitUntil(lambda: number in review.schedule.toPlainText())
    assert review.reveal.text() == "隐藏完整证件号"
    reveal = gui_ctx.audit.recent(5)
    assert any(e.action == "draft.reveal" and e.object_id == wiz.draft_id for e in reveal)
    assert all(number not in e.summary for e in reveal)  # the audit says what, not the number
    qtbot.mouseClick(review.reveal, Qt.MouseButton.LeftButton)
    assert number not in review.schedule.toPlainText()

    # Signed and issued: the cover note prints the same rows the review showed.
    qtbot.mouseClick(review.all_checked, Qt.MouseButton.LeftButton)
    sign(qtbot, review.pad)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.payment.paid_button.isEnabled(), timeout=30_000)
    qtbot.mouseClick(wiz.payment.paid_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wiz.payment.issue_button.isEnabled, timeout=30_000)
    qtbot.mouseClick(wiz.payment.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.result is not None, timeout=60_000)
    printed = subprocess.run(
        ["pdftotext", "-layout", str(wiz.result.pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for view_line in review.view.covers:
        assert view_line.amount.zh in printed and view_line.name.zh in printed
    w.tasks.wait_idle()


def test_the_checklist_and_signature_go_when_what_is_signed_changes(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    to_review(qtbot, wiz)
    review = wiz.review
    qtbot.mouseClick(review.all_checked, Qt.MouseButton.LeftButton)
    sign(qtbot, review.pad)
    assert all(cb.isChecked() for cb in review.checks) and not review.pad.is_empty()

    # Back to the coverage, the start moved a month: what the customer checked is not this.
    qtbot.mouseClick(wiz.back, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 2
    wiz.coverage.start.setDate(wiz.coverage.start.date().addMonths(1))
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None and not wiz.flow.facts.quoting)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == 3)
    assert not any(cb.isChecked() for cb in review.checks) and review.pad.is_empty()
    shot(w, "review-unticked-after-a-change")

    # Ticked again; then what would be signed changes while the review is open (head office's
    # answer brings another table, say): the ticks go at once.
    qtbot.mouseClick(review.all_checked, Qt.MouseButton.LeftButton)
    sign(qtbot, review.pad)
    held = wiz.flow.data["review"]["checked_for"]
    assert held and all(cb.isChecked() for cb in review.checks)
    wiz.flow.data["policyholder"]["phone"] = "13900001111"  # a new phone on the schedule
    wiz.requote()
    qtbot.waitUntil(lambda: not any(cb.isChecked() for cb in review.checks), timeout=30_000)
    assert review.pad.is_empty() and "复核清单" in json.dumps(
        [p.zh for p in wiz.flow.problems()], ensure_ascii=False
    )
    w.tasks.wait_idle()
