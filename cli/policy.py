"""`chudan policy issue REQUEST.json | list | show NUMBER | verify TOKEN|FILE` (and the changes of
cli/changes.py: endorse, cancel, history, reprint)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import acting_user, add_account, add_json_flag, opened_context, operator
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("policy", help="list and show policies (personal data masked)")
    psub = p.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    ls = psub.add_parser("list", help="policies, newest first")
    ls.add_argument("--state", help="only this state (draft, quoted, bound, confirmed, ...)")
    add_json_flag(ls)
    ls.set_defaults(func=_list)
    iss = psub.add_parser(
        "issue",
        help="issue a policy from a JSON request (see resources/examples/policy-request.json)",
    )
    iss.add_argument("request", help="the request file")
    iss.add_argument(
        "--pdf",
        type=Path,
        metavar="PATH",
        help="also write the cover note to PATH (a new file outside the data directory)",
    )
    iss.add_argument("--force", action="store_true", help="replace PATH if it exists")
    add_account(iss, "the clerk issuing it (default: the machine's operator)")
    add_json_flag(iss)
    iss.set_defaults(func=_issue)
    ver = psub.add_parser(
        "verify",
        help="check a printed policy: the token its QR code carries, or the PDF or photo itself",
    )
    ver.add_argument("token", help="the QR code's text (CD1.…), or a PDF, PNG or JPEG file")
    add_json_flag(ver)
    ver.set_defaults(func=_verify)
    sh = psub.add_parser("show", help="one policy by number (or id)")
    sh.add_argument("number")
    sh.add_argument(
        "--pdf",
        type=Path,
        metavar="PATH",
        help="write its latest document (the formal policy, else the cover note) to PATH",
    )
    sh.add_argument("--force", action="store_true", help="replace PATH if it exists")
    add_json_flag(sh)
    sh.set_defaults(func=_show)
    # Endorse, cancel, history, reprint: their own module.
    from cli.changes import register as register_changes

    register_changes(psub)
    # E-policy delivery by text: the insurer's SMS gateway (the window has no page for it yet).
    ep = sub.add_parser("epolicy", help="e-policy delivery: the SMS gateway")
    esub = ep.add_subparsers(dest="epolicy_command", metavar="ACTION", required=True)
    sms = esub.add_parser(
        "sms-gateway", help="set up the insurer's SMS gateway (URL, token from stdin) or show it"
    )
    sms.add_argument("--url", help="the gateway's https address (http only on this machine)")
    sms.add_argument(
        "--token-stdin", action="store_true", help="read the access token from stdin (one line)"
    )
    sms.add_argument(
        "--sender", default="", help="the signature the gateway prints (短信签名), if it needs one"
    )
    sms.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for the gateway (default 10)"
    )
    add_account(sms, "an administrator, to change it")
    add_json_flag(sms)
    sms.set_defaults(func=_sms_gateway)


def _list(args: argparse.Namespace) -> int:
    if args.state is not None:
        from app.core.errors import InvalidInput
        from app.core.limits import escaped
        from app.issuance.lifecycle import State

        if args.state not in {s.value for s in State}:
            raise InvalidInput(
                f"There is no state {escaped(args.state, 20)!r}; choose one of "
                + ", ".join(s.value for s in State)
                + ".",
                zh="没有该状态，请从以下选择：" + "、".join(s.value for s in State) + "。",
            )
    with opened_context() as ctx:
        rows = ctx.policies.list_policies(operator(), state=args.state)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        j = r.to_json()
        print(
            f"{j['policy_number'] or '(no number yet)':<26} {r.state:<10} {j['policyholder']:<8} "
            f"{j['plate'] or '未上牌':<9} {j['premium_total'] or '':>10}"
        )
    if not rows:
        print("no policies yet")
    return 0


def _copy_pdf(ctx, policy_id: str, kind: str | None, dest: Path, force: bool) -> Path:
    """A plain copy of a policy's PDF where the person asked (the print folder is emptied when
    the command ends)."""
    from app.core.output_files import checked_destination, write_new_file
    from app.desk.store_admin import store_files

    target = checked_destination(
        dest,
        home=ctx.home,
        force=force,
        what="the PDF",
        protected=store_files(ctx.store),
    )
    from app.core.errors import NotFound

    if kind is not None:
        source = ctx.policies.pdf_file(operator(), policy_id, kind, ctx.home)
    else:  # the formal policy once head office confirmed, else the cover note
        try:
            source = ctx.policies.pdf_file(operator(), policy_id, "policy", ctx.home)
        except NotFound:
            source = ctx.policies.pdf_file(operator(), policy_id, "cover_note", ctx.home)
    write_new_file(target, source.read_bytes(), "the PDF")
    return target


def _show(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        detail = ctx.policies.get(operator(), args.number)
        pdf = _copy_pdf(ctx, detail.row.id, None, args.pdf, args.force) if args.pdf else None
    j = detail.to_json()
    if pdf is not None:
        j["pdf"] = str(pdf)
    if args.json:
        print_json(j)
        return 0
    print(f"{j['policy_number']}  {j['state']} ({j['state_zh']})")
    holder = j["policyholder"]  # already masked by PolicyQueries (张*, 110***********1238)
    print(f"policyholder: {holder.get('name')} {holder.get('id_number')}")
    print(f"vehicle: {j['vehicle'].get('plate') or '未上牌'} VIN {j['vehicle'].get('vin')}")
    for c in j["coverages"]:
        print(f"  {c['code']:<20} {c['sum_insured'] or c['limit'] or '':>12} {c['premium']:>10}")
    print(f"total premium: {j['premium_total']}")
    if pdf is not None:
        print(f"PDF: {pdf}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    """Exit 0 only when every code read is genuine and matches this desk's policy."""
    from pathlib import Path

    from app.core.errors import InvalidInput
    from app.documents.qr import read_qr_codes

    given = Path(args.token)
    if args.token.startswith("CD1."):
        tokens = [args.token]
    else:
        tokens = [t for t in read_qr_codes(given) if t.startswith("CD1.")]
        if not tokens:
            raise InvalidInput(
                f"No Chudan policy QR code was found in {given.name}; scan the code and give its "
                "text instead.",
                zh=f"在 {given.name} 中未找到出单台保单二维码，请扫描二维码后直接提供其文字。",
            )
    with opened_context() as ctx:
        lang = ctx.settings.language()
        results = [ctx.policies.verify_document(operator(), t) for t in tokens]
    if args.json:
        print_json(results[0].to_json() if len(results) == 1 else [r.to_json() for r in results])
    else:
        for r in results:
            print(r.localized(lang))
    return 0 if all(r.ok for r in results) else 1


def _issue(args: argparse.Namespace) -> int:
    from app.core.json_input import load_json_file

    data = load_json_file(args.request, what="the policy request")
    with opened_context() as ctx:
        actor = acting_user(ctx, args) if args.as_user else operator()
        if args.pdf:  # refused before anything is issued
            from app.core.output_files import checked_destination
            from app.desk.store_admin import store_files

            checked_destination(
                args.pdf,
                home=ctx.home,
                force=args.force,
                what="the PDF",
                protected=store_files(ctx.store),
            )
        result = ctx.issuance.issue(actor, data)
        pdf = None
        if args.pdf and result.policy_id and result.pdf_path:
            pdf = _copy_pdf(ctx, result.policy_id, "cover_note", args.pdf, args.force)
    j = result.to_json()
    # The print folder is emptied when the command ends: only a copy asked for stays.
    j["pdf"] = str(pdf) if pdf is not None else None
    if args.json:
        print_json(j)
    else:
        print(
            f"{j['state']}: {j['policy_number'] or '(no number: ' + j['state'] + ')'}  total {j['total']}"
        )
        if j["pdf"]:
            print(f"cover note: {j['pdf']}")
        elif j["policy_number"]:
            print("cover note: kept in the store (保单 opens it; --pdf PATH writes a copy)")
        if j["state"] == "referred":
            print(
                "referred to a supervisor: "
                + "; ".join(r["message_en"] for r in j["underwriting"]["reasons"])
            )
        if j["message"]:
            print(j["message"])
    return 0 if j["state"] in ("bound", "referred") else 1


def _sms_gateway(args: argparse.Namespace) -> int:
    """Without --url: show what is set up (the token never printed). With it: store it encrypted."""
    import sys

    from app.core.errors import InvalidInput
    from app.delivery.sms import SmsSettings, load_sms, save_sms

    with opened_context() as ctx:
        if args.url:
            if not args.token_stdin:
                raise InvalidInput(
                    "Give the token on stdin with --token-stdin (never on the command line).",
                    zh="请用 --token-stdin 从标准输入提供令牌（不要写在命令行上）。",
                )
            actor = acting_user(ctx, args)
            token = sys.stdin.readline().strip()
            save_sms(
                ctx.secure_settings,
                actor,
                SmsSettings(url=args.url, token=token, sender=args.sender, timeout_s=args.timeout),
            )
        current = load_sms(ctx.secure_settings)
    shown = {
        "configured": current is not None,
        "url": current.url if current else None,
        "sender": current.sender if current else None,
    }
    if args.json:
        print_json(shown)
    else:
        print(f"SMS gateway: {shown['url']}" if current else "SMS gateway: not set up (texts wait)")
    return 0
