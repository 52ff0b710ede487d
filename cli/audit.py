"""`chudan audit verify|show`: prove the audit chain whole, or read its latest events."""

from __future__ import annotations

import argparse

from app.core.limits import MAX_LIST_LIMIT
from cli.common import add_json_flag, bounded_int, opened_context
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="verify or read the audit log")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = asub.add_parser(
        "verify",
        help="check the hash chain, its seal and head office's last anchor; exit 1 if broken",
    )
    add_json_flag(v)
    v.set_defaults(func=_verify)
    s = asub.add_parser("show", help="the latest events (personal data masked)")
    s.add_argument(
        "--limit",
        type=bounded_int(1, MAX_LIST_LIMIT),
        default=50,
        help=f"how many (1–{MAX_LIST_LIMIT:,})",
    )
    add_json_flag(s)
    s.set_defaults(func=_show)


def _verify(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        result = ctx.audit.verify()
        ctx.audit.log(
            "cli",
            "audit.verify",
            "audit",
            "",
            "ok" if result.ok else f"broken at {result.broken_event_id or '?'}",
        )
    if args.json:
        print_json(result.to_json())
        return 0 if result.ok else 1
    if result.ok:
        sealed = (
            f", sealed from event {result.sealed_from}" if result.sealed_from is not None else ""
        )
        print(f"ok: {result.checked} events, chain whole{sealed}")
    else:
        where = f" at event {result.broken_event_id}" if result.broken_event_id else ""
        print(
            f"BROKEN{where}: {result.reason} ({result.checked} events read). Keep this store as "
            "it is and contact support."
        )
    if result.anchor is not None:
        print(
            f"head office acknowledged the first {result.anchor.count} events on "
            f"{result.anchor.at[:16].replace('T', ' ')} UTC (the last time this desk could "
            "anchor its log)"
        )
    for note in result.notes:
        print(note)
    return 0 if result.ok else 1


def _show(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        events = ctx.audit.recent(args.limit)
    rows = [
        {
            "id": e.id,
            "ts": e.ts.isoformat(),
            "actor": e.actor,
            "action": e.action,
            "object": f"{e.object_type}:{e.object_id}" if e.object_type else "",
            "summary": e.summary,
        }
        for e in events
    ]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(
                f"{r['id']:>6} {r['ts'][:19]} {r['actor']:<16} {r['action']:<24} {r['object']:<16} {r['summary']}"
            )
    return 0
