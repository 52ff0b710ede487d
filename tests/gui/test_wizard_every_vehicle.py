"""The wizard issues what the request model accepts, not only cars: the 行驶证's vehicle type
suggests the class (and says it is a suggestion), the step shows what that kind of vehicle is
priced and taxed by (a truck's approved load and curb weight, a trailer's flag, a motorcycle's
engine size; app/issuance/vehicle_inputs.py) and asks for nothing a car would need and it does not
(seats, displacement). The start date cannot be set before the earliest start the rating rules
allow (no back-dating)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QDate, Qt

from tests.support.desk import EXAMPLE, HISTORY, clerk_at_demo_outlet, main_window, new_policy
from tests.support.screenshots import shot

# A semi-trailer as its licence reads: no seats, no displacement (tests/integration: it issues
# at 30 % of an 8 t truck's CTPL).
TRAILER = {
    **EXAMPLE["vehicle"],
    "plate": None,
    "usage": "F",
    "class": None,
    "seats": None,
    "displacement_l": None,
    "fuel": "diesel",
    "purchase_price": "98000",
    "owner_name": EXAMPLE["policyholder"]["name"],
}


def _to_vehicle(qtbot, gui_ctx):
    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk, (1366, 720))
    wiz = new_policy(qtbot, w)
    wiz.customer.load({**EXAMPLE["policyholder"], "consent": True})
    wiz.go_next()
    assert wiz.stack.currentIndex() == 1, wiz.problems.text()
    return wiz


def _type_vehicle_type(v, text: str) -> None:
    """As typed through the input method (QTest types no Chinese), then the field left."""
    v.vtype.edit.setText(text)
    v.vtype.edit.textEdited.emit(text)
    v.vtype.edit.editingFinished.emit()


def test_a_trailer_is_asked_for_its_load_and_weight_and_priced_as_a_share_of_its_truck(
    qtbot, gui_ctx
):
    wiz = _to_vehicle(qtbot, gui_ctx)
    v = wiz.vehicle
    v.load(TRAILER)
    _type_vehicle_type(v, "重型普通半挂车")
    # The type suggests an operating truck (usage F) and a trailer, each marked as suggested.
    assert v.vclass.currentData() == "op_truck" and v.class_source.text() == "按车辆类型建议"
    assert v.type_inputs["trailer"].isChecked()
    shown = {k for k, w in v.type_inputs.items() if v.form.isRowVisible(w)}
    assert shown == {"tonnage", "curb_weight_t", "trailer", "mini_truck"}  # no engine size
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    problems = wiz.problems.text()
    assert wiz.stack.currentIndex() == 1
    assert "核定载质量" in problems and "整备质量" in problems
    assert "核定载人数" not in problems and "排量" not in problems  # a car's, not a trailer's
    assert v.type_inputs["tonnage"].hasFocus()  # the cursor where the work is
    shot(wiz, "vehicle-trailer-asks-load")

    qtbot.keyClicks(v.type_inputs["tonnage"], "8")
    qtbot.keyClicks(v.type_inputs["curb_weight_t"], "7.5")
    # the message goes once its cause is put right (keys are taken on the next turn)
    qtbot.waitUntil(lambda: wiz.problems.text() == "", timeout=2_000)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 2, wiz.problems.text()
    wiz.coverage.load({"plan": "basic", "history": HISTORY})
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    q = wiz.coverage.quote
    # 营业货车 of 8 t: 3,450 × 30 % = 1,035.00 before the float; the tax half a truck's.
    assert q.ctpl.base_premium == Decimal("1035.00")
    assert q.vehicle_tax is not None and q.vehicle_tax.total == Decimal("360.00")
    sent = wiz.request()["vehicle"]
    assert (sent["tonnage"], sent["curb_weight_t"], sent["trailer"]) == ("8", "7.5", True)


def test_a_motorcycle_is_asked_for_its_engine_size_and_nothing_a_car_needs(qtbot, gui_ctx):
    wiz = _to_vehicle(qtbot, gui_ctx)
    v = wiz.vehicle
    v.load({**TRAILER, "usage": "A", "fuel": "petrol", "purchase_price": "12800"})
    _type_vehicle_type(v, "普通二轮摩托车")
    assert v.vclass.currentData() == "motorcycle"
    shown = {k for k, w in v.type_inputs.items() if v.form.isRowVisible(w)}
    assert shown == {"cc"}
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    problems = wiz.problems.text()
    assert "排量（毫升）" in problems and "核定载质量" not in problems
    assert "核定载人数" not in problems and "请填写排量（升）" not in problems
    qtbot.keyClicks(v.type_inputs["cc"], "125")
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 2, wiz.problems.text()
    assert wiz.request()["vehicle"]["cc"] == 125 and "tonnage" not in wiz.request()["vehicle"]


def test_the_start_date_cannot_be_set_before_the_earliest_start_allowed(qtbot, gui_ctx):
    """The demo outlet is in 北京, which has no immediate inception: the earliest start is 00:00
    tomorrow (app/rating/inception.py); the picker refuses yesterday and today, and says why."""
    wiz = _to_vehicle(qtbot, gui_ctx)
    wiz.vehicle.load({**EXAMPLE["vehicle"], "owner_name": EXAMPLE["policyholder"]["name"]})
    wiz.go_next()
    cov = wiz.coverage
    tomorrow = date.today() + timedelta(days=1)
    qtbot.waitUntil(lambda: cov.start_range is not None, timeout=10_000)
    assert cov.start.minimumDate() == QDate(tomorrow.year, tomorrow.month, tomorrow.day)
    assert cov.start.maximumDate() == QDate(*(tomorrow + timedelta(days=89)).timetuple()[:3])
    assert "不得倒签" in cov.start.toolTip() and str(tomorrow) in cov.start.toolTip()
    yesterday = date.today() - timedelta(days=1)
    cov.start.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))  # as if typed
    assert cov.start.date() == cov.start.minimumDate()
    cov.edited.emit()
    assert wiz.request()["start_date"] == tomorrow.isoformat()
    # A draft saved with a start that has since passed is shown from the earliest start.
    wiz.flow.data["start_date"] = yesterday.isoformat()
    assert "start_date" in [p.field for p in wiz.flow.problems()]


def test_the_platform_s_fatal_accident_and_first_policy_ticks_are_priced(qtbot, gui_ctx):
    """Two more answers of the platform's record: a fatal at-fault accident last year floats the
    CTPL up; a vehicle's first CTPL policy does not float at all. Unticked, nothing is sent."""
    from tests.support.desk import fill_to_coverage

    wiz = _to_vehicle(qtbot, gui_ctx)
    wiz.go(0)
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    # A record with no claim-free year (the engine refuses claim-free years with an accident).
    cov.load({"history": {"ctpl_claim_free_years": 0, "ctpl_at_fault_claims_last_year": 0}})
    qtbot.waitUntil(
        lambda: cov.quote is not None and cov.quote.ctpl.float_rate == 0, timeout=30_000
    )
    assert "ctpl_fatal_at_fault_last_year" not in wiz.request()["history"]
    plain = cov.quote.ctpl.premium
    qtbot.mouseClick(cov.fatal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: cov.quote is not None and cov.quote.ctpl.premium > plain, timeout=30_000
    )
    assert wiz.request()["history"]["ctpl_fatal_at_fault_last_year"] is True
    qtbot.mouseClick(cov.fatal, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(cov.first_ctpl, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: cov.quote is not None and cov.quote.ctpl.premium == cov.quote.ctpl.base_premium,
        timeout=30_000,
    )
    assert wiz.request()["history"]["first_ctpl"] is True


def test_the_model_catalogue_fills_what_the_licence_does_not_print_and_says_so(qtbot, gui_ctx):
    """The rate table's 车型库, asked about the 品牌型号 the clerk typed: the new-car price, seats,
    displacement, fuel and vehicle type fill the fields still empty, marked as the catalogue's;
    what the clerk typed is kept."""
    wiz = _to_vehicle(qtbot, gui_ctx)
    v = wiz.vehicle
    v.load({**TRAILER, "fuel": None, "usage": "A", "vehicle_type": None, "seats": 7})
    v.brand.edit.setText("大众汽车牌 svw71810bu")  # as typed: the catalogue's key is normalised
    v.brand.edit.editingFinished.emit()
    qtbot.waitUntil(lambda: v.catalogue_source.isVisible(), timeout=10_000)
    assert v.price.text() == "98000"  # the clerk's price is kept
    assert (v.displacement.text(), v.fuel.currentData()) == ("1.5", "petrol")
    assert v.seats.value() == 7 and v.vtype.text() == "小型轿车"  # the clerk's seats kept
    assert v.catalogue_source.text() == "车型库" and v.vtype.badge.text() == "车型库"
    v.price.clear()
    v.ask_catalogue()
    qtbot.waitUntil(lambda: v.price.text() == "150000.00", timeout=10_000)
    assert wiz.request()["vehicle"]["purchase_price"] == v.price.text()
    assert wiz.flow.data["sources"]["vehicle.purchase_price"] == "catalogue"
