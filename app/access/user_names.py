"""User names: what a person types to log in, and what the audit log records as the actor, so
two accounts must never look alike. A name is NFKC-normalised (full-width `ａｄｍｉｎ` is
`admin`), made of letters and digits of ONE script with `.`, `_` and `-`, and refused when it is
confusable with an existing account's name: a Cyrillic `аdmin`, `adrnin` for `admin`, `Admin`.

Confusables are Unicode's (Technical Standard 39, confusables.txt, as the confusable-homoglyphs
package ships them): two names are confusable when their skeletons are equal."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from app.core.errors import InvalidInput
from app.core.limits import MAX_USERNAME, escaped, text_problem

_PUNCTUATION = "._-"


def normalise_username(typed: str) -> str:
    """How a typed name is compared with the accounts (at log-in too)."""
    return unicodedata.normalize("NFKC", typed).strip()


@lru_cache(maxsize=1)
def _confusables() -> dict[str, list[dict[str, Any]]]:
    # ~1 MB of data: loaded when a name is checked, not when the desk starts.
    from confusable_homoglyphs import confusables

    return confusables.confusables_data


def _prototype(ch: str) -> str:
    """The character (or sequence) `ch` is confusable with, as confusables.txt names it. The
    package keeps the mapping in both directions: a source lists its prototype alone; a prototype
    lists all its sources."""
    entries = _confusables().get(ch)
    if not entries:
        return ch
    if len(entries) > 1:
        return ch  # the prototype of several look-alikes
    target = entries[0]["c"]
    if len(target) > 1:
        return target  # m → rn
    if len(_confusables().get(target, ())) > 1:
        return target  # а (Cyrillic) → a
    return min(ch, target)  # a pair: the same answer from either side


def skeleton(name: str) -> str:
    """Equal for names a reader could take for each other (case does not count)."""
    decomposed = unicodedata.normalize("NFD", normalise_username(name).casefold())
    mapped = "".join(_prototype(ch) for ch in decomposed)
    return unicodedata.normalize("NFD", mapped).casefold()


def _refuse(en: str, zh: str) -> InvalidInput:
    return InvalidInput(f"User name refused: {en}.", zh=f"用户名不可用：{zh}。")


def check_new_username(typed: str, existing: Iterable[str]) -> str:
    """The normalised name for a new account, or InvalidInput saying why not."""
    name = normalise_username(typed)
    if not name:
        raise _refuse("enter a user name", "请输入用户名")
    problem = text_problem(name, MAX_USERNAME)
    if problem is not None:
        raise _refuse(f"it {problem[0]}", problem[1])
    for ch in name:
        if not (ch in _PUNCTUATION or unicodedata.category(ch)[0] in "LMN"):
            raise _refuse(
                f"use letters and digits (and . _ -) only, not {escaped(ch)!r}",
                f"只能使用字母、数字及 . _ -，不能使用“{escaped(ch)}”",
            )
    from confusable_homoglyphs import confusables

    if confusables.is_mixed_script(name, allowed_aliases=["COMMON"]):
        raise _refuse(
            "it mixes scripts (e.g. Latin with Cyrillic or Chinese); use one script",
            "混用了不同文字（如拉丁字母与西里尔字母或汉字），请只用一种文字",
        )
    mine = skeleton(name)
    for other in existing:
        if skeleton(other) == mine:
            raise _refuse(
                f"it looks like the existing account {escaped(other)!r}; choose a clearly different name",
                f"与已有账号“{escaped(other)}”外观相似，请换一个明显不同的名字",
            )
    return name
