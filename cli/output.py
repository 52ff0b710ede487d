"""How sub-commands print: JSON when asked, text otherwise; errors as one line on stderr."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any


def _default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return f"{obj:.2f}" if obj.as_tuple().exponent == -2 else str(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def fail(message: str, code: int = 1) -> int:
    """One line that says what went wrong and what to do; returns the exit code."""
    sys.stderr.write(f"chudan: {message}\n")
    return code
