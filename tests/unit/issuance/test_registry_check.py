"""Reading the registry's answer against the 行驶证 as a clerk would (app.issuance.registry_check),
without a store: what the policy is flagged with is tested in tests/integration/issuance."""

from __future__ import annotations

from app.issuance.registry_check import FLAG_PENDING, compare
from tests.support.examples import registry_answer

VEHICLE = {"brand_model": "大众汽车牌SVW71810BU", "usage": "A"}


def test_compare_reads_the_registry_as_a_clerk_would():
    assert (
        compare(VEHICLE, registry_answer()).status == "matched"
    )  # spacing differs, the model is the same
    wrong = compare(VEHICLE, registry_answer(model="丰田牌TV7180"))
    assert wrong.status == "mismatch" and "丰田牌TV7180" in wrong.differences_zh[0]
    usage = compare(VEHICLE, registry_answer(usage="出租客运"))
    assert usage.status == "mismatch" and "使用性质" in usage.differences_zh[0]
    assert compare(VEHICLE, registry_answer(found=False)).status == "not_found"
    assert (
        compare(VEHICLE, None).status == "pending" and compare(VEHICLE, None).flag == FLAG_PENDING
    )
