"""`chudan-hq changes held | decide CHANGE_ID --approve|--decline --note … | refund-paid CHANGE_ID`:
head office's underwriter and finance on endorsements and cancellations (hq/changes.py). Its own
module, so hq/cli.py only registers it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any


def register(
    sub: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    engine: Callable[[argparse.Namespace], Any],
) -> None:
    changes = sub.add_parser("changes", help="endorsements and cancellations from outlets")
    csub = changes.add_subparsers(dest="changes_command", required=True)
    held = csub.add_parser(
        "held", parents=[common], help="changes waiting for head office's underwriter"
    )
    held.set_defaults(func=lambda a: _held(a, engine))
    dec = csub.add_parser(
        "decide",
        parents=[common],
        help="approve or decline a change the table gives to head office",
    )
    dec.add_argument("change_id")
    choice = dec.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true")
    choice.add_argument("--decline", action="store_true")
    dec.add_argument("--note", required=True, help="the reason, shown to the outlet")
    dec.set_defaults(func=lambda a: _decide(a, engine))
    paid = csub.add_parser(
        "refund-paid", parents=[common], help="record that finance paid a refund head office owed"
    )
    paid.add_argument("change_id")
    paid.set_defaults(func=lambda a: _refund_paid(a, engine))


def _out(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if getattr(args, "json", False) else text)


def _held(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from hq.changes import held

    rows = held(engine(args))
    lines = [
        f"{r['change_id']}  {r['number']}  {r['kind']:<10} {r['difference']:>10}" for r in rows
    ]
    _out(args, rows, "\n".join(lines) or "No changes wait for head office.")
    return 0


def _decide(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from hq.changes import decide

    done = decide(engine(args), args.change_id, bool(args.approve), args.note)
    _out(
        args,
        done,
        f"Change {args.change_id} {done['decision']}; the outlet hears at its next sync.",
    )
    return 0


def _refund_paid(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from app.core.errors import ChudanError
    from hq.changes import mark_refund_paid

    if not mark_refund_paid(engine(args), args.change_id):
        raise ChudanError(
            f"Head office owes no refund for change {args.change_id[:40]}.",
            zh="总公司对该批改没有待付的退费。",
        )
    _out(args, {"change_id": args.change_id, "refund_state": "paid"}, "Refund recorded as paid.")
    return 0
