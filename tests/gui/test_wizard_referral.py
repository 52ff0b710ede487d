"""A referred quote stops the wizard until a supervisor, at the clerk's desk with their own
log-in, approves it; then the clerk goes on (the coverage step's referral)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer

from tests.support.desk import HISTORY
from tests.support.examples import POLICY_REQUEST


def test_supervisor_approves_a_referral_at_the_desk(qtbot, gui_ctx, desk_clerk, make_wizard):
    from app.access.permissions import Role
    from ui.wizard.referral_dialog import ReferralDialog

    clerk = desk_clerk
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "lee", "lee-pass-123", Role.SUPERVISOR, "李主管")
    wiz = make_wizard(gui_ctx, clerk)
    wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
    wiz.vehicle.load(
        {**POLICY_REQUEST["vehicle"], "purchase_price": "1200000"}
    )  # own damage ≥ 800,000: referred
    wiz.coverage.load({"plan": "standard", "history": HISTORY})
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    cov = wiz.coverage
    assert cov.quote.underwriting.outcome == "refer" and cov.refer_button.isVisible()
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 2 and "主管" in wiz.problems.text()

    dialog = ReferralDialog("高价值车辆", wiz)

    def decide():
        dialog.username.setText("lee")
        dialog.password.setText("lee-pass-123")
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        assert "审批意见" in dialog.error.text() and dialog.isVisible()  # a decision says why
        dialog.note.setText("已验车，车况良好")
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, decide)
    wiz.ask_supervisor(dialog)
    qtbot.waitUntil(
        lambda: cov.referral is not None and cov.referral.status == "approved", timeout=30_000
    )
    assert "李主管" in cov.decision.text() and not cov.refer_button.isVisible()
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 3


def test_the_same_cover_for_the_same_days_is_refused_in_words_for_the_customer(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    import copy
    from datetime import date, timedelta

    clerk = desk_clerk
    # A month's cover from tomorrow (cover may start at most 90 days ahead, so the test stays
    # within reach of the day after it ends).
    start = date.today() + timedelta(days=1)
    ends = start + timedelta(days=30)
    first = gui_ctx.issuance.issue(
        clerk,
        copy.deepcopy(POLICY_REQUEST)
        | {
            "start_date": start.isoformat(),
            "end_date": ends.isoformat(),
            "payments": [{"method": "cash", "amount": "rest"}],
        },
    )
    wiz = make_wizard(gui_ctx, clerk)
    wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
    wiz.vehicle.load(POLICY_REQUEST["vehicle"])
    wiz.coverage.load(
        {
            "plan": "standard",
            "start_date": (start + timedelta(days=10)).isoformat(),
            "history": HISTORY,
        }
    )  # inside the first policy's month
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    assert (
        first.policy_number in wiz.coverage.decision.text()
        and "不能重复投保" in wiz.coverage.decision.text()
    )
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 2 and "重复投保" in wiz.problems.text()
    wiz.coverage.load(
        {
            "plan": "standard",
            "start_date": (ends + timedelta(days=1)).isoformat(),
            "history": HISTORY,
        }
    )  # the day after it ends
    qtbot.waitUntil(
        lambda: wiz.coverage.quote is not None and not wiz.coverage.duplicate, timeout=30_000
    )
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 3


def test_the_platform_history_the_clerk_enters_floats_ctpl(qtbot, gui_ctx, desk_clerk, make_wizard):
    """docs/regulations.md §1.3: three or more claim-free years are float factor A3; the region's scheme says by how much."""
    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
    wiz.vehicle.load(POLICY_REQUEST["vehicle"])
    no_history = {"ctpl_claim_free_years": 0, "ctpl_at_fault_claims_last_year": 0, "ncd_level": 0}
    wiz.coverage.load({"plan": "basic", "history": no_history})
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    first_year = wiz.coverage.quote
    assert first_year.ctpl.float_rate == 0
    wiz.coverage.claim_free.setText("3")  # as the platform shows it
    wiz.coverage.edited.emit()
    qtbot.waitUntil(lambda: wiz.coverage.quote.ctpl.float_code == "A3", timeout=30_000)
    floated = wiz.coverage.quote
    table = gui_ctx.issuance.tables.newest()
    assert floated.ctpl.float_rate == table.ctpl.schemes[floated.ctpl.scheme]["A3"] < 0
    assert floated.ctpl.premium == (
        first_year.ctpl.premium * (1 + floated.ctpl.float_rate)
    ).quantize(Decimal("0.01"))
    # Claim-free years mean no claim last year: that follows, and is not asked.
    assert wiz.request()["history"] == {
        "ctpl_claim_free_years": 3,
        "ctpl_at_fault_claims_last_year": 0,
        "ncd_level": 0,
    }


def test_custom_covers_are_priced_and_a_rider_without_its_main_cover_is_explained(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
    wiz.vehicle.load(POLICY_REQUEST["vehicle"])
    wiz.coverage.load({"plan": "basic", "history": HISTORY})
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    cov = wiz.coverage
    qtbot.waitUntil(lambda: cov.quote is not None, timeout=30_000)
    qtbot.mouseClick(cov.plan_buttons["custom"], Qt.MouseButton.LeftButton)  # 自选
    custom = cov.custom
    assert custom.isVisible()
    custom.rows["vehicle_damage"][0].setChecked(False)
    custom.rows["scratch"][0].setChecked(True)  # a rider of own damage
    qtbot.waitUntil(lambda: cov.quote is None and "附加险" in cov.decision.text(), timeout=30_000)
    custom.rows["vehicle_damage"][0].setChecked(True)
    limit = custom.rows["scratch"][1]
    limit.setCurrentIndex(limit.findData("5000.00"))
    # Quotes for each click run side by side; what shows is the newest (5,000), never a stale one.
    qtbot.waitUntil(
        lambda: (
            cov.quote is not None
            and any(
                ln.code == "scratch" and ln.limit == Decimal("5000.00") for ln in cov.quote.lines
            )
        ),
        timeout=30_000,
    )
    wiz.tasks.wait_idle()
    assert next(ln for ln in cov.quote.lines if ln.code == "scratch").limit == Decimal("5000.00")
    assert {ln.code for ln in cov.quote.lines} == {"vehicle_damage", "third_party", "scratch"}
    request = wiz.request()
    assert "plan" not in request and {c["code"] for c in request["coverages"]} == {
        "ctpl",
        "vehicle_damage",
        "third_party",
        "scratch",
    }
