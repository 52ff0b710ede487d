"""A policy one outlet uploads is what another outlet's duplicate-insurance look-up finds at head
office (the coverage step's duplicate check: "head office's look-up when online"; docs/hq.md,
look-ups)."""

from __future__ import annotations

import copy

from local_db.models import Policy
from tests.support.examples import POLICY_REQUEST
from tests.support.hq_data import tomorrow
from tests.support.outlet import demo_clerk, fast_worker


def test_an_uploaded_policy_answers_the_prior_policies_look_up(desk, link):
    user = demo_clerk(desk)
    request = copy.deepcopy(POLICY_REQUEST)
    start = tomorrow()
    request["start_date"] = start.isoformat()
    issued = desk.issuance.issue(user, request)
    worker = fast_worker(desk)
    assert worker.run_once().upload.accepted == 1
    answer, key = worker.ask("prior_policies", vin=POLICY_REQUEST["vehicle"]["vin"])
    assert key is None
    found = {(p["policy_number"], p["coverage"], p["start"], p["end"]) for p in answer["policies"]}
    with desk.store.read() as s:
        policy = s.get(Policy, issued.policy_id)
        period = (policy.start_date.isoformat(), policy.end_date.isoformat())
    assert found == {
        (issued.policy_number, "ctpl", *period),
        (issued.policy_number, "commercial", *period),
    }
    assert {p["outlet_code"] for p in answer["policies"]} == {"DEMO01"}
    nothing, _ = worker.ask("prior_policies", vin="LSVCC6A45PN000000")
    assert nothing["policies"] == []
