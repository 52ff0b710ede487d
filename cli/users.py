"""`chudan user add|list|disable|enable|passwd|unlock|recover-admin`: accounts on this machine.

Every change needs an account that may make it, as in the window: `--as NAME` (an administrator,
or a supervisor for clerks' accounts), its password asked or read as the first line of stdin; a
new password follows as the next line. Only the very first account of a new desk is added
without one. A desk whose administrators cannot log in any more is recovered with
`recover-admin`, which proves knowledge of the store's key instead, and is audited as
`user.recovery` and reported to head office."""

from __future__ import annotations

import argparse
import hmac
from pathlib import Path

from app.access.permissions import ACCOUNT_ROLES, Role
from cli.common import (
    acting_user,
    add_account,
    add_json_flag,
    opened_context,
    operator,
    read_new_password,
)
from cli.output import print_json

_MANAGER = "an administrator (or a supervisor, for clerks)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="add, list, disable, unlock users; set passwords")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    a = usub.add_parser("add", help="add a user (the first user of a desk must be an admin)")
    a.add_argument("username")
    a.add_argument("--role", choices=[r.value for r in ACCOUNT_ROLES], default=Role.CLERK.value)
    a.add_argument("--display-name", default="")
    a.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the new password from stdin (after the --as password)",
    )
    add_account(a, _MANAGER)
    add_json_flag(a)
    a.set_defaults(func=_add)

    ls = usub.add_parser("list", help="list users")
    add_account(ls, "a supervisor or administrator")
    add_json_flag(ls)
    ls.set_defaults(func=_list)

    for name, disabled in (("disable", True), ("enable", False)):
        d = usub.add_parser(name, help=f"{name} a user")
        d.add_argument("username")
        add_account(d, _MANAGER)
        add_json_flag(d)
        d.set_defaults(func=_set_disabled, disabled=disabled)

    pw = usub.add_parser(
        "passwd",
        help="change your own password (--as yourself: the current one, then the new one) or "
        "reset someone else's (--as a manager)",
    )
    pw.add_argument("username")
    pw.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the new password from stdin (after the --as password)",
    )
    add_account(pw, "the user themself, or their manager")
    add_json_flag(pw)
    pw.set_defaults(func=_passwd)

    u = usub.add_parser("unlock", help="unlock an account locked by failed log-ins")
    u.add_argument("username")
    add_account(u, _MANAGER)
    add_json_flag(u)
    u.set_defaults(func=_unlock)

    r = usub.add_parser(
        "recover-admin",
        help="no administrator can log in: make NAME an administrator with a new password, "
        "proving you hold the store's key (audited and reported to head office)",
    )
    r.add_argument("username")
    r.add_argument(
        "--key-file",
        type=Path,
        required=True,
        help="a file holding the store's key (chudan.db.key, or the key from the OS keyring)",
    )
    r.add_argument("--password-stdin", action="store_true", help="read the new password from stdin")
    add_json_flag(r)
    r.set_defaults(func=_recover_admin)


def _show(info, as_json: bool, verb: str) -> int:
    if as_json:
        print_json(info.to_json())
    else:
        print(f"{verb} {info.username} ({info.role.value})")
    return 0


def _add(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        if ctx.auth.needs_first_admin():  # a new desk: its first account, as the window asks
            if args.role != Role.ADMIN.value:
                from app.core.errors import InvalidInput

                raise InvalidInput(
                    "There are no users yet: the first one must be an admin (add --role admin).",
                    zh="尚无用户：第一个用户必须是管理员（加上 --role admin）。",
                )
            password = read_new_password(args.password_stdin)
            first = ctx.auth.create_first_admin(args.username, password, args.display_name)
            info = next(u for u in ctx.users.list_users(first) if u.username == first.username)
        else:
            actor = acting_user(ctx, args, _MANAGER)
            password = read_new_password(args.password_stdin)
            info = ctx.users.add_user(actor, args.username, password, args.role, args.display_name)
    return _show(info, args.json, "added")


def _list(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        users = ctx.users.list_users(acting_user(ctx, args, "a supervisor or administrator"))
        now = ctx.clock()
    if args.json:
        print_json([u.to_json() for u in users])
        return 0
    for u in users:
        state = "disabled" if u.disabled else ("locked" if u.is_locked(now) else "active")
        print(f"{u.username:<20} {u.role.value:<11} {state:<9} {u.display_name}")
    return 0


def _set_disabled(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = acting_user(ctx, args, _MANAGER)
        info = ctx.users.set_disabled(actor, args.username, args.disabled)
    return _show(info, args.json, "disabled" if args.disabled else "enabled")


def _passwd(args: argparse.Namespace) -> int:
    from cli.common import read_secret

    with opened_context() as ctx:
        if not args.as_user:
            args.as_user = args.username  # your own: the current password first
        if args.as_user == args.username:
            old = read_secret(f"Current password for {args.username}: ", "password")
            me = ctx.auth.login(args.username, old, channel="command line")
            ctx.users.change_password(me, old, read_new_password(args.password_stdin))
            verb = "password changed"
        else:
            actor = acting_user(ctx, args, _MANAGER)
            ctx.users.reset_password(actor, args.username, read_new_password(args.password_stdin))
            verb = "password reset"
    if args.json:
        print_json({"username": args.username, "password_changed": True})
    else:
        print(f"{verb} for {args.username}")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        actor = acting_user(ctx, args, _MANAGER)
        info = ctx.users.unlock(actor, args.username)
    return _show(info, args.json, "unlocked")


def _recover_admin(args: argparse.Namespace) -> int:
    from app.core.errors import PermissionDenied
    from app.core.input_files import read_user_file
    from app.core.limits import MAX_KEY_FILE_BYTES

    with opened_context() as ctx:
        given = read_user_file(args.key_file, what="the store's key", max_bytes=MAX_KEY_FILE_BYTES)
        typed = given.decode("ascii", errors="replace").strip().lower()
        if not hmac.compare_digest(typed.encode(), ctx.store.key.hex.encode()):
            raise PermissionDenied(
                f"{args.key_file} does not hold this store's key; nothing was changed. Give the "
                "key file beside the store (chudan.db.key), or the key from the OS keyring "
                "(see the README).",
                zh="该文件中的密钥与本数据库不符，未做任何更改。请提供数据库旁的密钥文件（chudan.db.key），"
                "或从系统密钥环导出的密钥（见 README）。",
            )
        password = read_new_password(args.password_stdin)
        info = ctx.users.recover_admin(operator().audit_name, args.username, password)
    if args.json:
        print_json({**info.to_json(), "recovered": True})
    else:
        print(
            f"{info.username} is an enabled administrator with the new password; this recovery "
            "is in the audit log and will be reported to head office at the next sync"
        )
    return 0
