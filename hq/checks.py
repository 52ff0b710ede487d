"""Checks of what an operator types at `chudan-hq` (the API's fields are checked by the protocol's
schemas): text of a bounded length without control characters, numbers within a range. Each
failure is an InvalidInput whose message says what is allowed."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from app.core.errors import InvalidInput
from sync.protocol import printable


def check_text(value: str, what: str, max_length: int) -> str:
    if len(value) > max_length:
        raise InvalidInput(
            f"{what} is longer than {max_length} characters.",
            zh=f"{what} 超过 {max_length} 个字符。",
        )
    try:
        printable(value)
    except ValueError as exc:
        raise InvalidInput(
            f"{what} contains control or invisible characters.",
            zh=f"{what} 含有控制字符或不可见字符。",
        ) from exc
    return value


def int_in(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} must be a whole number, not {text[:20]!r}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}, not {value}")
        return value

    return parse
