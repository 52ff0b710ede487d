"""Accounts for command-line tests: the commands that change users, settings or the store act as
an account given with `--as NAME`, whose password they read as the first line of stdin."""

from __future__ import annotations

import io

ADMIN = ("boss", "boss-pass-1")


def add_first_admin(ctx, name: str = ADMIN[0], password: str = ADMIN[1]) -> None:
    """A new desk's first account (as the window's first-run dialog makes it)."""
    ctx.auth.create_first_admin(name, password, name)


def stdin_lines(monkeypatch, *lines: str) -> None:
    """What the next command reads from stdin: the `--as` password first, then any other secret."""
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def as_admin(monkeypatch, *more: str) -> list[str]:
    """`--as boss` for the next command, with boss's password (and `more` lines) on stdin."""
    stdin_lines(monkeypatch, ADMIN[1], *more)
    return ["--as", ADMIN[0]]
