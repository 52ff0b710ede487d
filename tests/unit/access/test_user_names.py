"""A user name is what the audit log records as the actor: no two accounts may look alike."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.access.user_names import check_new_username, normalise_username, skeleton
from app.core.errors import InvalidInput

EXISTING = ["admin", "supervisor", "clerk", "王伟"]


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("аdmin", "mixes scripts"),  # Cyrillic а
        ("аԁmіn", "mixes scripts"),
        ("сlerk", "mixes scripts"),  # Cyrillic с
        ("wang伟", "mixes scripts"),
        ("adrnin", "looks like the existing account 'admin'"),  # rn for m
        ("Admin", "looks like the existing account 'admin'"),
        ("ＡＤＭＩＮ", "looks like the existing account 'admin'"),  # full-width, NFKC
        ("ab\u202ecd", "invisible or control character"),
        ("ab\x00", "invisible or control character"),
        ("two words", "letters and digits"),
        ("a" * 33, "too long"),
        ("", "enter a user name"),
    ],
)
def test_names_that_could_pass_for_another_or_hide_characters_are_refused(typed, says):
    with pytest.raises(InvalidInput, match=says):
        check_new_username(typed, EXISTING)


def test_ordinary_names_are_taken_as_normalised():
    assert check_new_username(" zhang.wei ", EXISTING) == "zhang.wei"
    assert check_new_username("李娜", EXISTING) == "李娜"
    assert check_new_username("clerk2", EXISTING) == "clerk2"
    assert normalise_username("ｗａｎｇ") == "wang"


@given(st.from_regex(r"[a-z][a-z0-9._-]{0,20}", fullmatch=True))
def test_case_never_makes_a_name_different(name):
    assert skeleton(name) == skeleton(name.upper())
    with pytest.raises(InvalidInput):
        check_new_username(name.upper(), [name])
