"""The wizard builds the steps the clerk has not reached a section at a time, between the clerk's
keys (docs/ui.md), and draws a re-quote into the table it already shows: what the clerk sees is
the same as when each step was built in one go and every quote drawn from nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.core.money import fmt_amount
from tests.support.desk import EXAMPLE, HISTORY, fill_to_coverage, wizard

pytestmark = pytest.mark.gui


def _half_built_coverage(qtbot, wiz):
    """The builder stopped part of the way through the coverage step."""
    qtbot.waitUntil(lambda: "vehicle" in wiz._built, timeout=30_000)
    qtbot.waitUntil(
        lambda: wiz._building is not None and wiz._building.key == "coverage", timeout=30_000
    )
    step = wiz._building
    step.build_part()  # its first section, not the rest
    assert step.building and "coverage" not in wiz._built
    return step


def test_a_step_built_in_parts_shows_every_plans_price_and_the_premium(qtbot, gui_ctx, desk_clerk):
    wiz = wizard(qtbot, gui_ctx, desk_clerk)
    _half_built_coverage(qtbot, wiz)
    qtbot.waitUntil(lambda: len(wiz._built) == 5, timeout=30_000)  # the builder finished it
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    plans = {"ctpl_only", "basic", "standard", "full"}
    qtbot.waitUntil(lambda: set(cov.totals) == plans and not wiz.flow.facts.quoting, timeout=30_000)
    for code in plans:  # each plan with its price, side by side
        assert fmt_amount(cov.totals[code]) in cov.plan_buttons[code].text(), code
    last = cov.breakdown.rowCount() - 1
    assert last > 2 and cov.breakdown.item(last, 2).text() == fmt_amount(cov.quote.total)
    assert fmt_amount(cov.quote.total) in cov.premium.text()


def test_a_step_asked_for_before_the_builder_finished_it_is_whole(qtbot, gui_ctx, desk_clerk):
    """Next pressed while the coverage step is half built: it is finished there and then."""
    wiz = wizard(qtbot, gui_ctx, desk_clerk)
    half = _half_built_coverage(qtbot, wiz)
    wiz.customer.load({**EXAMPLE["policyholder"], "consent": True})
    wiz.go_next()
    wiz.vehicle.load(EXAMPLE["vehicle"])
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 2, wiz.problems.text()
    assert wiz.coverage is half and not half.building
    assert half.plan_buttons["standard"].isChecked()  # the flow's data shown
    assert half.history_box.isVisible() and half.premium_box.isVisible()


def test_a_language_switch_while_a_step_is_half_built_reaches_it(qtbot, gui_ctx, desk_clerk):
    from ui.i18n import install_language

    wiz = wizard(qtbot, gui_ctx, desk_clerk)
    half = _half_built_coverage(qtbot, wiz)
    try:
        gui_ctx.settings.set_language("en")
        install_language("en")
        qtbot.waitUntil(lambda: wiz.next.text() == "Next")
        qtbot.waitUntil(lambda: "coverage" in wiz._built, timeout=30_000)
        assert half.history_box.title() == "Platform record"
        assert half.plan_buttons["basic"].text().startswith("Basic")
    finally:
        gui_ctx.settings.set_language("zh_CN")
        install_language("zh_CN")


def test_a_re_quote_changes_the_premium_table_in_place(qtbot, gui_ctx, desk_clerk):
    """The table keeps its cells and shows the new figures; the worksheet, opened after
    several quotes, shows the last one."""
    wiz = wizard(qtbot, gui_ctx, desk_clerk)
    fill_to_coverage(qtbot, wiz)
    cov = wiz.coverage
    qtbot.waitUntil(lambda: not wiz.flow.facts.quoting, timeout=30_000)
    first_total = cov.quote.total
    cells = [cov.breakdown.item(r, 0) for r in range(cov.breakdown.rowCount())]
    # Fewer claim-free years: a dearer CTPL, the same rows.
    cov.load({"history": {**HISTORY, "ctpl_claim_free_years": 0, "ncd_level": 2}})
    qtbot.waitUntil(
        lambda: cov.quote is not None and cov.quote.total != first_total, timeout=30_000
    )
    qtbot.waitUntil(lambda: not wiz.flow.facts.quoting, timeout=30_000)
    total = cov.quote.total
    last = cov.breakdown.rowCount() - 1
    assert [cov.breakdown.item(r, 0) for r in range(len(cells))][:last] == cells[:last]

    assert cov.breakdown.item(last, 2).text() == fmt_amount(total)
    assert cov.breakdown.item(last, 0).font().bold()  # the total stays bold
    assert not cov.breakdown.item(0, 0).font().bold()
    qtbot.mouseClick(cov.worksheet_button, Qt.MouseButton.LeftButton)
    assert cov.worksheet.isVisible()
    assert fmt_amount(cov.quote.ctpl.premium) in cov.worksheet.toPlainText()


def test_another_step_asked_for_leaves_the_half_built_one_to_the_builder(
    qtbot, gui_ctx, desk_clerk
):
    """A draft opened at payment asks for that step while the coverage step is half built: the
    coverage step is still built once, in its own place."""
    wiz = wizard(qtbot, gui_ctx, desk_clerk)
    half = _half_built_coverage(qtbot, wiz)
    wiz.payment  # noqa: B018 - asked for, as opening a draft does
    assert "payment" in wiz._built and wiz._building is half
    qtbot.waitUntil(lambda: len(wiz._built) == 5, timeout=30_000)
    assert wiz.coverage is half and not half.building
    assert wiz.stack.widget(2).findChildren(type(half)) == [half]


def test_new_policy_shows_the_wizard_at_once_and_its_first_step_only_whole(qtbot, gui_ctx):
    """新建投保: the wizard's frame (steps, summary, buttons) is on screen when the click
    returns; the customer step appears once built, never half drawn."""
    from tests.support.desk import clerk_at_demo_outlet, main_window

    w = main_window(qtbot, gui_ctx, clerk_at_demo_outlet(gui_ctx))
    page = w.pages[0]
    qtbot.waitUntil(page.new_button.isEnabled)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    wiz = page.wizard
    assert wiz.isVisible() and wiz.next.isVisible() and wiz.summary.isVisible()
    half = wiz._building
    assert half is not None and half.key == "customer" and not half.isVisible()
    qtbot.waitUntil(lambda: "customer" in wiz._built, timeout=30_000)
    assert wiz.customer is half and half.isVisible() and half.name.edit.isVisible()
    assert wiz.stack.currentIndex() == 0
    w.tasks.wait_idle()
