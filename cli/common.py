"""Pieces the store-backed sub-commands share: opening the context and acting as the operator."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from app.access.permissions import CurrentUser, system_actor


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


@contextmanager
def opened_context() -> Iterator:
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
    return system_actor(name)


def read_new_password(from_stdin: bool) -> str:
    """From stdin (one line, for scripts) or asked twice at the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        from app.core.errors import InvalidInput

        raise InvalidInput(
            "The two passwords differ; run the command again.",
            zh="两次输入的密码不一致，请重新运行。",
        )
    return first
