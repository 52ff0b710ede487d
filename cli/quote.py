"""`chudan quote REQUEST.json [--json]`: price a request with the installed table in force on its
start date and print the worksheet (or the quote as JSON)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.core.json_input import load_json_file
from cli.common import add_json_flag
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("quote", help="price a quote request (JSON) and explain every figure")
    p.add_argument(
        "request", type=Path, help="the request file (see resources/examples/quote-request.json)"
    )
    add_json_flag(p)
    p.set_defaults(func=_quote)


def _quote(args: argparse.Namespace) -> int:
    from app.core.paths import data_dir
    from app.rating import parse_request, quote_and_underwrite
    from app.rating.installed import InstalledTables

    data = load_json_file(args.request, what="the quote request")
    req = parse_request(data)
    table = InstalledTables(data_dir()).for_date(req.start_date)
    q = quote_and_underwrite(req, table)
    if args.json:
        print_json(q.to_json())
        return 0
    if table.illustrative:
        print("示例费率表（商业险基准保费因保险公司而异） / illustrative rate table")
    for w in q.worksheet:
        figure = f"{w.value:.2f}" if w.money else str(w.value)
        formula = f"  = {w.formula}" if w.formula else ""
        print(f"{figure:>12}  {w.zh}{formula}")
        print(f"{'':>12}  {w.en}")
    d = q.decision
    print(f"核保 underwriting: {d.outcome}")
    for f in d.fired:
        print(f"  - [{f.outcome}] {f.message_zh} / {f.message_en}")
    return 0
