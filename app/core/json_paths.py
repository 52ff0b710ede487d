"""Where in a JSON document a problem is, as a person reads it: `commercial.third_party.limits[3]`."""

from __future__ import annotations

from collections.abc import Iterable


def json_path(location: Iterable[str | int]) -> str:
    """A pydantic error location as a JSON path."""
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
