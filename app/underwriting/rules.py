"""The underwriting section of a rate table: rules in a small, safe condition language (a field
compared with a value, or all/any of conditions). The rate table (app.rating.table) carries a
list of these; app.underwriting evaluates them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Model):
    """A small, safe condition language: a field compared with a value, or all/any of conditions."""

    field: str | None = None
    op: Literal["==", "!=", ">", ">=", "<", "<=", "in", "not_in"] | None = None
    value: Any = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None

    @model_validator(mode="after")
    def _shape(self) -> Condition:
        if (self.field is None) == (self.all is None and self.any is None):
            raise ValueError("a condition is either field+op+value or all/any")
        if self.field is not None and self.op is None:
            raise ValueError(f"condition on {self.field} needs an op")
        return self


class UnderwritingRule(_Model):
    code: str
    outcome: Literal["refer", "decline"]
    when: Condition
    message_zh: str
    message_en: str
