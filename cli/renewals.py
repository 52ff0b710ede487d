"""`chudan renewals list | show | import | renew | remind | quoted | lost | reopen | note | assign
| funnel | settings`: the outlet's book and its renewals, headless (docs/renewals.md)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from cli.common import (
    acting_user,
    add_account,
    add_json_flag,
    bounded_int,
    opened_context,
    operator,
)
from cli.output import print_json


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a date like 2026-12-31") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("renewals", help="the outlet's book: renewals due, import, lost, funnel")
    rsub = p.add_subparsers(dest="renewals_command", metavar="ACTION", required=True)

    ls = rsub.add_parser("list", help="the renewal work-list (续保清单), by due date")
    ls.add_argument(
        "--due-within",
        type=bounded_int(0, 366),
        metavar="DAYS",
        help="policies ending within DAYS days (default: the outlet's window)",
    )
    ls.add_argument(
        "--all-states",
        action="store_true",
        help="also renewed and lost ones (default: those still to work)",
    )
    ls.add_argument("--limit", type=bounded_int(1, 100_000), default=1000, help="rows at most")
    add_account(ls, "a clerk or supervisor (default: the machine's operator, who sees all)")
    add_json_flag(ls)
    ls.set_defaults(func=_list)

    sh = rsub.add_parser("show", help="one renewal: the policy, its history and notes")
    sh.add_argument("number", help="the expiring policy's number")
    add_json_flag(sh)
    sh.set_defaults(func=_show)

    im = rsub.add_parser(
        "import",
        help="import the outlet's book from a CSV or XLSX file (see resources/examples/book-import.csv)",
    )
    im.add_argument("file", help="the CSV or XLSX file")
    im.add_argument(
        "--all-or-nothing",
        action="store_true",
        help="store nothing when any row is refused (default: store the good rows, list the others)",
    )
    add_account(im, "a supervisor or administrator")
    add_json_flag(im)
    im.set_defaults(func=_import)

    lost = rsub.add_parser("lost", help="record a renewal as lost, with its reason")
    lost.add_argument("number", help="the expiring policy's number")
    lost.add_argument(
        "--reason",
        required=True,
        help="switched (转保 to another insurer), sold, scrapped, unreachable or other",
    )
    lost.add_argument("--note", default="", help="what the customer said")
    add_account(lost, "the clerk (default: the machine's operator)")
    add_json_flag(lost)
    lost.set_defaults(func=_lost)

    qu = rsub.add_parser("quoted", help="the customer was given a price (已报价), by phone say")
    qu.add_argument("number", help="the expiring policy's number")
    qu.add_argument("--premium", help="the premium quoted, in yuan (tax not included)")
    add_account(qu, "the clerk (default: the machine's operator)")
    add_json_flag(qu)
    qu.set_defaults(func=_quoted)

    ro = rsub.add_parser(
        "reopen", help="a renewal marked lost by mistake, or the customer came back"
    )
    ro.add_argument("number", help="the expiring policy's number")
    ro.add_argument("--note", required=True, help="why it is reopened")
    add_account(ro, "a supervisor")
    add_json_flag(ro)
    ro.set_defaults(func=_reopen)

    note = rsub.add_parser("note", help="a note or a call's outcome on a renewal")
    note.add_argument("number", help="the expiring policy's number")
    note.add_argument("text", nargs="?", default="", help="the note")
    note.add_argument(
        "--call",
        choices=["reached", "no_answer", "call_back", "wrong_number"],
        help="the outcome of a call to the customer",
    )
    add_account(note, "the clerk (default: the machine's operator)")
    add_json_flag(note)
    note.set_defaults(func=_note)

    assign = rsub.add_parser("assign", help="hand renewals to a clerk")
    assign.add_argument("user", help="the clerk's user name")
    assign.add_argument("numbers", nargs="+", help="the expiring policies' numbers")
    add_account(assign, "a supervisor")
    add_json_flag(assign)
    assign.set_defaults(func=_assign)

    fu = rsub.add_parser(
        "funnel", help="the renewal funnel of policies ending in a period (应续/已报价/已续/流失)"
    )
    fu.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE")
    fu.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE")
    fu.add_argument("--clerk", help="one clerk's renewals only")
    add_json_flag(fu)
    fu.set_defaults(func=_funnel)

    rn = rsub.add_parser(
        "renew",
        help="renew a policy headless: the book's parties, vehicle and covers with this year's answers",
    )
    rn.add_argument("number", help="the expiring policy's number")
    rn.add_argument(
        "request",
        help="JSON: what the customer gives this year (consent, signature, payments; claims during "
        "the expiring term; any change), docs/renewals.md",
    )
    add_account(rn, "the clerk (default: the machine's operator)")
    add_json_flag(rn)
    rn.set_defaults(func=_renew)

    rm = rsub.add_parser(
        "remind",
        help="send the renewal reminders due now (consent, lead times, quiet hours)",
    )
    rm.add_argument("--dry-run", action="store_true", help="say what would go; send nothing")
    add_json_flag(rm)
    rm.set_defaults(func=_remind)

    st = rsub.add_parser(
        "settings", help="the outlet's renewal window, reminder lead times and quiet hours"
    )
    st.add_argument("--window", type=bounded_int(1, 366), metavar="DAYS", help="e.g. 90, 60 or 30")
    st.add_argument(
        "--reminders",
        metavar="DAYS,DAYS",
        help="days before the end a reminder goes out, e.g. 30,7",
    )
    st.add_argument("--quiet", metavar="HH:MM-HH:MM", help="no reminders between, e.g. 21:00-08:30")
    add_account(st, "an administrator, to change them")
    add_json_flag(st)
    st.set_defaults(func=_settings)


def _actor(ctx, args: argparse.Namespace):
    return acting_user(ctx, args) if getattr(args, "as_user", None) else operator()


def _list(args: argparse.Namespace) -> int:
    from app.renewals.states import RenewalState

    with opened_context() as ctx:
        actor = _actor(ctx, args)
        states = tuple(RenewalState) if args.all_states else None
        kwargs = {"states": states} if states else {}
        wl = ctx.renewals.work_list(actor, due_within=args.due_within, limit=args.limit, **kwargs)
    if args.json:
        print_json(wl.to_json())
        return 0
    print(f"renewals due within {wl.due_within} days of {wl.today} (and late ones): {wl.total}")
    current = None
    for r in wl.rows:
        if r.end_date != current:
            current = r.end_date
            print(f"— ends {r.end_date} ({r.days_left:+d} days)")
        premium = f"{r.premium:,.2f}" if r.premium is not None else "—"
        print(
            f"  {r.policy_number:<24} {r.state_zh:<4} {r.holder:<8} {r.plate or '未上牌':<9} "
            f"{premium:>12}  {r.assigned_to or '(unassigned)'}"
        )
    if wl.total > len(wl.rows):
        print(f"… {wl.total - len(wl.rows)} more (--limit)")
    return 0


def _show(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = operator()
        detail = ctx.renewals.detail(actor, ctx.renewals.find(actor, args.number))
    j = detail.to_json()
    if args.json:
        print_json(j)
        return 0
    print(
        f"{j['policy_number']} ({j['insurer']}) {j['start_date']} – {j['end_date']}: {j['state_zh']}"
    )
    print(f"policyholder: {j['holder']} {j['holder_id_number']}  phone {j['phone'] or '—'}")
    print(f"vehicle: {j['plate'] or '未上牌'} VIN {j['vin']}")
    print(f"premium: {j['premium'] or '—'}; renewable from {j['renewable_from']}")
    for e in j["events"]:
        print(f"  {e['at'][:16]} {e['by']}: {e['kind']} {e['outcome'] or ''} {e['text']}")
    return 0


def _import(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = acting_user(ctx, args, "a supervisor or administrator")

        def progress(done: int, total: int) -> None:
            if not args.json and sys.stderr.isatty():
                sys.stderr.write(f"\rchecked {done:,} of {total:,} rows")
                if done == total:
                    sys.stderr.write("\n")

        report = ctx.renewals.import_file(
            actor, args.file, all_or_nothing=args.all_or_nothing, progress=progress
        )
    if args.json:
        print_json(report.to_json())
    else:
        print(
            f"{report.file_name}: {report.total} rows; {report.added} added, {report.already} "
            f"already in the book, {report.refused_rows} refused"
            + ("" if report.stored else " — nothing was stored (all or nothing)")
        )
        for r in report.refused:
            print(f"  row {r['row']}, {r['column']}: {r['en']} / {r['zh']}")
        if report.ignored_columns:
            print("columns not read: " + ", ".join(report.ignored_columns))
    return 0 if not report.refused_rows else 1


def _renew(args: argparse.Namespace) -> int:
    from app.core.json_input import load_json_file
    from app.renewals.renewal import HeadOfficeRecord
    from sync.worker import SyncWorker

    answers = load_json_file(args.request, what="the renewal request")
    with opened_context() as ctx:
        actor = _actor(ctx, args)
        row_id = ctx.renewals.find(actor, args.number)
        # Head office's claims register when it answers now (else the level is estimated).
        vin = ctx.renewals.detail(actor, row_id).vin
        record = HeadOfficeRecord.from_answer(
            SyncWorker(ctx).ask_now("claims_history", vin=vin) if vin else None
        )
        request = ctx.renewals.renewal_request(actor, row_id, answers, record)
        result = ctx.issuance.issue(actor, request)
        detail = ctx.renewals.detail(actor, row_id)
    j = result.to_json()
    j["renews"] = detail.policy_number
    j["renewal_state"] = detail.state
    j["ncd_source"] = "head_office" if record is not None else "estimate"
    if args.json:
        print_json(j)
    else:
        print(
            f"{j['state']}: {j['policy_number'] or '(no number)'}  total {j['total']}; "
            f"{detail.policy_number} is {detail.state_zh} ({detail.state})"
        )
        print(
            f"NCD level from head office's claims register ({record.as_of})"
            if record is not None
            else "NCD level estimated from last year's record (head office did not answer); "
            "the platform's record is binding"
        )
        if j.get("message"):
            print(j["message"])
    return 0 if result.policy_number else 1


def _remind(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        run = ctx.renewals.remind(operator(), dry_run=args.dry_run)
    if args.json:
        print_json(run.to_json())
        return 0
    if args.dry_run:
        print(f"{run.planned} reminder(s) would be queued now (nothing sent)")
        for p in run.preview:
            print(f"  {p['policy_number']}: {p['channel']} to {p['to']} ({p['lead']} days ahead)")
        return 0
    print(
        f"{run.planned} queued, {run.sent} sent, {run.waiting} waiting (quiet hours, a retry, or "
        f"no SMTP/SMS set up), {run.failed} failed (see 待处理)"
    )
    return 0


def _lost(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = _actor(ctx, args)
        row_id = ctx.renewals.find(actor, args.number)
        ctx.renewals.mark_lost(actor, row_id, args.reason, args.note)
        detail = ctx.renewals.detail(actor, row_id)
    if args.json:
        print_json(
            {
                "policy_number": detail.policy_number,
                "state": detail.state,
                "lost_reason": detail.lost_reason,
            }
        )
    else:
        print(f"{detail.policy_number}: lost ({detail.lost_reason})")
    return 0


def _quoted(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = _actor(ctx, args)
        row_id = ctx.renewals.find(actor, args.number)
        ctx.renewals.mark_quoted(actor, row_id, args.premium)
        detail = ctx.renewals.detail(actor, row_id)
    if args.json:
        print_json(
            {
                "policy_number": detail.policy_number,
                "state": detail.state,
                "quoted_premium": detail.quoted_premium,
            }
        )
    else:
        print(f"{detail.policy_number}: {detail.state_zh} {detail.quoted_premium or ''}".rstrip())
    return 0


def _reopen(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = acting_user(ctx, args, "a supervisor")
        row_id = ctx.renewals.find(actor, args.number)
        ctx.renewals.reopen(actor, row_id, args.note)
        detail = ctx.renewals.detail(actor, row_id)
    if args.json:
        print_json({"policy_number": detail.policy_number, "state": detail.state})
    else:
        print(f"{detail.policy_number}: {detail.state_zh} ({detail.state})")
    return 0


def _note(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = _actor(ctx, args)
        row_id = ctx.renewals.find(actor, args.number)
        ctx.renewals.note(actor, row_id, args.text, call=args.call)
        detail = ctx.renewals.detail(actor, row_id)
    if args.json:
        print_json({"policy_number": detail.policy_number, "state": detail.state})
    else:
        print(f"{detail.policy_number}: noted; {detail.state_zh}")
    return 0


def _assign(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = acting_user(ctx, args, "a supervisor")
        ids = [ctx.renewals.find(actor, n) for n in args.numbers]
        n = ctx.renewals.assign(actor, ids, args.user)
    if args.json:
        print_json({"assigned": n, "to": args.user})
    else:
        print(f"{n} renewal(s) handed to {args.user}")
    return 0


def _funnel(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        f = ctx.renewals.funnel(operator(), args.start, args.end, clerk=args.clerk)
    j = f.to_json()
    if args.json:
        print_json(j)
        return 0

    def pct(rate: str | None) -> str:
        return "—" if rate is None else f"{float(rate) * 100:.2f} %"

    print(f"policies ending {args.start} – {args.end}")
    print(f"  应续 due        {f.due:>7}   {f.due_premium:>14,.2f}")
    print(f"  已联系 contacted {f.contacted:>6}")
    print(f"  已报价 quoted    {f.quoted:>6}   {f.quoted_premium:>14,.2f}")
    print(f"  已续 renewed    {f.renewed:>7}   {f.renewed_premium:>14,.2f}")
    print(f"  流失 lost       {f.lost:>7}   {f.lost_premium:>14,.2f}  {j['lost_by_reason']}")
    print(
        f"  续保率 renewal rate: {pct(j['renewal_rate'])} by count, {pct(j['renewal_rate_premium'])} by premium"
    )
    return 0


def _settings(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from app.core.errors import InvalidInput

    with opened_context() as ctx:
        current = ctx.renewals.settings()
        changes: dict = {}
        if args.window is not None:
            changes["window_days"] = args.window
        if args.reminders is not None:
            try:
                leads = tuple(int(x) for x in args.reminders.split(",") if x.strip())
            except ValueError:
                raise InvalidInput(
                    "Give the reminder lead times as days separated by commas, e.g. 30,7.",
                    zh="提醒提前天数请用逗号分隔，如 30,7。",
                ) from None
            changes["reminder_lead_days"] = leads
        if args.quiet is not None:
            start, sep, end = args.quiet.partition("-")
            if not sep:
                raise InvalidInput(
                    "Give the quiet hours as HH:MM-HH:MM, e.g. 21:00-08:30.",
                    zh="免打扰时段请写作 21:00-08:30。",
                )
            changes["quiet_start"], changes["quiet_end"] = start, end
        if changes:
            actor = acting_user(ctx, args)
            ctx.renewals.save_settings(actor, replace(current, **changes))
            current = ctx.renewals.settings()
    j = current.to_json()
    if args.json:
        print_json(j)
    else:
        print(
            f"window {j['window_days']} days; reminders {j['reminder_lead_days']} days before the "
            f"end; quiet hours {j['quiet_start']}–{j['quiet_end']}"
        )
    return 0
