"""`chudan sync status | run | provision`: the sync worker and provisioning from the command line
(the same code the window's sync page calls)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.common import acting_user, add_account, add_json_flag, opened_context
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="head office: status, sync now, provision this desk")
    psub = p.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    st = psub.add_parser("status", help="online/offline, queue length, last success and last error")
    add_json_flag(st)
    st.set_defaults(func=_status)
    run = psub.add_parser(
        "run", help="sync now: pull rate tables, upload policies, send queued look-ups"
    )
    add_json_flag(run)
    run.set_defaults(func=_run)
    pr = psub.add_parser("provision", help="enrol this desk with head office (once)")
    how = pr.add_mutually_exclusive_group(required=True)
    how.add_argument("--code", help="the one-time enrolment code from head office (with --url)")
    how.add_argument("--file", type=Path, help="head office's signed provisioning file (offline)")
    pr.add_argument("--url", help="head office's address, e.g. https://hq.example.cn:8443")
    pr.add_argument(
        "--ca", type=Path, help="CA certificate to check head office's TLS certificate against"
    )
    pr.add_argument(
        "--fingerprint", default="", help="head office's key fingerprint, printed with the file"
    )
    pr.add_argument(
        "--region", help="the outlet's region code (only when this desk has no outlet yet)"
    )
    pr.add_argument("--force", action="store_true", help="replace an existing provisioning")
    add_account(pr)
    add_json_flag(pr)
    pr.set_defaults(func=_provision)


def _print_status(j: dict[str, Any]) -> None:
    print(f"head office: {j['state']}" + (f" ({j['hq_url']})" if j.get("hq_url") else ""))
    print(
        f"queue: {j['policies_waiting']} policies, {j['calls_waiting']} look-ups/referrals waiting; "
        f"{j['policies_rejected']} rejected by head office"
    )
    print(f"last success: {j['last_success'] or 'never'}")
    if j.get("last_error"):
        print(f"last error: {j['last_error']}")
    print(f"rate table: {j['rate_table']['text']}")


def _status(args: argparse.Namespace) -> int:
    from sync.worker import SyncWorker

    with opened_context() as ctx:
        j = SyncWorker(ctx).status()
    if args.json:
        print_json(j)
    else:
        _print_status(j)
    return 0


def _run(args: argparse.Namespace) -> int:
    from sync.worker import SyncWorker

    with opened_context() as ctx:
        worker = SyncWorker(ctx, on_confirmed=ctx.after_confirmation)
        summary = worker.run_once()
        j = {"run": summary.to_json(), "status": worker.status()}
    if args.json:
        print_json(j)
    else:
        u = j["run"]["upload"]
        print(
            f"sent {u['sent']}: {u['accepted']} accepted, {u['duplicates']} already there, "
            f"{u['rejected']} rejected, {u['retry']} to retry"
        )
        if j["run"]["rates"] and j["run"]["rates"]["installed"]:
            print(
                "rate tables installed: "
                + ", ".join(f"v{v}" for v in j["run"]["rates"]["installed"])
            )
        for refused in (summary.rates.refused if summary.rates else [])[:5]:
            print(f"rate table v{refused.version} refused: {refused.reason}")
        _print_status(j["status"])
    # A refused table is a failed sync for scripts too: the desk did not get what head office
    # published (the reason is printed and kept in the status).
    any_refused = bool(summary.rates and summary.rates.refused)
    return 0 if summary.ok and not any_refused else 1


def _provision(args: argparse.Namespace) -> int:
    from app.core.errors import InvalidInput
    from sync.provisioning import Provisioner
    from sync.worker import SyncWorker

    with opened_context() as ctx:
        actor = acting_user(ctx, args)
        prov = Provisioner(ctx)
        if args.code:
            if not args.url:
                raise InvalidInput(
                    "Give head office's address with --url along with --code.",
                    zh="使用 --code 时请同时用 --url 提供总公司地址。",
                )
            result = prov.online(
                actor,
                args.url,
                args.code,
                ca_file=args.ca,
                force=args.force,
                region=args.region,
            )
        else:
            result = prov.from_file(
                actor,
                args.file,
                force=args.force,
                expected_fingerprint=args.fingerprint,
                url=args.url or "",
                region=args.region,
            )
        j: dict[str, Any] = {"provisioned": result.to_json()}
        if result.hq_url:
            # The first sync brings head office's rate tables (the desk cannot quote without them).
            summary = SyncWorker(ctx, on_confirmed=ctx.after_confirmation).run_once()
            j["first_sync"] = summary.to_json()
    if args.json:
        print_json(j)
    else:
        r = j["provisioned"]
        print(
            f"provisioned: device {r['device_id']}, outlet {r['outlet_code']}, head office {r['hq_url'] or '(no address)'}"
        )
        print(f"head office key fingerprint: {r['key_fingerprint']}")
        for note in r["notes"]:
            print(f"note: {note}")
        if "first_sync" in j:
            fs = j["first_sync"]
            print("first sync: " + ("done" if fs["ok"] else f"not finished ({fs['error']})"))
    return 0
