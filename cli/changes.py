"""`chudan policy endorse NUMBER REQUEST.json`, `chudan policy cancel NUMBER --reason …
--effective …`, `chudan policy history NUMBER` and `chudan policy reprint NUMBER …`
(docs/changes.md; example request: resources/examples/endorsement-request.json).

Endorsing and cancelling run every step in one transaction: a refusal stores nothing. A kind the
rate table gives to a supervisor needs `--approved-by NAME` (the supervisor's password is asked,
or read from stdin after the `--as` account's)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.common import acting_user, add_account, add_json_flag, opened_context, operator
from cli.output import print_json

REASONS = (
    "deregistered",
    "laid_up",
    "lost",
    "customer_request",
    "sold",
    "scrapped",
    "duplicate",
)


def register(psub: argparse._SubParsersAction) -> None:
    """Adds the change commands to `chudan policy`."""
    en = psub.add_parser(
        "endorse",
        help="endorse a policy from a JSON request (resources/examples/endorsement-request.json)",
    )
    en.add_argument("number", help="the policy number")
    en.add_argument("request", help="the request file")
    _common(en)
    en.set_defaults(func=_endorse)

    ca = psub.add_parser("cancel", help="cancel a policy (退保), or its commercial cover alone")
    ca.add_argument("number", help="the policy number")
    ca.add_argument("--reason", required=True, choices=REASONS, help="why it is cancelled")
    ca.add_argument(
        "--effective",
        required=True,
        metavar="YYYY-MM-DD",
        help="the first day without cover (cover ends at 24:00 the day before)",
    )
    ca.add_argument(
        "--scope",
        choices=("all", "commercial"),
        default="all",
        help="the whole policy (default) or the commercial cover alone",
    )
    ca.add_argument(
        "--document",
        action="append",
        default=[],
        metavar="KIND=NUMBER",
        help="a document on record, e.g. deregistration_certificate=BJ2026-0012 (repeatable)",
    )
    ca.add_argument(
        "--refund-to",
        metavar="METHOD:REFERENCE",
        help="the policyholder's own account for the refund (card:…, transfer:…, qr:…); "
        "default: the account they paid from",
    )
    ca.add_argument("--note", help="a note kept with the cancellation")
    _common(ca)
    ca.set_defaults(func=_cancel)

    hi = psub.add_parser("history", help="every version and transaction of a policy")
    hi.add_argument("number", help="the policy number")
    add_json_flag(hi)
    hi.set_defaults(func=_history)

    rp = psub.add_parser("reprint", help="print a lost document again (补打, audited)")
    rp.add_argument("number", help="the policy number")
    rp.add_argument("--document", required=True, choices=("cover_note", "policy", "endorsement"))
    rp.add_argument(
        "--endorsement", metavar="NUMBER", help="the 批单号, for --document endorsement"
    )
    rp.add_argument("--reason", required=True, help="why (lost, damaged, …)")
    rp.add_argument("--pdf", type=Path, required=True, metavar="PATH", help="where to write it")
    rp.add_argument("--force", action="store_true", help="replace PATH if it exists")
    add_account(rp, "the clerk reprinting it (default: the machine's operator)")
    add_json_flag(rp)
    rp.set_defaults(func=_reprint)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--approved-by",
        metavar="NAME",
        help="the supervisor who approves it, where the rate table asks for one (password asked, "
        "or read from stdin)",
    )
    p.add_argument(
        "--pdf",
        type=Path,
        metavar="PATH",
        help="also write the 批单 to PATH (a new file outside the data directory)",
    )
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    add_account(p, "the clerk making the change (default: the machine's operator)")
    add_json_flag(p)


def _approver(ctx: Any, args: argparse.Namespace):
    if not args.approved_by:
        return None
    from cli.common import read_secret

    password = read_secret(f"Password for {args.approved_by}: ", "password")
    return ctx.auth.verify_password(args.approved_by, password)


def _checked_pdf(ctx: Any, args: argparse.Namespace) -> None:
    if args.pdf:
        from app.core.output_files import checked_destination
        from app.desk.store_admin import store_files

        checked_destination(
            args.pdf,
            home=ctx.home,
            force=args.force,
            what="the PDF",
            protected=store_files(ctx.store),
        )


def _write_pdf(ctx: Any, args: argparse.Namespace, content: bytes | None) -> str | None:
    if not args.pdf or content is None:
        return None
    from app.core.output_files import checked_destination, write_new_file
    from app.desk.store_admin import store_files

    target = checked_destination(
        args.pdf, home=ctx.home, force=args.force, what="the PDF", protected=store_files(ctx.store)
    )
    write_new_file(target, content, "the PDF")
    return str(target)


def _report(ctx: Any, args: argparse.Namespace, view: Any) -> int:
    j = view.to_json()
    j["pdf"] = _write_pdf(ctx, args, ctx.changes.note_pdf(operator(), view.id))
    if args.json:
        print_json(j)
        return 0
    zh = ctx.settings.language().startswith("zh")
    what = "批单" if view.kind == "endorsement" else "退保批单"
    print(f"{j['state']}: {what} {j['number']}  policy {j['policy_number']}")
    for line in j["worksheet"]:
        text = line["zh"] if zh else line["en"]
        print(f"  {text}" + (f"  {line['figure']}" if line["figure"] else ""))
    for r in j["refunds"]:
        print(f"  refund {r['amount']} to {r['method']} {r['reference']} ({r['status']})")
    if j["pdf"]:
        print(f"批单: {j['pdf']}")
    print("head office confirms it at the next sync" if j["state"] == "bound" else "")
    return 0


def _endorse(args: argparse.Namespace) -> int:
    from app.core.json_input import load_json_file

    data = load_json_file(args.request, what="the endorsement request")
    with opened_context() as ctx:
        actor = acting_user(ctx, args) if args.as_user else operator()
        approver = _approver(ctx, args)
        _checked_pdf(ctx, args)
        view = ctx.changes.endorse(actor, args.number, data, approver)
        return _report(ctx, args, view)


def _cancel(args: argparse.Namespace) -> int:
    from app.core.errors import InvalidInput

    documents = []
    for d in args.document:
        kind, sep, ref = d.partition("=")
        if not sep or not ref.strip():
            raise InvalidInput(
                f"--document takes KIND=NUMBER (got {d[:40]!r}).",
                zh="--document 的格式为 类型=证明编号。",
            )
        documents.append({"kind": kind.strip(), "reference": ref.strip()})
    data: dict[str, Any] = {
        "reason": args.reason,
        "effective_date": args.effective,
        "scope": args.scope,
        "documents": documents,
    }
    if args.refund_to:
        method, sep, ref = args.refund_to.partition(":")
        if not sep or not ref.strip():
            raise InvalidInput(
                "--refund-to takes METHOD:REFERENCE, e.g. card:6222020200112233.",
                zh="--refund-to 的格式为 方式:账号，例如 card:6222020200112233。",
            )
        data["refund_to"] = {"method": method.strip(), "reference": ref.strip()}
    if args.note:
        data["note"] = args.note
    with opened_context() as ctx:
        actor = acting_user(ctx, args) if args.as_user else operator()
        approver = _approver(ctx, args)
        _checked_pdf(ctx, args)
        view = ctx.changes.cancel(actor, args.number, data, approver)
        return _report(ctx, args, view)


def _history(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        h = ctx.changes.history(operator(), args.number)
    if args.json:
        print_json(h)
        return 0
    print(f"{h['policy_number']}  {h['state']} ({h['state_zh']})")
    print("versions:")
    for v in h["versions"]:
        print(
            f"  v{v['number']} from {v['effective_date']}  {v['state']:<11} "
            f"{v['change'] or '(as issued)'}  total {v['premium']['total']}"
            + (f"  cover ends {v['cover_ends']}" if v["cover_ends"] else "")
        )
    print("transactions:")
    for t in h["transactions"]:
        print(
            f"  {t['number'] or '(no number)'}  {t['change_kind']:<10} {t['state']:<10} "
            f"effective {t['effective_date']}  {t['difference']:>10}"
            + (f"  confirmation {t['confirmation_code']}" if t["confirmation_code"] else "")
            + (f"  head office: {t['hq_reason']}" if t["hq_reason"] else "")
        )
        for c in t["changed"]:
            before, after = c.get("before_en") or c["before"], c.get("after_en") or c["after"]
            print(f"      {c['label_en']}: {before} → {after}")
        for r in t["refunds"]:
            paid = (
                f" (paid {r['paid_at']}, {r['paid_reference']})"
                if r["status"] == "paid" and r.get("paid_reference")
                else ""
            )
            print(f"      refund {r['amount']} {r['status']} to {r['reference']}{paid}")
    if not h["transactions"]:
        print("  none")
    for r in h["reprints"]:
        print(f"reprint {r['count']}: {r['document']} by {r['by']} ({r['reason']})")
    m = h["money"]
    print(
        f"money: issued {m['issued']}, changes {m['changes']}, charged {m['charged']}; "
        f"paid {m['paid']}, refunded {m['refunded']}"
    )
    return 0


def _reprint(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = acting_user(ctx, args) if args.as_user else operator()
        _checked_pdf(ctx, args)
        content, name = ctx.changes.reprint(
            actor, args.number, args.document, args.reason, args.endorsement
        )
        path = _write_pdf(ctx, args, content)
    if args.json:
        print_json({"pdf": path, "document": args.document, "file": name})
    else:
        print(f"reprinted {args.document}: {path}")
    return 0
