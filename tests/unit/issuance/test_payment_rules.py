"""The rules one payment part must keep, as pure functions (no store): whole fen above zero, not
more than is due, a reference where the method has one, 实名缴费 and the large-value cash record
(docs/regulations.md §10.2), and what the 待处理 item says about a failed part. That `PaymentService.record`
applies them and stores nothing when they refuse is tested in tests/integration/issuance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import InvalidInput
from app.issuance.payments import Method, PaymentRules, check_part, check_rules, failure_note

DUE = Decimal("3945.37")


@pytest.mark.parametrize("amount", ["10.005", "0.00", "-1.00"])
def test_amounts_must_be_whole_fen_above_zero(amount):
    with pytest.raises(InvalidInput, match="two decimals"):
        check_part(Method.CASH, Decimal(amount), "", DUE)
    check_part(Method.CASH, Decimal("10.01"), "", DUE)


def test_a_part_may_not_be_more_than_is_due_but_a_failed_attempt_of_the_whole_is_kept():
    check_part(Method.CASH, DUE, "", DUE)
    with pytest.raises(InvalidInput, match="3945.37"):
        check_part(Method.CASH, DUE + Decimal("0.01"), "", DUE)
    check_part(Method.CARD, DUE, "T88001234", Decimal("945.37"), succeeded=False)


@pytest.mark.parametrize(
    "method, needs_reference",
    [(Method.CARD, True), (Method.TRANSFER, True), (Method.CASH, False), (Method.QR, False)],
)
def test_card_and_transfer_need_a_reference(method, needs_reference):
    if needs_reference:
        with pytest.raises(InvalidInput, match="reference"):
            check_part(method, Decimal("100.00"), "  ", DUE)
    else:
        check_part(method, Decimal("100.00"), "", DUE)
    check_part(method, Decimal("100.00"), "B20261201001", DUE)


def _rules(
    payer: str,
    amount: str = "100.00",
    *,
    method=Method.CASH,
    succeeded=True,
    aml=None,
    rules: PaymentRules | None = None,
) -> None:
    check_rules(
        method,
        Decimal(amount),
        payer,
        "张伟",
        succeeded=succeeded,
        aml_record=aml,
        rules=rules or PaymentRules(),
    )


def test_payer_must_be_the_policyholder_unless_the_table_allows():
    _rules("张伟")
    with pytest.raises(InvalidInput, match="实名缴费"):
        _rules("李四")
    _rules("李四", rules=PaymentRules(real_name_required=False))
    _rules("李四", succeeded=False)  # a failed attempt is kept with its reason, whoever tried


def test_cash_at_the_threshold_needs_the_large_value_record():
    rules = PaymentRules(aml_cash_threshold=Decimal("3000.00"))
    with pytest.raises(InvalidInput, match="large-value record"):
        _rules("张伟", "3000.00", rules=rules)
    _rules("张伟", "3000.00", rules=rules, aml={"id_type": "resident_id", "occupation": "engineer"})
    _rules("张伟", "2999.99", rules=rules)  # below it: no record
    _rules("张伟", "3000.00", rules=rules, method=Method.CARD, succeeded=True)  # not cash
    _rules("张伟", "3000.00", rules=rules, succeeded=False)  # no money changed hands


def test_default_aml_threshold_is_50000_cash():
    assert PaymentRules().aml_cash_threshold == Decimal(
        "50000.00"
    )  # docs/regulations.md §10.2, PBOC 〔2016〕3号


def test_a_timed_out_part_tells_the_clerk_to_check_before_charging_again():
    timeout = failure_note(Method.CARD, DUE, "终端超时 (timeout)")
    declined = failure_note(Method.QR, DUE, "银行拒绝 (declined)")
    assert timeout.startswith("刷卡 3945.37 失败：终端超时") and "核实是否已扣款" in timeout
    assert declined == "扫码 3945.37 失败：银行拒绝 (declined)"


def test_earlier_cash_of_the_day_counts_towards_the_threshold():
    # 30,000 earlier today + 25,000 now = 55,000 >= 50,000 (docs/regulations.md §10.2 "in a day")
    with pytest.raises(InvalidInput, match="55000.00"):
        check_rules(
            Method.CASH,
            Decimal("25000.00"),
            "张伟",
            "张伟",
            succeeded=True,
            aml_record=None,
            rules=PaymentRules(),
            cash_earlier=Decimal("30000.00"),
        )
    check_rules(
        Method.CASH,
        Decimal("19999.99"),
        "张伟",
        "张伟",
        succeeded=True,
        aml_record=None,
        rules=PaymentRules(),
        cash_earlier=Decimal("30000.00"),
    )


@given(
    parts=st.lists(
        st.integers(min_value=1, max_value=3_000_000).map(lambda f: Decimal(f) / 100),
        min_size=1,
        max_size=8,
    )
)
def test_splitting_cash_into_parts_never_avoids_the_record(parts):
    """However a day's cash is split, the first part taking the total to the threshold needs the
    record, and so does every part after it; no part before it does."""
    rules = PaymentRules(aml_cash_threshold=Decimal("50000.00"))
    earlier = Decimal("0.00")
    for amount in parts:
        needed = earlier + amount >= rules.aml_cash_threshold
        try:
            check_rules(
                Method.CASH,
                amount,
                "张伟",
                "张伟",
                succeeded=True,
                aml_record=None,
                rules=rules,
                cash_earlier=earlier,
            )
            refused = False
        except InvalidInput:
            refused = True
        assert refused == needed
        earlier += amount
    if sum(parts) >= rules.aml_cash_threshold:
        assert needed  # the last part, at least, asked for it
