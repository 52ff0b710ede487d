"""Pieces the store-backed sub-commands share: opening the context, who acts, and secrets read
from the terminal or stdin.

Who acts: without `--as` a command acts as the machine's operator (`cli:<os user>`, the
operator role: issue headless, read masked data, sync, checks). Changing users, settings, the
store or the desk's provisioning needs an account: `--as NAME`, with NAME's password asked at the
terminal or read as the first line of stdin (never from the command line, where `ps` shows it)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from app.access.permissions import CurrentUser, command_line_operator
from app.core.errors import InvalidInput


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def add_account(parser: argparse.ArgumentParser, who: str = "an administrator") -> None:
    """`--as NAME`: the account a command acts as (its password from the terminal or stdin)."""
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="NAME",
        help=f"act as this account ({who}); its password is asked, or read as the first line of stdin",
    )


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` (anything else is a usage error)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"give a number from {low} to {high:,}")
        return value

    return parse


@contextmanager
def opened_context() -> Iterator[Any]:
    from app.desk.context import AppContext

    ctx = AppContext.open()
    try:
        yield ctx
    finally:
        ctx.close()


def operator() -> CurrentUser:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return command_line_operator(name)


def read_secret(prompt: str, what: str) -> str:
    """One secret: asked at the terminal (not echoed), else the next line of stdin."""
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            return getpass.getpass(prompt)
        except EOFError:
            pass
    else:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if line:
            return line.rstrip("\r\n")
    raise InvalidInput(
        f"No {what} was given: type it at the terminal, or give it as a line on stdin.",
        zh=f"未提供{what_zh(what)}：请在终端输入，或从标准输入提供一行。",
    )


def what_zh(what: str) -> str:
    return {"password": "密码", "new password": "新密码", "token": "令牌"}.get(what, what)


def acting_user(
    ctx: Any, args: argparse.Namespace, needed: str = "an administrator"
) -> CurrentUser:
    """The account given with `--as` (its password checked as a log-in is, lock-out and audit
    included); without `--as`, the command says what it needs and stops."""
    name = getattr(args, "as_user", None)
    if not name:
        raise InvalidInput(
            f"This command needs the account of {needed}: add --as NAME (the password is asked, "
            "or read as the first line of stdin).",
            zh="此命令需要管理员（或可管理该账号的主管）账号：请加上 --as 用户名（密码在终端输入，或从标准输入第一行读取）。",
        )
    password = read_secret(f"Password for {name}: ", "password")
    return ctx.auth.login(name, password, channel="command line")


def read_new_password(from_stdin: bool) -> str:
    """From stdin (one line, for scripts) or asked twice at the terminal."""
    if from_stdin:
        return read_secret("", "new password")
    if sys.stdin is None or not sys.stdin.isatty():
        raise InvalidInput(
            "There is no terminal to ask for the new password: give it as a line on stdin "
            "with --password-stdin.",
            zh="没有可输入密码的终端：请加上 --password-stdin 从标准输入提供新密码。",
        )
    first = read_secret("New password: ", "new password")
    if read_secret("Repeat it: ", "new password") != first:
        raise InvalidInput(
            "The two passwords differ; run the command again.",
            zh="两次输入的密码不一致，请重新运行。",
        )
    return first
