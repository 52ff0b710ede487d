"""The policy list and detail show what a clerk needs and mask what they must not see."""

from __future__ import annotations

import shutil

import pytest

from app.core.errors import NotFound
from cli.launcher import main as chudan
from tests.support.paths import FROZEN_STORES

FROZEN = FROZEN_STORES / "schema-0001.db"


@pytest.fixture
def store_with_policy(chudan_home):
    """The frozen demo store holds one bound policy issued by `clerk`."""
    shutil.copyfile(FROZEN, chudan_home / "chudan.db")
    shutil.copyfile(FROZEN.with_name(FROZEN.name + ".key"), chudan_home / "chudan.db.key")
    return chudan_home


def test_cli_list_and_show_mask_personal_data(store_with_policy, capsys):
    assert chudan(["policy", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert "DEMO010120261125000001R" in out and "张*" in out and "张伟" not in out
    assert chudan(["policy", "show", "DEMO010120261125000001R", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"id_number": "110***********1238"' in out and "110105198507231238" not in out
    assert '"premium_total": "3945.00"' in out and '"phone": "138****5678"' in out


def test_show_unknown_number_says_so(store_with_policy, capsys):
    assert chudan(["policy", "show", "NOPE"]) == 1
    assert "check the number" in capsys.readouterr().err


def test_clerks_see_their_own_policies_only(store_with_policy):
    from app.access.permissions import Role
    from app.desk.context import AppContext

    with AppContext.open(store_with_policy) as ctx:
        clerk = ctx.auth.login("clerk", "demo-clerk-2026")
        assert [r.policy_number for r in ctx.policies.list_policies(clerk)] == [
            "DEMO010120261125000001R"
        ]
        admin = ctx.auth.login("admin", "demo-admin-2026")
        ctx.users.add_user(admin, "other", "other-pass-1", Role.CLERK)
        other = ctx.auth.login("other", "other-pass-1")
        assert ctx.policies.list_policies(other) == []
        with pytest.raises(NotFound):
            ctx.policies.get(other, "DEMO010120261125000001R")
