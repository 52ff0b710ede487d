"""Head-office staff accounts on a real head office on loopback: made with `chudan-hq user`, the
password never on the command line, a short-lived token from the log-in, failed log-ins
throttled and every attempt audited; a staff token opens no device path and a device token no
staff path."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from hq import accounts
from hq.cli import main
from hq.models import StaffLogin, StaffUser
from hq.staff_routes import LOGIN
from sync.protocol import Paths
from tests.support.hq_data import enrol
from tests.support.hq_server import running

CHEAP = 2**10  # scrypt cost for the tests' accounts: the scheme, not the wait, is under test
PASSWORD = "correct horse battery"


def _add(engine, name: str, role: str, password: str = PASSWORD) -> None:
    with Session(engine) as s:
        accounts.add_user(s, name, role, password, cost=CHEAP)
        s.commit()


def _login(url: str, name: str, password: str = PASSWORD) -> requests.Response:
    return requests.post(url + LOGIN, json={"name": name, "password": password}, timeout=10)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def hq(engine, hq_home):
    with running(engine, password_cost=CHEAP) as url:
        yield url


def test_user_commands_read_the_password_from_stdin_never_argv(
    engine, db_url, hq_home, monkeypatch, capsys
):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    argv = ["user", "add", "wang.li", "--role", "reports", "--password-stdin", "--db", db_url]
    assert main(argv) == 0
    assert "wang.li (reports)" in capsys.readouterr().out
    with Session(engine) as s:
        stored = s.scalar(select(StaffUser.password_hash).where(StaffUser.name == "wang.li"))
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert accounts.check_password(PASSWORD, stored)
    # No terminal and no --password-stdin: refused, nothing asked on a pipe.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["user", "add", "zhao", "--role", "admin", "--db", db_url]) == 1
    assert "--password-stdin" in capsys.readouterr().err
    # There is no option to give it on the command line.
    assert main(["user", "add", "zhao", "--role", "admin", "--password", "x", "--db", db_url]) != 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "passwd", "wang.li", "--password-stdin", "--db", db_url]) == 1
    assert "12 to 256" in capsys.readouterr().err
    assert main(["user", "list", "--db", db_url, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["name"], u["role"], u["disabled_at"]) for u in listed] == [
        ("wang.li", "reports", None)
    ]


def test_tokens_of_each_kind_open_only_their_own_paths(engine, hq):
    _add(engine, "chen", "reports")
    staff = _login(hq, "chen")
    assert staff.status_code == 200, staff.text
    body = staff.json()
    assert body["role"] == "reports" and body["token"].startswith("staff_")
    _, device_token = enrol(hq, engine)
    # The staff token: the reports, and no device path.
    assert requests.get(
        hq + "/api/v1/reports/2026-11", headers=_bearer(body["token"]), timeout=30
    ).ok
    for path in (Paths.DEVICE, Paths.RATE_INDEX, Paths.VEHICLE_LOOKUP + "?vin=X"):
        r = requests.get(hq + path, headers=_bearer(body["token"]), timeout=10)
        assert r.status_code == 401, path
    # The device token: its own paths, and no staff path.
    assert requests.get(hq + Paths.DEVICE, headers=_bearer(device_token), timeout=10).ok
    r = requests.get(hq + "/api/v1/reports/2026-11", headers=_bearer(device_token), timeout=10)
    assert r.status_code == 401 and "staff" in r.json()["message"]
    assert requests.get(hq + "/api/v1/reports/2026-11", timeout=10).status_code == 401


def test_roles_and_disabling(engine, hq, db_url, capsys):
    _add(engine, "qian", "finance")
    _add(engine, "sun", "admin")
    finance = _login(hq, "qian").json()["token"]
    r = requests.get(hq + "/api/v1/reports/2026-11", headers=_bearer(finance), timeout=10)
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    admin = _login(hq, "sun").json()["token"]
    assert requests.get(hq + "/api/v1/reports/2026-11", headers=_bearer(admin), timeout=30).ok
    assert main(["user", "disable", "sun", "--db", db_url]) == 0
    r = requests.get(hq + "/api/v1/reports/2026-11", headers=_bearer(admin), timeout=10)
    assert r.status_code == 401  # the token it held ends with the account
    assert _login(hq, "sun").status_code == 401


def test_failed_logins_are_throttled_and_every_attempt_audited(engine, hq, db_url, capsys):
    _add(engine, "li", "reports")
    for _ in range(accounts.MAX_FAILURES):
        r = _login(hq, "li", "wrong password!")
        assert r.status_code == 401
    # Even the right password waits now.
    r = _login(hq, "li")
    assert r.status_code == 429 and r.json()["error"] == "throttled"
    assert _login(hq, "nobody").status_code == 401  # same answer as a wrong password
    with Session(engine) as s:
        outcomes = [
            (row.name, row.outcome, row.client)
            for row in s.scalars(select(StaffLogin).order_by(StaffLogin.id))
        ]
    assert outcomes == [("li", "bad_password", "127.0.0.1")] * accounts.MAX_FAILURES + [
        ("li", "throttled", "127.0.0.1"),
        ("nobody", "unknown", "127.0.0.1"),
    ]
    assert main(["user", "logins", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "throttled" in out and "wrong password" not in out
    # Once the window has passed since the failures, the account logs in again.
    with Session(engine) as s:
        later = accounts.utcnow() + accounts.FAILURE_WINDOW + timedelta(seconds=1)
        assert accounts.log_in(s, "li", PASSWORD, now=later, cost=CHEAP).staff.name == "li"


def test_a_token_ends_after_its_time_and_with_a_new_password(engine, hq, db_url, monkeypatch):
    _add(engine, "zhou", "reports")
    token = _login(hq, "zhou").json()["token"]
    with Session(engine) as s:
        assert accounts.staff_for_token(s, token) is not None
        after = accounts.utcnow() + accounts.TOKEN_TTL + timedelta(seconds=1)
        assert accounts.staff_for_token(s, token, now=after) is None
    monkeypatch.setattr("sys.stdin", io.StringIO("a new long password\n"))
    assert main(["user", "passwd", "zhou", "--password-stdin", "--db", db_url]) == 0
    r = requests.get(hq + "/api/v1/reports/2026-11", headers=_bearer(token), timeout=10)
    assert r.status_code == 401
    assert _login(hq, "zhou", "a new long password").ok
