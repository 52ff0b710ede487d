"""`chudan-hq user add|list|disable|passwd|logins`: head-office staff accounts (hq/accounts.py).
A password is never an argument (every local user can read argv in `ps`): it is asked twice
without echo on a terminal, or read as the first line of stdin with `--password-stdin`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

from app.core.errors import InvalidInput


def read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InvalidInput(
            "No terminal to ask the password on; pipe it in with --password-stdin.",
            zh="没有终端可输入密码，请用 --password-stdin 从标准输入提供。",
        )
    first = getpass.getpass("Password / 密码: ")
    if getpass.getpass("Again / 再次输入: ") != first:
        raise InvalidInput("The two passwords differ.", zh="两次输入的密码不一致。")
    return first


def register(
    sub: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    engine: Callable[[argparse.Namespace], Any],
) -> None:
    from hq.accounts import ROLES

    user = sub.add_parser("user", help="head-office staff accounts (the reports API)")
    usub = user.add_subparsers(dest="user_command", required=True)
    add = usub.add_parser("add", parents=[common], help="add a staff account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=lambda a: _add(a, engine))
    lst = usub.add_parser("list", parents=[common], help="list staff accounts")
    lst.set_defaults(func=lambda a: _list(a, engine))
    dis = usub.add_parser(
        "disable", parents=[common], help="stop an account logging in; its tokens end at once"
    )
    dis.add_argument("name")
    dis.set_defaults(func=lambda a: _disable(a, engine))
    pw = usub.add_parser(
        "passwd", parents=[common], help="set a new password; the account's tokens end"
    )
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    pw.set_defaults(func=lambda a: _passwd(a, engine))
    log = usub.add_parser("logins", parents=[common], help="the latest log-in attempts")
    log.add_argument("--limit", type=int, default=50)
    log.set_defaults(func=lambda a: _logins(a, engine))


def _out(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


def _add(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from sqlalchemy.orm import Session

    from hq.accounts import add_user, check_name, check_new_password

    check_name(args.name)  # refused before a password is asked for
    password = read_password(args)
    check_new_password(password)
    with Session(engine(args)) as s:
        user = add_user(s, args.name, args.role, password)
        s.commit()
        _out(args, {"name": user.name, "role": user.role}, f"added {user.name} ({user.role})")
    return 0


def _list(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from sqlalchemy.orm import Session

    from hq.accounts import list_users

    with Session(engine(args)) as s:
        rows = [
            {
                "name": u.name,
                "role": u.role,
                "created_at": u.created_at,
                "disabled_at": u.disabled_at,
            }
            for u in list_users(s)
        ]
    text = "\n".join(
        f"{r['name']}\t{r['role']}\t{'disabled' if r['disabled_at'] else 'active'}" for r in rows
    )
    _out(args, rows, text or "no staff accounts")
    return 0


def _disable(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from sqlalchemy.orm import Session

    from hq.accounts import disable

    with Session(engine(args)) as s:
        disable(s, args.name)
        s.commit()
    _out(args, {"disabled": args.name}, f"disabled {args.name}")
    return 0


def _passwd(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from sqlalchemy.orm import Session

    from hq.accounts import check_name, set_password

    check_name(args.name)
    password = read_password(args)
    with Session(engine(args)) as s:
        set_password(s, args.name, password)
        s.commit()
    _out(args, {"changed": args.name}, f"password changed for {args.name}")
    return 0


def _logins(args: argparse.Namespace, engine: Callable[[argparse.Namespace], Any]) -> int:
    from sqlalchemy.orm import Session

    from hq.accounts import logins

    with Session(engine(args)) as s:
        rows = [
            {"at": r.at, "name": r.name, "outcome": r.outcome, "client": r.client}
            for r in logins(s, max(1, min(args.limit, 1000)))
        ]
    text = "\n".join(f"{r['at']}\t{r['name']}\t{r['outcome']}\t{r['client']}" for r in rows)
    _out(args, rows, text or "no log-ins yet")
    return 0
