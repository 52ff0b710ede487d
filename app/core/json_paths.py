"""Where in a JSON document a problem is, as a person reads it: `commercial.third_party.limits[3]`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.core.limits import escaped

# How pydantic names the member of a union that failed (`amount: Amount | Literal["rest"]`
# fails as both): not a place in the document, so left out of the path.
_UNION_TAGS = {"str", "int", "float", "decimal", "bool", "date", "datetime", "list", "dict", "none"}


def _is_union_tag(part: str) -> bool:
    return "[" in part or part in _UNION_TAGS


def json_path(location: Iterable[str | int]) -> str:
    """A pydantic error location as a JSON path. A key that is not a plain name (an unknown key
    a request brought, with a line break or a control character in it) is quoted and escaped,
    so the path stays one readable line."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _is_union_tag(part):
            continue
        elif not part.isidentifier():
            out += f'["{escaped(part, 40)}"]'
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


def validation_problems(errors: Iterable[Mapping[str, Any]], limit: int = 5) -> list[str]:
    """`path: what is wrong`, one per place (a union's members failing together count once)."""
    seen: dict[str, str] = {}
    for e in errors:
        where = json_path(e["loc"])
        msg = str(e["msg"]).removeprefix("Value error, ")
        seen.setdefault(where, msg)
    return [f"{where}: {msg}" for where, msg in list(seen.items())[:limit]]
