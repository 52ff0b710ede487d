"""A policy one outlet uploads is what another outlet's duplicate-insurance look-up finds at head
office (the coverage step's duplicate check: "head office's look-up when online"; docs/hq.md,
look-ups)."""

from __future__ import annotations

import copy

from tests.support.examples import POLICY_REQUEST
from tests.support.outlet import demo_clerk, fast_worker


def test_an_uploaded_policy_answers_the_prior_policies_look_up(desk, link):
    user = demo_clerk(desk)
    issued = desk.issuance.issue(user, copy.deepcopy(POLICY_REQUEST))
    worker = fast_worker(desk)
    assert worker.run_once().upload.accepted == 1
    answer, key = worker.ask("prior_policies", vin=POLICY_REQUEST["vehicle"]["vin"])
    assert key is None
    found = {(p["policy_number"], p["coverage"], p["start"], p["end"]) for p in answer["policies"]}
    assert found == {
        (issued.policy_number, "ctpl", "2026-12-01", "2027-11-30"),
        (issued.policy_number, "commercial", "2026-12-01", "2027-11-30"),
    }
    assert {p["outlet_code"] for p in answer["policies"]} == {"DEMO01"}
    nothing, _ = worker.ask("prior_policies", vin="LSVCC6A45PN000000")
    assert nothing["policies"] == []
