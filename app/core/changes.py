"""What a write changed, so each screen redraws only when it is affected (Anki's OpChanges is the
model). Every service call that writes the store returns one (or a result carrying one as
`.changes`); the window's operations runner hands it to every page after the write."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Changes:
    drafts: bool = False  # an open issuance saved, signed, paid for, issued or abandoned
    policies: bool = False  # a policy stored or moved to another state
    work_items: bool = False  # 待处理: an item opened, worked or decided
    outbox: bool = False  # something waits to go to head office
    users: bool = False  # accounts added, disabled, unlocked, passwords set
    settings: bool = False  # outlet-wide settings (mail, SMS, OCR engine)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def names(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name)]


NOTHING = Changes()


def changes_of(result: Any) -> Changes:
    """The changes a service call reports: the result itself, or its `.changes`; nothing for a
    call that reports none (a read)."""
    if isinstance(result, Changes):
        return result
    found = getattr(result, "changes", None)
    return found if isinstance(found, Changes) else NOTHING
