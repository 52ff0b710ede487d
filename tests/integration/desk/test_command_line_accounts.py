"""The command line is no administrator for whoever has a shell: user, settings, store and
provisioning changes need an account (`--as NAME`, password from stdin, never argv) that may make
them, as in the window. A desk nobody can administer any more is recovered with one command that
proves the store's key, audited as `user.recovery`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.desk.context import AppContext
from app.desk.demo import set_up_demo
from cli.launcher import main as chudan
from local_db.models import Setting, User
from tests.support.accounts import stdin_lines


def _users(home: Path) -> dict[str, tuple[str, bool, str]]:
    with AppContext.open(home) as ctx, ctx.store.read() as s:
        return {
            u.username: (u.role, u.disabled, u.password_hash)
            for u in s.execute(select(User)).scalars()
        }


def _err(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["user", "add", "mallory", "--role", "admin", "--password-stdin"], ["mallory-pass-1"]),
        (["user", "unlock", "admin"], []),
        (["user", "disable", "admin"], []),
        (["user", "enable", "clerk"], []),
        (["user", "list"], []),
        (["user", "passwd", "admin", "--password-stdin"], ["anything", "new-admin-pass"]),
        (
            ["epolicy", "sms-gateway", "--url", "https://sms.example.cn/s", "--token-stdin"],
            ["tok"],
        ),
        (["sync", "provision", "--url", "http://127.0.0.1:9", "--code", "ABCDEFGHJKLMNPQR"], []),
        (["db", "backup"], []),
    ],
)
def test_without_an_account_nothing_about_users_settings_or_the_store_changes(
    demo_desk, monkeypatch, capsys, argv, stdin
):
    before = _users(demo_desk)
    stdin_lines(monkeypatch, *stdin)
    assert chudan(argv) == 1
    err = _err(capsys)
    assert "--as NAME" in err or "Wrong user name or password" in err
    assert _users(demo_desk) == before
    with AppContext.open(demo_desk) as ctx, ctx.store.read() as s:
        assert s.get(Setting, "sms") is None
    assert not list((demo_desk / "backups").glob("chudan-*.db"))


def test_the_role_of_the_account_given_decides(demo_desk, monkeypatch, capsys):
    stdin_lines(monkeypatch, "demo-clerk-2026", "new-pass-123")
    assert chudan(["user", "add", "x1", "--password-stdin", "--as", "clerk"]) == 1
    assert "may not manage clerks" in _err(capsys)
    # A supervisor manages clerks' accounts, as in the window, and no more.
    stdin_lines(monkeypatch, "demo-super-2026", "new-pass-123")
    assert chudan(["user", "add", "zhao", "--password-stdin", "--as", "supervisor"]) == 0
    stdin_lines(monkeypatch, "demo-super-2026", "new-pass-123")
    assert (
        chudan(
            ["user", "add", "boss2", "--role", "admin", "--password-stdin", "--as", "supervisor"]
        )
        == 1
    )
    assert "may not manage all users" in _err(capsys)
    stdin_lines(monkeypatch, "demo-super-2026")
    assert chudan(["user", "disable", "admin", "--as", "supervisor"]) == 1
    assert _users(demo_desk)["admin"][1] is False
    with AppContext.open(demo_desk) as ctx:  # who did it is on the record
        actions = [(e.actor, e.action) for e in ctx.audit.recent(20)]
    assert ("supervisor", "user.create") in actions


def test_a_wrong_password_counts_towards_the_lock_and_no_password_is_taken_from_argv(
    demo_desk, monkeypatch, capsys
):
    stdin_lines(monkeypatch, "not-the-password")
    assert chudan(["user", "unlock", "clerk", "--as", "admin"]) == 1
    assert "4 tries left" in _err(capsys)
    with pytest.raises(SystemExit) as usage:  # there is no option that takes a password
        chudan(["user", "unlock", "clerk", "--as", "admin", "--password", "demo-admin-2026"])
    assert usage.value.code == 2
    assert "unrecognized arguments" in _err(capsys)


def test_changing_ones_own_password_needs_the_current_one(demo_desk, monkeypatch, capsys):
    stdin_lines(monkeypatch, "wrong-current", "new-clerk-pass")
    assert chudan(["user", "passwd", "clerk", "--password-stdin"]) == 1
    stdin_lines(monkeypatch, "demo-clerk-2026", "new-clerk-pass")
    assert chudan(["user", "passwd", "clerk", "--password-stdin"]) == 0
    assert "password changed for clerk" in capsys.readouterr().out
    # Someone else's is a reset, by whoever manages the account, audited as such.
    stdin_lines(monkeypatch, "demo-admin-2026", "reset-pass-123")
    assert chudan(["user", "passwd", "clerk", "--password-stdin", "--as", "admin"]) == 0
    with AppContext.open(demo_desk) as ctx:
        assert ctx.auth.login("clerk", "reset-pass-123").username == "clerk"
        actions = [(e.actor, e.action) for e in ctx.audit.recent(30)]
    assert ("clerk", "user.password") in actions and ("admin", "user.password_reset") in actions


def test_a_desk_with_no_usable_administrator_is_recovered_with_the_store_key(
    demo_desk, tmp_path, monkeypatch, capsys
):
    with AppContext.open(demo_desk) as ctx, ctx.store.write() as s:  # locked out for good
        admin = s.execute(select(User).where(User.username == "admin")).scalar_one()
        admin.disabled = True
    wrong = tmp_path / "key.txt"
    wrong.write_text("0" * 64 + "\n")
    before = _users(demo_desk)
    stdin_lines(monkeypatch, "recovered-pass-1")
    assert (
        chudan(["user", "recover-admin", "admin", "--key-file", str(wrong), "--password-stdin"])
        == 1
    )
    assert "does not hold this store's key" in _err(capsys)
    assert _users(demo_desk) == before

    stdin_lines(monkeypatch, "recovered-pass-1")
    key_file = demo_desk / "chudan.db.key"
    assert (
        chudan(
            [
                "user",
                "recover-admin",
                "admin",
                "--key-file",
                str(key_file),
                "--password-stdin",
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["recovered"] is True
    with AppContext.open(demo_desk) as ctx:
        assert ctx.auth.login("admin", "recovered-pass-1").role == "admin"
        (event,) = [e for e in ctx.audit.recent(20) if e.action == "user.recovery"]
        assert event.actor.startswith("cli:") and "store key" in event.summary
        assert ctx.audit.verify().ok


def test_recovery_can_make_a_new_administrator_but_not_a_look_alike(demo_desk, monkeypatch, capsys):
    key_file = str(demo_desk / "chudan.db.key")
    stdin_lines(monkeypatch, "recovered-pass-1")
    assert (
        chudan(["user", "recover-admin", "аdmin", "--key-file", key_file, "--password-stdin"]) == 1
    )
    assert "mixes scripts" in _err(capsys)
    stdin_lines(monkeypatch, "recovered-pass-1")
    assert (
        chudan(["user", "recover-admin", "lihua", "--key-file", key_file, "--password-stdin"]) == 0
    )
    assert _users(demo_desk)["lihua"][0] == "admin"


def test_the_demo_adds_no_known_passwords_to_a_desk_with_real_accounts(app_ctx):
    app_ctx.auth.create_first_admin("boss", "boss-pass-1", "老板")
    report = set_up_demo(app_ctx)
    assert any("no demo users were added" in step for step in report.steps)
    with app_ctx.store.read() as s:
        assert list(s.execute(select(User.username)).scalars()) == ["boss"]
