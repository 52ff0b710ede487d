"""Nothing of a request reaches an error message: a database error carries no statement values,
and what the command line did not foresee is one line on the terminal (the masked trace goes to
the log), with its own exit code."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from cli.launcher import UNEXPECTED_EXIT
from cli.launcher import main as chudan
from local_db.models import WorkItem

SECRET_ID = "110105198507231238"


def test_a_database_error_never_carries_the_values_of_the_statement(app_ctx):
    with pytest.raises(IntegrityError) as err, app_ctx.store.write() as s:
        s.add(  # a draft that does not exist: the foreign key refuses it
            WorkItem(kind="referral", reason=f"张伟 {SECRET_ID}", draft_id="nope", history=[])
        )
    message = str(err.value)
    assert "FOREIGN KEY" in message and SECRET_ID not in message and "张伟" not in message


def test_the_unforeseen_is_one_line_and_the_trace_is_in_the_masked_log(
    demo_desk, monkeypatch, capsys
):
    def broken(args):
        raise RuntimeError(f"a bug holding {SECRET_ID}")

    monkeypatch.setattr("cli.audit._verify", broken)
    assert chudan(["audit", "verify"]) == UNEXPECTED_EXIT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error (RuntimeError)" in err
    assert SECRET_ID not in err and "Traceback" not in err
    log = (demo_desk / "logs" / "chudan.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "110***********1238" in log and SECRET_ID not in log
