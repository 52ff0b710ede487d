"""`chudan training list | run SCENARIO --answers FILE.json [--json] | results [--user NAME] |
leaderboard NAME`: the training sandbox headless (docs/training.md). A scenario is played with
scripted answers and scored; the result joins the clerk's training results, which live beside the
training store and never in the real one."""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from cli.common import acting_user, add_account, add_json_flag, bounded_int, opened_context
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("training", help="实战演练: training scenarios, scored runs, results")
    tsub = p.add_subparsers(dest="training_command", metavar="ACTION", required=True)

    ls = tsub.add_parser("list", help="the training scenarios shipped")
    add_json_flag(ls)
    ls.set_defaults(func=_list)

    run = tsub.add_parser("run", help="play a scenario with scripted answers and score it")
    run.add_argument("scenario", help="the scenario's id (see `chudan training list`)")
    run.add_argument(
        "--answers",
        required=True,
        metavar="FILE.json",
        help='{"choices": {checkpoint: option}, "step_seconds": {step: seconds}}',
    )
    run.add_argument("--user", help="the clerk the result is recorded for (default: you)")
    run.add_argument("--competition", metavar="NAME", help="count the run in this competition")
    run.add_argument(
        "--score-only",
        action="store_true",
        help="score the answers without playing the scenario on the training store",
    )
    add_json_flag(run)
    run.set_defaults(func=_run)

    res = tsub.add_parser("results", help="training results over time, per clerk")
    res.add_argument("--user", help="one clerk's results only")
    add_json_flag(res)
    res.set_defaults(func=_results)

    cert = tsub.add_parser("certificate", help="the certificate (PDF) of a passed course")
    cert.add_argument("--user", required=True, help="the clerk")
    cert.add_argument("--course", required=True, choices=("beginner", "advanced"))
    cert.add_argument("--name", default="", help="the clerk's name as printed (default: --user)")
    cert.add_argument("--outlet", default="", help="the outlet's name as printed")
    cert.add_argument("out", help="where to write the PDF")
    cert.add_argument("--force", action="store_true", help="write over an existing file")
    cert.set_defaults(func=_certificate)

    assign = tsub.add_parser(
        "assign", help="a supervisor assigns scenarios (and training mode) to a clerk"
    )
    assign.add_argument("clerk", help="the clerk's user name")
    assign.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="scenario ids")
    assign.add_argument(
        "--training-mode",
        choices=("on", "off"),
        help="the clerk's next log-ins open training mode (on), or it is their choice (off)",
    )
    add_account(assign, "a supervisor or administrator")
    assign.set_defaults(func=_assign)

    assigned = tsub.add_parser("assigned", help="scenarios assigned and not yet passed")
    assigned.add_argument("--user", required=True, help="the clerk")
    add_json_flag(assigned)
    assigned.set_defaults(func=_assigned)

    comp = tsub.add_parser(
        "competition",
        help="a supervisor sets up a timed competition: scenarios chosen or drawn (seeded)",
    )
    comp.add_argument("name", metavar="NAME")
    which = comp.add_mutually_exclusive_group(required=True)
    which.add_argument("--scenarios", nargs="+", metavar="SCENARIO", help="the scenarios, in order")
    which.add_argument(
        "--draw", type=bounded_int(1, 1000), metavar="N", help="draw N scenarios at random"
    )
    comp.add_argument(
        "--seed", type=bounded_int(0, 2**31 - 1), help="the draw's seed (default: a fresh one)"
    )
    comp.add_argument(
        "--minutes",
        type=bounded_int(1, 1440),
        help="time for all the scenarios, per clerk (default: the outlet's standard times file)",
    )
    add_account(comp, "a supervisor or administrator")
    add_json_flag(comp)
    comp.set_defaults(func=_competition)

    comps = tsub.add_parser("competitions", help="the competitions set up, with their scenarios")
    add_json_flag(comps)
    comps.set_defaults(func=_competitions)

    board = tsub.add_parser("leaderboard", help="a competition's leaderboard")
    board.add_argument("competition", metavar="NAME")
    add_json_flag(board)
    board.set_defaults(func=_leaderboard)


def _list(args: argparse.Namespace) -> int:
    from app.training.scenarios import all_scenarios

    scenarios = all_scenarios()
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "family": s.family,
                    "level": s.level,
                    "version": s.version,
                    "title": s.title,
                    "checkpoints": len(s.checkpoints),
                    "max_points": s.max_points,
                }
                for s in scenarios
            ]
        )
        return 0
    for s in scenarios:
        print(f"{s.id:<46} {s.level:<9} {s.max_points:>2} pts  {s.title['zh']}")
    return 0


def _clerk(args: argparse.Namespace) -> str:
    if args.user:
        return str(args.user)[:64]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from app.core.errors import InvalidInput
    from app.core.json_input import load_json_file
    from app.core.paths import data_dir
    from app.training.competitions import Competitions
    from app.training.results import ResultsLog
    from app.training.scenarios import find_scenario
    from app.training.scoring import Answers, score
    from app.training.standards import load_standards
    from local_db.types import utcnow

    scenario = find_scenario(args.scenario)
    answers = Answers.from_document(load_json_file(args.answers, what="answers file"), scenario)
    home = data_dir()
    clerk = _clerk(args)
    book = Competitions(home)
    if args.competition:
        # Refused before anything is played: an unknown competition, a scenario outside its set,
        # one played already, or the clerk's time up (their first run begins it).
        if book.get(args.competition) is None:
            raise InvalidInput(
                f"No competition {args.competition[:64]!r}; a supervisor sets one up with "
                "`chudan training competition`.",
                zh=f"没有竞赛 {args.competition[:64]}；请主管用 chudan training competition 设置。",
            )
        book.admit(args.competition, clerk, scenario.id, utcnow(), ResultsLog(home).runs(clerk))
    played = None if args.score_only else _play(home, scenario, clerk, answers.choices)
    if played is not None:
        # The checkpoints the desk played are scored by what was done on it, not as stated.
        answers = replace(answers, choices={**answers.choices, **played["did"]})
    result = score(scenario, answers, load_standards(home))
    if args.competition:
        # The run counts when it ends within the clerk's time.
        book.admit(args.competition, clerk, scenario.id, utcnow(), ResultsLog(home).runs(clerk))
    ResultsLog(home).record(clerk, result, utcnow(), args.competition)
    if args.json:
        print_json({**result.to_dict(), "played": played})
        return 0
    if played is not None:
        if played["policy_number"]:
            print(f"played on the training store: {played['policy_number']} {played['state']}")
        else:
            print(f"played on the training store: nothing issued ({played['stopped']})")
    _print_debrief(scenario, result)
    return 0


def _play(home: Any, scenario: Any, clerk: str, choices: dict[str, str]) -> dict[str, Any]:
    """The scenario through the real issuance and sync, on the training store against the
    simulated head office (sync/sandbox.py): the real store is never opened."""
    from dataclasses import asdict

    from app.desk.training import open_training, trainee
    from sync.sandbox import play

    ctx = open_training(home)
    try:
        return asdict(play(ctx, scenario, trainee(ctx, clerk), choices))
    finally:
        ctx.close()


def _print_debrief(scenario: Any, result: Any) -> None:
    verdict = "PASSED 通过" if result.passed else "NOT PASSED 未通过"
    print(f"{scenario.id}: {result.points}/{result.max_points} points, {verdict}")
    for o in result.checkpoints:
        cp = scenario.checkpoint(o.id)
        mark = "✓" if o.correct else "✗"
        did = cp.options[o.did]["en"] if o.did else "(no answer)"
        print(f" {mark} [{o.step}] {cp.prompt['en']}")
        print(f"     did: {did}")
        if not o.correct:
            print(f"     expected: {cp.options[o.expected]['en']}")
            print(f"     why: {o.rule['en']} ({o.rule['source']})")
        if o.costly:
            print(f"     costly: {o.costly['en']}")
    for t in result.times:
        if t.over:
            print(f" ⏱ {t.step}: {t.seconds:.0f} s, the outlet's standard is {t.limit} s")


def _results(args: argparse.Namespace) -> int:
    from app.core.paths import data_dir
    from app.training.results import ResultsLog

    runs = ResultsLog(data_dir()).runs(args.user)
    if args.json:
        print_json([r.__dict__ for r in runs])
        return 0
    if not runs:
        print("no training results yet")
    for r in runs:
        flag = "passed" if r.passed else "not passed"
        print(f"{r.at}  {r.user:<16} {r.scenario:<46} {r.points}/{r.max_points} {flag}")
    return 0


def _competition(args: argparse.Namespace) -> int:
    from app.core.errors import InvalidInput
    from app.core.paths import data_dir
    from app.training.competitions import Competitions
    from app.training.scenarios import all_scenarios
    from app.training.standards import load_standards

    home = data_dir()
    limit = args.minutes * 60 if args.minutes else load_standards(home).competition_seconds
    if limit is None:
        raise InvalidInput(
            "Give the time with --minutes (the standard times file sets none).",
            zh="请用 --minutes 指定竞赛时限（标准操作时间设置中没有）。",
        )
    with opened_context() as ctx:
        actor = acting_user(ctx, args, "a supervisor or administrator")
        comp = Competitions(home).create(
            actor,
            args.name,
            all_scenarios(),
            ctx.clock(),
            limit_seconds=limit,
            chosen=args.scenarios,
            count=args.draw,
            seed=args.seed,
        )
        how = f"drawn with seed {comp.seed}" if comp.seed is not None else "chosen"
        ctx.audit.log(
            actor.audit_name,
            "training.competition",
            "competition",
            comp.name,
            f"{len(comp.scenarios)} scenarios {how}, {comp.limit_seconds // 60} min",
        )
    if args.json:
        print_json(comp.__dict__)
        return 0
    print(f"competition {comp.name}: {len(comp.scenarios)} scenarios ({how}), ", end="")
    print(f"{comp.limit_seconds // 60} minutes per clerk")
    for i, sid in enumerate(comp.scenarios, 1):
        print(f"{i:>3}. {sid}")
    return 0


def _competitions(args: argparse.Namespace) -> int:
    from app.core.paths import data_dir
    from app.training.competitions import Competitions

    every = Competitions(data_dir()).all()
    if args.json:
        print_json([c.__dict__ for c in every])
        return 0
    if not every:
        print("no competitions set up")
    for c in every:
        seed = f"seed {c.seed}" if c.seed is not None else "chosen"
        print(f"{c.name:<24} {len(c.scenarios)} scenarios ({seed}), {c.limit_seconds // 60} min")
    return 0


def _leaderboard(args: argparse.Namespace) -> int:
    from app.core.paths import data_dir
    from app.training.competitions import Competitions, standings
    from app.training.results import ResultsLog, leaderboard
    from app.training.scenarios import all_scenarios

    runs = ResultsLog(data_dir()).runs()
    comp = Competitions(data_dir()).get(args.competition)
    board = (
        standings(comp, all_scenarios(), runs)
        if comp is not None
        else leaderboard(runs, args.competition)
    )
    if args.json:
        print_json(
            [
                {"user": u, "points": p, "max_points": m, "passed": n, "seconds": t}
                for u, p, m, n, t in board
            ]
        )
        return 0
    for rank, (u, p, m, n, t) in enumerate(board, 1):
        print(f"{rank:>3}. {u:<16} {p}/{m} points, {n} passed, {t:.0f} s")
    return 0


def _certificate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.core.output_files import checked_destination, write_new_file
    from app.core.paths import data_dir
    from app.training.certificate import render_certificate, standing
    from app.training.results import ResultsLog
    from app.training.scenarios import all_scenarios
    from local_db.types import utcnow

    home = data_dir()
    st = standing(args.user, args.course, all_scenarios(), ResultsLog(home).runs(args.user))
    pdf = render_certificate(st, args.name or args.user, args.outlet, utcnow().date())
    dest = checked_destination(
        Path(args.out), home=home, force=args.force, what="the training certificate"
    )
    write_new_file(dest, pdf, "the training certificate")
    print(f"certificate written: {dest}")
    return 0


def _assign(args: argparse.Namespace) -> int:
    from app.core.errors import InvalidInput
    from app.core.paths import data_dir
    from app.training.assignments import Assignments
    from app.training.scenarios import find_scenario

    for sid in args.scenarios:
        find_scenario(sid)  # an unknown one is refused before anything is written
    if not args.scenarios and args.training_mode is None:
        raise InvalidInput(
            "Name scenarios to assign, or --training-mode on|off.",
            zh="请指定要布置的场景，或 --training-mode on|off。",
        )
    with opened_context() as ctx:
        actor = acting_user(ctx, args, "a supervisor or administrator")
        book = Assignments(data_dir())
        now = ctx.clock()
        made = book.assign(actor, args.clerk, list(args.scenarios), now) if args.scenarios else []
        if args.training_mode is not None:
            book.set_training_mode(actor, args.clerk, args.training_mode == "on")
        what = f"{len(made)} scenarios" + (
            f", training mode {args.training_mode}" if args.training_mode else ""
        )
        ctx.audit.log(actor.audit_name, "training.assign", "user", args.clerk, what)
    print(f"assigned to {args.clerk}: {what}")
    return 0


def _assigned(args: argparse.Namespace) -> int:
    from app.core.paths import data_dir
    from app.training.assignments import Assignments

    book = Assignments(data_dir())
    open_ = book.open_for(args.user)
    if args.json:
        print_json(
            {
                "training_mode": book.training_mode_required(args.user),
                "open": [a.__dict__ for a in open_],
            }
        )
        return 0
    if book.training_mode_required(args.user):
        print("training mode at every log-in (set by a supervisor)")
    for a in open_:
        print(f"{a.scenario:<46} assigned by {a.by} at {a.at}")
    if not open_:
        print("nothing assigned and not yet passed")
    return 0
