"""`chudan-hq changes held | decide CHANGE_ID --approve|--decline --note … | refund-paid 批单号 --reference … [--paid-at …]`:
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
    paid.add_argument("number", help="the 批单号 (or the change id)")
    paid.add_argument("--reference", required=True, help="finance's payment reference")
    paid.add_argument(
        "--paid-at",
        default="",
        help="when it was paid, ISO 8601 with time zone (default: now); the outlet shows it",
    )
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
    from datetime import UTC, datetime

    from app.core.errors import InvalidInput
    from hq.changes import mark_refund_paid

    try:
        paid_at = datetime.fromisoformat(args.paid_at) if args.paid_at else datetime.now(UTC)
    except ValueError as exc:
        raise InvalidInput(
            f"--paid-at {args.paid_at[:40]!r} is not an ISO 8601 moment (e.g. 2026-12-01T10:00+08:00).",
            zh="--paid-at 应为 ISO 8601 时间（如 2026-12-01T10:00+08:00）。",
        ) from exc
    done = mark_refund_paid(engine(args), args.number, args.reference, paid_at)
    _out(
        args,
        done,
        f"Refund {done['refund']} for {done['number']} recorded as paid ({done['reference']}); "
        "the outlet hears at its next sync.",
    )
    return 0
