"""`chudan training list | run | results | leaderboard`, in-process against an empty data
directory: a scripted run is scored, its debrief printed, and it joins the clerk's results."""

from __future__ import annotations

import json

import pytest

from cli.launcher import main as chudan


def _answers(tmp_path, choices, seconds=None):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"choices": choices, "step_seconds": seconds or {}}), "utf-8")
    return str(path)


def test_list_shows_every_scenario(chudan_home, capsys):
    assert chudan(["training", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) >= 15
    assert {"id", "level", "family", "max_points"} <= set(listed[0])


@pytest.mark.slow
def test_a_scripted_run_is_scored_debriefed_and_kept_per_clerk(chudan_home, tmp_path, capsys):
    from datetime import UTC, datetime

    from app.access.permissions import CurrentUser, Role
    from app.training.competitions import Competitions
    from app.training.scenarios import all_scenarios

    supervisor = CurrentUser(1, "zhang", "张主管", Role.SUPERVISOR)
    Competitions(chudan_home).create(
        supervisor,
        "dec",
        all_scenarios(),
        datetime.now(UTC),
        limit_seconds=3600,
        chosen=["underwriting-declines-commercial-beginner"],
    )
    wrong = _answers(tmp_path, {"ctpl_alone": "refuse_all"}, {"coverage": 400})
    (tmp_path / "right").mkdir()
    right = _answers(tmp_path / "right", {"ctpl_alone": "offer_ctpl_only"})
    assert (
        chudan(
            [
                "training",
                "run",
                "underwriting-declines-commercial-beginner",
                "--answers",
                wrong,
                "--user",
                "wang",
                "--competition",
                "dec",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "0/2 points" in out and "NOT PASSED" in out
    assert "docs/regulations.md §8.7" in out  # the rule that explains the right handling
    assert "the outlet's standard is 180 s" in out
    # played through the real issuance, referral and sync on the training store: head office
    # declined the commercial cover and the clerk refused CTPL too, so nothing was issued
    assert "played on the training store: nothing issued" in out

    # the clerk who offers CTPL alone issues it: a training number, scored from what was done
    assert (
        chudan(
            ["training", "run", "underwriting-declines-commercial-beginner", "--answers", right]
            + ["--user", "zhao", "--json"]
        )
        == 0
    )
    played = json.loads(capsys.readouterr().out)
    assert played["played"]["policy_number"].startswith("TR-TRAIN01")
    assert played["played"]["referral"] == "declined"
    assert played["played"]["did"] == {"ctpl_alone": "offer_ctpl_only"} and played["passed"]

    assert (
        chudan(
            [
                "training",
                "run",
                "underwriting-declines-commercial-beginner",
                "--answers",
                right,
                "--user",
                "li",
                "--competition",
                "dec",
                "--score-only",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["points"] == result["max_points"] and result["passed"]
    assert result["actions"] == 0  # not counted in this answers file
    assert result["played"] is None  # --score-only

    assert chudan(["training", "results", "--user", "wang", "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [(r["user"], r["points"], r["missed"]) for r in runs] == [("wang", 0, ["ctpl_alone"])]
    # the results live beside the training store, never in the real data directory's store
    assert (chudan_home / "training" / "results.jsonl").is_file()
    assert not (chudan_home / "chudan.db").exists()

    assert chudan(["training", "leaderboard", "dec", "--json"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert [row["user"] for row in board] == ["li", "wang"]


def test_answers_for_another_scenario_are_refused(chudan_home, tmp_path, capsys):
    wrong = _answers(tmp_path, {"no_such_checkpoint": "x"})
    code = chudan(["training", "run", "id-expired-beginner", "--answers", wrong])
    assert code != 0
    assert "not a checkpoint" in capsys.readouterr().err


def test_unknown_scenario(chudan_home, tmp_path, capsys):
    code = chudan(["training", "run", "nope", "--answers", _answers(tmp_path, {})])
    assert code != 0
    assert "chudan training list" in capsys.readouterr().err


@pytest.mark.parametrize("action", ["list", "results"])
def test_plain_output(chudan_home, capsys, action):
    assert chudan(["training", action]) == 0
    assert capsys.readouterr().out.strip()


def test_a_certificate_only_for_a_passed_course(chudan_home, tmp_path, capsys):
    import subprocess

    from app.training.scenarios import all_scenarios

    out = tmp_path / "cert.pdf"
    beginner = [s for s in all_scenarios() if s.level == "beginner"]
    for s in beginner[:-1]:
        careful = _answers(tmp_path, {c.id: c.expected for c in s.checkpoints})
        assert (
            chudan(["training", "run", s.id, "--answers", careful, "--user", "li", "--score-only"])
            == 0
        )
    cert = [
        "training",
        "certificate",
        "--user",
        "li",
        "--course",
        "beginner",
        "--name",
        "李娜",
        "--outlet",
        "培训网点",
        str(out),
    ]
    assert chudan(cert) != 0  # one scenario of the course not run yet
    assert "1 scenarios not run" in capsys.readouterr().err and not out.exists()

    last = beginner[-1]
    careful = _answers(tmp_path, {c.id: c.expected for c in last.checkpoints})
    assert (
        chudan(["training", "run", last.id, "--answers", careful, "--user", "li", "--score-only"])
        == 0
    )
    assert chudan(cert) == 0
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "实战演练结业证书" in text and "李娜" in text and "培训 · TRAINING · 无效" in text
    assert all(s.id in text for s in beginner)
