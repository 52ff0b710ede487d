"""Errors a user can act on. Every message says what to do, in English and Chinese."""

from __future__ import annotations

from typing import Any


class ChudanError(Exception):
    """Base for errors shown to a person: `str(e)` is one line in English, `.zh` in Chinese."""

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.zh = zh or message

    def localized(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.message


class PermissionDenied(ChudanError):
    """The signed-in user's role does not allow the action (checked in services)."""


class NotFound(ChudanError):
    pass


class InvalidInput(ChudanError):
    """Input that fails a rule; the message names the field and what is allowed. A request
    refused for several reasons lists them in `problems` (app.core.problems.Problem)."""

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message, zh)
        self.problems: list[Any] = []


class BilingualValueError(ValueError):
    """Raised by a request model's validator (amounts, dates, text): pydantic keeps the exception
    in the error's context, so app.core.problems can give the Chinese text instead of guessing it.
    `str(e)` is the English."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh
