"""A scenario's customer documents as files the desk shows: rendered by the one specimen generator
from the scenario's kinds and seeds into the training folder (never the real data directory's
own), once; the ID card rendered is the scenario's customer's."""

from __future__ import annotations

from app.training.documents import scenario_documents
from app.training.scenarios import find_scenario
from app.training.specimens import make


def test_the_documents_are_the_scenarios_own_and_rendered_once(tmp_path):
    scenario = find_scenario("id-expired-beginner")
    docs = scenario_documents(tmp_path, scenario)
    assert [(d.kind, d.degraded) for d in docs] == [
        (d["kind"], d["degraded"]) for d in scenario.documents
    ]
    assert all(d.path.is_file() and d.path.is_relative_to(tmp_path / "training") for d in docs)
    front = next(d for d in docs if d.kind == "id-front")
    seed = next(d["seed"] for d in scenario.documents if d["kind"] == "id-front")
    fields = make("id-front", seed).fields
    assert fields["id_number"] == scenario.customer["id_number"]
    assert fields["name"] == scenario.customer["name"]
    stamp = {d.path: d.path.stat().st_mtime_ns for d in docs}
    again = scenario_documents(tmp_path, scenario)
    assert {d.path: d.path.stat().st_mtime_ns for d in again} == stamp  # not rendered again
    assert not list(front.path.parent.glob("*.partial"))
