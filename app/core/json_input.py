"""The one way JSON from outside (a request file, a rate table, a provisioning file) is parsed:
bounded in size and nesting, and with numbers a person could have meant.

Python's parser recurses once per nesting level, so `[[[[…]]]]` 100,000 deep ends in a
RecursionError; the nesting is measured first, without recursion. `1e999999` parses to
infinity and `NaN` is accepted by Python though JSON has no such value: both are refused."""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from pathlib import Path
from typing import Any

from app.core.errors import ChudanError, InvalidInput
from app.core.input_files import read_user_file
from app.core.limits import MAX_JSON_BYTES, MAX_JSON_DEPTH, escaped

# A whole string (possessive: never backtracks), or a run of anything but brackets and quotes:
# what is left once these are removed is the brackets, then any quote that opens no string.
_NOT_A_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*+"|[^\[\]{}"]+', re.DOTALL)
_NON_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# Splitting at the quotes is the fast way (a rate table is 90 KB), but it holds every piece at
# once: a hostile 16 MB file of short strings would take hundreds of MB, so larger texts take the
# tokeniser, whose output is never longer than the text.
_SPLIT_AT_MOST = 256 * 1024


class _Refused(ValueError):
    pass


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest (brackets inside strings do not count), in one pass.
    A string left open ends the count: the parser refuses the document at that point anyway.
    The scan runs in the regular-expression engine and the sum in C (a rate table is read on
    every start and every install: a loop over its tokens in Python took milliseconds)."""
    if len(text) <= _SPLIT_AT_MOST and "\\" not in text:
        # The quotes alternate, opening and closing strings (an odd last one opens none).
        brackets = _NON_BRACKETS.sub("", "".join(text.split('"')[0::2]))
    else:  # a quote may be escaped inside a string, or the text is large: tokenise
        brackets = _NOT_A_BRACKET.sub("", text).split('"', 1)[0]
    return max(accumulate(map(_STEP.__getitem__, brackets), initial=0))


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {text[:20]} is out of range")
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows")


def parse_json(
    raw: bytes | str,
    *,
    what: str,
    error: type[ChudanError] = InvalidInput,
    max_depth: int = MAX_JSON_DEPTH,
) -> Any:
    """The document in `raw`; anything else raises `error` with one line naming `what`."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise error(
            f"{what} is not UTF-8 text (a binary file?); give the JSON file.",
            zh=f"{what} 不是 UTF-8 文本（可能是二进制文件），请提供 JSON 文件。",
        ) from exc
    depth = nesting_depth(text)
    if depth > max_depth:
        raise error(
            f"{what} nests {depth} levels deep; at most {max_depth} are allowed. Check the file.",
            zh=f"{what} 嵌套 {depth} 层，最多允许 {max_depth} 层，请检查文件。",
        )
    try:
        return json.loads(text, parse_float=_float, parse_constant=_constant)
    except _Refused as exc:
        raise error(
            f"{what} is refused: {exc}.",
            zh=f"{what} 被拒绝：数值超出范围或不是有效数字。",
        ) from exc
    except ValueError as exc:  # JSONDecodeError, an integer of 5,000 digits
        detail = str(exc).splitlines()[0][:120]
        raise error(
            f"{what} is not valid JSON ({detail}).",
            zh=f"{what} 不是有效的 JSON 文件。",
        ) from exc


def load_json_file(
    path: str | Path,
    *,
    what: str,
    error: type[ChudanError] = InvalidInput,
    max_bytes: int = MAX_JSON_BYTES,
) -> Any:
    """Read (a regular file, at most `max_bytes`) and parse."""
    raw = read_user_file(path, what=what, max_bytes=max_bytes, error=error)
    return parse_json(raw, what=escaped(str(path), 200), error=error)
