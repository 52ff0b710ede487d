"""`chudan db upgrade | backup [PATH] | restore PATH | check | export-key FILE | import-key FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.access.permissions import system_actor
from cli.common import acting_user, add_account, add_json_flag, opened_context, operator
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="upgrade, back up, restore or check the local store")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    u = dsub.add_parser(
        "upgrade", help="bring the store to this version's schema (backed up first)"
    )
    add_json_flag(u)
    u.set_defaults(func=_upgrade)
    b = dsub.add_parser(
        "backup",
        help="copy the store (still encrypted) to PATH (a new file outside the data directory) "
        "or into the backups folder",
    )
    b.add_argument("path", nargs="?", type=Path)
    b.add_argument("--force", action="store_true", help="replace PATH if it is an existing file")
    add_account(b)
    add_json_flag(b)
    b.set_defaults(func=_backup)
    r = dsub.add_parser("restore", help="replace the store with a backup (the current one is kept)")
    r.add_argument("path", type=Path)
    add_account(r)
    add_json_flag(r)
    r.set_defaults(func=_restore)
    c = dsub.add_parser("check", help="integrity_check, foreign_key_check and the audit chain")
    add_json_flag(c)
    c.set_defaults(func=_check)
    from cli import db_key  # export-key, import-key

    db_key.register(dsub)


def _upgrade(args: argparse.Namespace) -> int:
    with opened_context() as ctx:  # opening upgrades; report what it did
        r = ctx.upgrade_result
        out = {
            "from": r.from_revision,
            "to": r.to_revision,
            "upgraded": r.upgraded,
            "backup": str(r.backup_path) if r.backup_path else None,
            "store": str(ctx.store.path),
        }
    if args.json:
        print_json(out)
    elif r.upgraded:
        print(
            f"upgraded {out['from']} -> {out['to']}"
            + (f"; copy before upgrading: {out['backup']}" if out["backup"] else "")
        )
    else:
        print(f"up to date (schema {out['to']})")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from app.desk import store_admin
    from app.desk.store_key import key_backup_note

    with opened_context() as ctx:
        actor = acting_user(ctx, args)
        path = store_admin.backup(
            ctx.store, ctx.audit, actor, args.path, ctx.home, force=args.force
        )
        key = key_backup_note(ctx.store)
    if args.json:
        print_json({"backup": str(path), "key": key})
    else:
        print(f"backed up to {path} (encrypted with this store's key)")
        print(f"{key['en']}\n{key['zh']}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from app.desk import store_admin
    from app.desk.context import AppContext
    from app.issuance.policy_numbers import hold_numbering

    with opened_context() as ctx:
        home = ctx.home
        # A new desk with no accounts yet (a new PC after `db import-key`): there is nobody to
        # log in as, and nothing to protect; restoring its backup is how it gets its accounts.
        if ctx.auth.needs_first_admin():
            actor = system_actor(f"first-run:{operator().username}")
        else:
            actor = acting_user(ctx, args)
        safety = store_admin.restore(ctx.store, actor, args.path, home)
    with AppContext.open(home) as ctx, ctx.store.write() as s:  # upgrades an older backup
        # The backup may be older than the last policy this desk issued: no number is drawn
        # until a sync has brought the last one head office holds.
        hold_numbering(s, "the store was restored from a backup")
        ctx.audit.record(
            s,
            actor.audit_name,
            "db.restore",
            "store",
            "",
            f"from {args.path}; previous store kept at {safety}",
        )
    if args.json:
        print_json({"restored_from": str(args.path), "previous_store": str(safety)})
    else:
        print(f"restored from {args.path}; the store as it was is kept at {safety}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from app.desk import store_admin

    with opened_context() as ctx:
        report = store_admin.check(ctx.store, ctx.audit)
    if args.json:
        print_json(report.to_json())
    else:
        print(f"integrity_check: {', '.join(report.integrity.integrity)}")
        print(f"foreign_key_check: {len(report.integrity.foreign_key_violations)} violations")
        for v in report.integrity.foreign_key_violations[:20]:
            print(f"  {v}")
        a = report.audit
        print(
            f"audit chain: {'ok' if a.ok else f'BROKEN at event {a.broken_event_id}: {a.reason}'} ({a.checked} events)"
        )
        print("ok" if report.ok else "PROBLEMS FOUND: keep a copy of the store and contact support")
    return 0 if report.ok else 1
