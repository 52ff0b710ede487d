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
    from app.rating import parse_request, quote_and_underwrite
    from app.rating.inception import check_start, default_start
    from app.rating.installed import InstalledTables
    from app.rating.worksheet_text import present
    from app.settings.local import SettingsService

    data = load_json_file(args.request, what="the quote request")
    tables = InstalledTables(data_dir())
    now = datetime.now().astimezone()  # the moment of the quote, as if issued now
    region = data.get("region") if isinstance(data, dict) else None
    if isinstance(data, dict) and isinstance(region, str):
        if "start_date" not in data:  # the earliest start allowed, as issuing would choose
            start, immediate = default_start(region, now, tables.for_date(now.date()))
            data["start_date"] = start.isoformat()
            if immediate:
                data.setdefault("immediate", True)
        tax = data.get("tax")
        if isinstance(tax, dict) and tax.get("arrears") and "paid_on" not in tax:
            tax["paid_on"] = now.date().isoformat()  # collected with the CTPL, today
    req = parse_request(data)
    table = tables.for_date(req.start_date)
    q = quote_and_underwrite(req, table)
    _immediate, start_problems = check_start(req.start_date, req.region, now, table)
    warnings = [
        {
            "en": f"A policy issued now could not start on {req.start_date}: {p.en}.",
            "zh": f"现在出单不能以 {req.start_date} 起保：{p.zh}。",
        }
        for p in start_problems
    ]
    if req.immediate and not _immediate and not start_problems:
        warnings.append(
            {
                "en": f"Immediate inception means cover from the moment of issue: a policy issued "
                f"now for {req.start_date} starts at 00:00 that day instead.",
                "zh": f"即时生效指自出单时起保：现在出单、{req.start_date} 起保的保单应从当日 0 时起。",
            }
        )
    if args.json:
        print_json({**q.to_json(), "warnings": warnings})
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
