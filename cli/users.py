"""`chudan user add|list|disable|enable|passwd|unlock`: account administration on this machine.

The command line acts as the machine's operator (audited as `cli:<os user>`): whoever can run it
here can already read the store's key, so it is the recovery path when no admin can log in."""

from __future__ import annotations

import argparse

from app.access.permissions import Role
from cli.common import add_json_flag, opened_context, operator, read_new_password
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="add, list, disable, unlock users; set passwords")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    a = usub.add_parser("add", help="add a user (the first user must be an admin)")
    a.add_argument("username")
    a.add_argument("--role", choices=[r.value for r in Role], default=Role.CLERK.value)
    a.add_argument("--display-name", default="")
    a.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add_json_flag(a)
    a.set_defaults(func=_add)

    ls = usub.add_parser("list", help="list users")
    add_json_flag(ls)
    ls.set_defaults(func=_list)

    for name, disabled in (("disable", True), ("enable", False)):
        d = usub.add_parser(name, help=f"{name} a user")
        d.add_argument("username")
        add_json_flag(d)
        d.set_defaults(func=_set_disabled, disabled=disabled)

    pw = usub.add_parser("passwd", help="set a user's password")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    add_json_flag(pw)
    pw.set_defaults(func=_passwd)

    u = usub.add_parser("unlock", help="unlock an account locked by failed log-ins")
    u.add_argument("username")
    add_json_flag(u)
    u.set_defaults(func=_unlock)


def _show(info, as_json: bool, verb: str) -> int:
    if as_json:
        print_json(info.to_json())
    else:
        print(f"{verb} {info.username} ({info.role.value})")
    return 0


def _add(args: argparse.Namespace) -> int:
    password = read_new_password(args.password_stdin)
    with opened_context() as ctx:
        if ctx.auth.needs_first_admin():
            if args.role != Role.ADMIN.value:
                from app.core.errors import InvalidInput

                raise InvalidInput(
                    "There are no users yet: the first one must be an admin (add --role admin).",
                    zh="尚无用户：第一个用户必须是管理员（加上 --role admin）。",
                )
        info = ctx.users.add_user(operator(), args.username, password, args.role, args.display_name)
    return _show(info, args.json, "added")


def _list(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        users = ctx.users.list_users(operator())
        now = ctx.clock()
    if args.json:
        print_json([u.to_json() for u in users])
        return 0
    for u in users:
        state = "disabled" if u.disabled else ("locked" if u.is_locked(now) else "active")
        print(f"{u.username:<20} {u.role.value:<11} {state:<9} {u.display_name}")
    if not users:
        print("no users yet: add the first with `chudan user add NAME --role admin`")
    return 0


def _set_disabled(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        info = ctx.users.set_disabled(operator(), args.username, args.disabled)
    return _show(info, args.json, "disabled" if args.disabled else "enabled")


def _passwd(args: argparse.Namespace) -> int:
    password = read_new_password(args.password_stdin)
    with opened_context() as ctx:
        ctx.users.set_password(operator(), args.username, password)
    if args.json:
        print_json({"username": args.username, "password_changed": True})
    else:
        print(f"password changed for {args.username}")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    with opened_context() as ctx:
        info = ctx.users.unlock(operator(), args.username)
    return _show(info, args.json, "unlocked")
