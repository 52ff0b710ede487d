"""`chudan demo`: set up the demo outlet headless and say what was done."""

from __future__ import annotations

import argparse

from cli.common import add_json_flag, opened_context
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="create the demo outlet and its users, open the store, report")
    add_json_flag(p)
    p.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    from app.desk.demo import set_up_demo

    with opened_context() as ctx:
        report = set_up_demo(ctx)
    if args.json:
        print_json({"store": report.store, "schema": report.schema, "steps": report.steps})
        return 0
    print(f"store: {report.store} (encrypted, schema {report.schema})")
    for step in report.steps:
        print(f"- {step}")
    print("Open the window with `chudan` on a machine with a display (or under Xvfb).")
    return 0
