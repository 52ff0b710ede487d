"""The shipped scenarios, the schema that checks them and the scoring: a scripted careful clerk
scores full marks on every scenario, a scripted careless clerk (takes the tempting shortcut, and
takes too long) loses exactly the checkpoints that have one."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import InvalidInput
from app.core.policy_number import TRAINING_PREFIX, is_training_number, parse
from app.training.scenarios import (
    Scenario,
    all_scenarios,
    find_scenario,
    from_document,
    scenarios_dir,
)
from app.training.schema import EVENT_TYPES
from app.training.scoring import Answers, score
from app.training.standards import load_standards

SCENARIOS = all_scenarios()
STANDARDS = load_standards()


def careful(s: Scenario) -> Answers:
    return Answers(
        {c.id: c.expected for c in s.checkpoints},
        {step: STANDARDS.limit(step) or 0 for step in s.steps},  # on the limit is within it
    )


def careless(s: Scenario) -> Answers:
    return Answers(
        {c.id: c.trap or c.expected for c in s.checkpoints},
        {step: (STANDARDS.limit(step) or 0) + 60 for step in s.steps},
    )


def test_fifteen_or_more_scenarios_cover_every_exception_at_both_levels():
    assert len(SCENARIOS) >= 15
    pairs = {(s.family, s.level) for s in SCENARIOS}
    for family in EVENT_TYPES:
        assert (family, "beginner") in pairs and (family, "advanced") in pairs, family


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_careful_clerk_scores_full_marks(scenario):
    result = score(scenario, careful(scenario), STANDARDS)
    assert result.points == result.max_points
    assert result.missed == [] and result.steps_over_time == []
    assert result.costly_mistakes == 0 and result.passed


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_careless_clerk_loses_exactly_the_trapped_checkpoints(scenario):
    result = score(scenario, careless(scenario), STANDARDS)
    trapped = [c.id for c in scenario.checkpoints if c.trap]
    assert trapped, "every scenario tempts the clerk at least once"
    assert result.missed == trapped
    assert result.points == scenario.max_points - sum(
        c.points for c in scenario.checkpoints if c.trap
    )
    assert result.costly_mistakes == sum(
        1 for c in scenario.checkpoints if c.trap and c.trap in c.costly
    )
    assert result.steps_over_time == scenario.steps
    assert not result.passed
    # the debrief has, for every missed checkpoint, what was expected and the rule with its source
    for o in result.checkpoints:
        if not o.correct:
            assert o.expected and o.rule["zh"] and o.rule["en"] and o.rule["source"]


def test_every_costly_checkpoint_names_the_rule_in_the_regulations_or_architecture():
    for s in SCENARIOS:
        for c in s.checkpoints:
            assert c.rule["source"].startswith(("docs/regulations.md", "docs/architecture.md"))


def test_scenario_people_are_generated_with_valid_numbers():
    from app.identity.resident_id import check_resident_id
    from app.vehicle.vin import check_vin

    for s in SCENARIOS:
        assert check_resident_id(s.customer["id_number"]).valid, s.id
        assert check_vin(s.vehicle["vin"]).valid, s.id


def _doc() -> dict:
    return json.loads((scenarios_dir() / f"{SCENARIOS[0].id}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.pop("checkpoints"), "$.checkpoints"),
        (lambda d: d.update(version=2), "$.version"),
        (lambda d: d.update(family="alien_attack"), "$.family"),
        (lambda d: d["checkpoints"][0].update(expected="nope"), "$.checkpoints[0].expected"),
        (lambda d: d["checkpoints"][0].update(points=True), "$.checkpoints[0].points"),
        (lambda d: d["customer"].update(shoe_size=42), "$.customer.shoe_size"),
        (lambda d: d["events"][0].update(step="lunch"), "$.events[0].step"),
    ],
)
def test_a_wrong_scenario_is_refused_naming_the_field(change, path):
    d = copy.deepcopy(_doc())
    change(d)
    with pytest.raises(InvalidInput) as e:
        from_document(d)
    assert path in str(e.value)


def _misread_doc() -> dict:
    text = (scenarios_dir() / "ocr-misread-beginner.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.mark.parametrize(
    ("detail", "path"),
    [
        ({"field": "vin", "position": 12}, "$.events[0].detail.read"),
        ({"field": "colour", "position": 1, "read": "B"}, "$.events[0].detail.field"),
        ({"field": "vin", "position": 18, "read": "B"}, "$.events[0].detail.position"),
        ({"field": "vin", "position": 0, "read": "B"}, "$.events[0].detail.position"),
        ({"field": "vin", "position": 1, "read": "L"}, "$.events[0].detail.read"),  # no misread
        ({"field": "vin", "position": 1, "read": "BB"}, "$.events[0].detail.read"),
    ],
)
def test_a_misread_names_a_field_a_position_in_it_and_another_character(detail, path):
    d = _misread_doc()
    assert d["vehicle"]["vin"][0] == "L"
    d["events"][0]["detail"] = detail
    with pytest.raises(InvalidInput) as e:
        from_document(d)
    assert path in str(e.value)


def test_the_shipped_misreads_fail_the_vins_check_and_pass_the_engine_numbers():
    """Both kinds a clerk meets: one the desk's validator refuses, one only comparing finds."""
    from app.vehicle import check_engine_number, check_vin

    for sid, check, valid in (
        ("ocr-misread-beginner", check_vin, False),
        ("ocr-misread-advanced", check_engine_number, True),
    ):
        s = find_scenario(sid)
        (ev,) = [e for e in s.events if e["type"] == "ocr_misread"]
        m = ev["detail"]
        value = s.vehicle[m["field"]]
        read = value[: m["position"] - 1] + m["read"] + value[m["position"] :]
        assert check(read).valid is valid, sid


def test_an_unknown_scenario_is_refused_and_the_list_is_named():
    with pytest.raises(InvalidInput, match="chudan training list"):
        find_scenario("../../etc/passwd")


def test_answers_naming_an_unknown_checkpoint_or_option_are_refused():
    s = SCENARIOS[0]
    with pytest.raises(InvalidInput, match="not a checkpoint"):
        Answers.from_document({"choices": {"nope": "x"}}, s)
    with pytest.raises(InvalidInput, match="not an option"):
        Answers.from_document({"choices": {s.checkpoints[0].id: "nope"}}, s)


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_points_are_the_sum_of_the_checkpoints_answered_as_expected(data):
    s = data.draw(st.sampled_from(SCENARIOS))
    choices = {
        c.id: data.draw(st.sampled_from(sorted(c.options)))
        for c in s.checkpoints
        if data.draw(st.booleans())
    }
    result = score(s, Answers(choices), STANDARDS)
    assert result.points == sum(c.points for c in s.checkpoints if choices.get(c.id) == c.expected)
    assert result.passed == (
        result.costly_mistakes == 0
        and result.points * 100 >= STANDARDS.pass_mark_percent * result.max_points
    )


def test_the_outlets_own_standard_times_replace_the_example(tmp_path):
    (tmp_path / "standard_times.json").write_text(
        json.dumps({"pass_mark_percent": 100, "steps": {"coverage": {"seconds": 30}}}),
        encoding="utf-8",
    )
    own = load_standards(tmp_path)
    assert own.limit("coverage") == 30 and own.limit("customer") is None
    s = find_scenario("underwriting-refers-beginner")
    result = score(s, Answers({c.id: c.expected for c in s.checkpoints}, {"coverage": 31}), own)
    assert result.steps_over_time == ["coverage"] and result.passed  # time is reported, not fatal


def test_a_training_number_is_never_a_policy_number():
    real = "DEMO0120261125000123"
    from app.core.policy_number import with_check

    number = with_check(real)
    assert parse(number) is not None
    assert parse(TRAINING_PREFIX + number) is None
    assert is_training_number(TRAINING_PREFIX + number) and not is_training_number(number)


@pytest.mark.slow  # renders three specimen images per scenario
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_the_documents_are_the_scenarios_own(scenario):
    """The specimen images named are the customer's and the vehicle's: the generator, given the
    kind and seed, makes the same values the scenario states (degraded for advanced drills)."""
    from app.training.specimens import make

    docs = {d["kind"]: d for d in scenario.documents}
    front = make("id-front", docs["id-front"]["seed"]).fields
    back = make("id-back", docs["id-back"]["seed"]).fields
    licence = make("vehicle-licence", docs["vehicle-licence"]["seed"]).fields
    assert (front["name"], front["id_number"]) == (
        scenario.customer["name"],
        scenario.customer["id_number"],
    )
    assert back["valid_until"] == scenario.customer["id_valid_until"]
    assert front["address"] == scenario.customer["address"]
    assert licence["engine_number"] == scenario.vehicle["engine_number"]
    expired = back["valid_until"] != "长期" and back["valid_until"] < "2025-01-01"
    assert expired == (scenario.family == "id_expired")
    v = scenario.vehicle
    assert (licence["vin"], licence["plate"], licence["brand_model"], licence["usage"]) == (
        v["vin"],
        v["plate"],
        v["model"],
        v["usage"],
    )
    assert all(d["degraded"] for d in scenario.documents) == (
        scenario.level == "advanced" or scenario.family == "ocr_misread"
    )
