"""What prices a policy comes from the customer, a document or the platform, never from the window:
the vehicle's price, displacement, fuel, seats and class and the platform's claim-free years and
NCD level start empty, say where they came from when a document gave them, and hold "next" until
given. The coverage step then shows the three plans side by side with their prices and the
premium as a table (CTPL, each cover, the subtotal, the vehicle tax collected with it, the total)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from app.core.money import fmt_amount
from tests.support.clerk import Clerk, wait_until
from tests.support.desk import (
    EXAMPLE,
    HISTORY,
    IMAGES,
    clerk_at_demo_outlet,
    fill_to_coverage,
    main_window,
    new_policy,
)
from tests.support.screenshots import shot


def test_nothing_that_prices_the_policy_is_filled_in_by_the_window(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    wiz.customer.load({**EXAMPLE["policyholder"], "consent": True})
    wiz.go_next()
    v = wiz.vehicle
    assert (v.price.text(), v.displacement.text(), v.seats.text()) == ("", "", "")
    assert v.fuel.currentIndex() == -1 and v.usage.currentIndex() == -1
    assert v.vclass.currentIndex() == -1
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    problems = wiz.problems.text()
    for asked in ("新车购置价", "排量", "燃料", "核定载人数", "使用性质", "车辆类别"):
        assert asked in problems, asked
    assert wiz.stack.currentIndex() == 1
    shot(w, "vehicle-nothing-assumed")

    # The licence gives what it prints, each marked so; its second page gives the seats. What no
    # document prints (price, displacement, fuel) is still asked for.
    hand = Clerk()
    hand.drop(v.scan_status, IMAGES / "vehicle-licence-204-degraded-turn0.jpg")
    wait_until(lambda: bool(v.vin.text()), 120, "the licence")
    assert v.plate.badge.text() == "行驶证" and v.usage.currentData() == "A"
    # 中型普通客车: a bus of 10–19 seats is no family car; the type suggests the class, and says so.
    assert v.vclass.currentData() == "enterprise_passenger"
    assert v.class_source.text() == "按车辆类型建议"
    hand.drop(v.scan_status, IMAGES / "vehicle-licence-back-106.jpg")
    wait_until(lambda: "正在识别" not in v.scan_status.text(), 120, "the second page")
    hand.stop()
    # This second page is another car's (another plate): it fills nothing, and says so.
    assert "不是" in v.scan_status.text() and v.seats.text() == ""
    v.owner_id.edit.setText("110105198001010016")
    v.seats.setText("5")
    v.edited.emit()
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 1 and "新车购置价" in wiz.problems.text()
    v.price.setText("168000")
    v.displacement.setText("1.5")
    v.fuel.setCurrentIndex(v.fuel.findData("petrol"))
    v.edited.emit()
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 2

    # The platform's record: empty, and "next" waits for it.
    cov = wiz.coverage
    assert (cov.claim_free.text(), cov.ncd.text()) == ("", "")
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert "无赔年数" in wiz.problems.text() and "NCD" in wiz.problems.text()
    assert wiz.stack.currentIndex() == 2
    # Nothing is priced from an assumed record: no premium, no plan prices, and it says why.
    wiz.tasks.wait_idle()
    assert cov.quote is None and cov.totals == {} and wiz.summary.premium.text() == "尚未报价"
    assert all("元" not in b.text() for b in cov.plan_buttons.values())
    shot(w, "coverage-platform-record-asked")
    request = wiz.request()
    assert request["vehicle"]["purchase_price"] == "168000" and request["history"] == {}
    w.tasks.wait_idle()


def test_the_three_plans_side_by_side_and_the_premium_as_a_table(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    wiz = new_policy(qtbot, w)
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    qtbot.waitUntil(lambda: set(cov.totals) == {"ctpl_only", "basic", "standard", "full"})
    # Each plan's price is on its button; the standard plan is chosen and priced as shown.
    for code in ("ctpl_only", "basic", "standard", "full"):
        assert fmt_amount(cov.totals[code]) in cov.plan_buttons[code].text()
    assert cov.plan_buttons["standard"].isChecked()
    assert cov.quote.total == cov.totals["standard"]
    assert (
        cov.totals["ctpl_only"] < cov.totals["basic"] < cov.totals["standard"] < cov.totals["full"]
    )
    rows = [
        [cov.breakdown.item(r, c).text() for c in range(3)] for r in range(cov.breakdown.rowCount())
    ]
    names = [r[0] for r in rows]
    assert names[0] == "交强险" and rows[0][1] == "依法定限额"
    assert "商业险小计" in names and names[-1] == "应缴合计"
    tax = next(r for r in rows if r[0].startswith("代收车船税"))
    assert "非保费" in tax[0]  # the tax is labelled as tax
    lines = rows[1 : names.index("商业险小计")]
    assert {r[0] for r in lines} == {ln.name_zh for ln in cov.quote.lines}
    assert any("座" in r[1] for r in lines)  # passengers: per seat × seats
    total = sum(
        Decimal(r[2].replace(",", "")) for r in rows if r[0] not in ("商业险小计", "应缴合计")
    )
    assert total == Decimal(rows[-1][2].replace(",", "")) == cov.quote.total
    shot(w, "coverage-plans-side-by-side")

    # The customer compares and picks the basic plan: its price is what is charged.
    qtbot.mouseClick(cov.plan_buttons["basic"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cov.quote is not None and cov.quote.total == cov.totals["basic"])
    assert fmt_amount(cov.totals["basic"]) in wiz.summary.premium.text()
    assert wiz.request()["plan"] == "basic"
    assert wiz.request()["history"] == {**HISTORY, "ctpl_at_fault_claims_last_year": 0}
    w.tasks.wait_idle()
