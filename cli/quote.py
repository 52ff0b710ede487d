"""`chudan quote REQUEST.json [--json] [--lang zh_CN|en]`: price a request with the installed table
in force on its start date and print the worksheet in the desk's language (or the quote as JSON).
A request without a start date is priced from the earliest start a policy issued now could have;
one whose start a policy issued now could not have (in the past, or too far ahead) is priced with
a warning saying so."""

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
    p.add_argument(
        "--lang",
        choices=["zh_CN", "en"],
        help="the worksheet's language (default: the desk's language, as set in the window)",
    )
    add_json_flag(p)
    p.set_defaults(func=_quote)


def _quote(args: argparse.Namespace) -> int:
    from datetime import datetime

    from app.core.paths import data_dir
    from app.rating.installed import InstalledTables
    from app.rating.request_quote import price_request
    from app.rating.worksheet_text import present
    from app.settings.local import SettingsService

    data = load_json_file(args.request, what="the quote request")
    # The moment of the quote, as if issued now (the yard's instant quote prices the same way).
    priced = price_request(data, InstalledTables(data_dir()), datetime.now().astimezone())
    q, warnings = priced.quote, priced.warnings
    if args.json:
        print_json(priced.to_json())
        return 0
    lang = args.lang or SettingsService(data_dir() / "settings.json", None).language()
    zh = lang.startswith("zh")
    print(present(q, lang).as_text())
    d = q.decision
    outcome = {
        "pass": ("通过", "pass"),
        "refer": ("转人工核保", "referred to a supervisor"),
        "decline": ("拒保", "declined"),
    }.get(d.outcome, (d.outcome, d.outcome))
    what = ("（商业险）" if zh else " (commercial cover)") if d.commercial else ""
    print(f"核保{what}：{outcome[0]}" if zh else f"underwriting{what}: {outcome[1]}")
    for f in d.fired:
        print(f"  - {f.message_zh if zh else f.message_en}")
    if d.message_zh:
        print(f"  {d.message_zh if zh else d.message_en}")
    for warning in warnings:
        print(f"注意：{warning['zh']}" if zh else f"warning: {warning['en']}")
    return 0
