"""`chudan renewals …` as support staff and scripts use it: import with a report, the work-list
as JSON, a lost renewal with its reason, the funnel; user errors in one line with a non-zero
exit and nothing stored."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from cli.launcher import main as chudan
from tests.support.accounts import stdin_lines
from tests.support.book import BOOK_EXAMPLE, book_row, write_csv
from tests.support.examples import POLICY_REQUEST


@pytest.fixture
def demo_home(seeded_home):
    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo

    with AppContext.open(seeded_home) as ctx:
        set_up_demo(ctx)
    return seeded_home


def _as_supervisor(monkeypatch) -> list[str]:
    stdin_lines(monkeypatch, "demo-super-2026")
    return ["--as", "supervisor"]


def test_import_list_lose_and_count(demo_home, monkeypatch, capsys):
    args = _as_supervisor(monkeypatch)
    assert chudan(["renewals", "import", str(BOOK_EXAMPLE), "--json", *args]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["added"], report["refused_rows"]) == (6, 6, 0)
    assert chudan(["renewals", "list", "--due-within", "30", "--json"]) == 0
    wl = json.loads(capsys.readouterr().out)
    assert wl["total"] == 2 and [g["count"] for g in wl["groups"]] == [1, 1]
    assert wl["rows"][0]["policyholder"] == "李*"  # masked
    number = wl["rows"][0]["policy_number"]
    assert chudan(["renewals", "lost", number, "--reason", "转保", "--note", "平安报价更低"]) == 0
    assert "lost (switched)" in capsys.readouterr().out
    assert chudan(["renewals", "list", "--due-within", "30", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1
    # only a supervisor reopens it
    assert chudan(["renewals", "reopen", number, "--note", "x"]) == 1
    assert "--as NAME" in capsys.readouterr().err
    start, end = wl["groups"][0]["end_date"], wl["groups"][-1]["end_date"]
    assert chudan(["renewals", "funnel", "--from", start, "--to", end, "--json"]) == 0
    f = json.loads(capsys.readouterr().out)
    assert (f["due"], f["lost"], f["lost_by_reason"], f["renewal_rate"]) == (
        2,
        1,
        {"switched": 1},
        "0.0000",
    )


def test_a_file_with_refused_rows_exits_1_and_lists_them(demo_home, tmp_path, monkeypatch, capsys):
    bad = write_csv(tmp_path / "b.csv", [book_row(1, "today+20", vin="LSVCC6A4OPN123456")])
    assert chudan(["renewals", "import", str(bad), *_as_supervisor(monkeypatch)]) == 1
    out = capsys.readouterr().out
    assert "1 refused" in out and "row 2, vin:" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["renewals", "lost", "NOPE", "--reason", "sold"], "no policy 'NOPE' in the book"),
        (["renewals", "import", "/no/such/file.csv", "--as", "supervisor"], "no file"),
        (["renewals", "funnel", "--from", "2027-02-01", "--to", "2027-01-01"], "ends before"),
        (["renewals", "settings", "--reminders", "30,x", "--as", "admin"], "separated by commas"),
    ],
)
def test_user_errors_are_one_line_and_exit_non_zero(demo_home, monkeypatch, capsys, argv, words):
    stdin_lines(monkeypatch, "demo-super-2026")
    assert chudan(argv) == 1
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_import_needs_an_account_that_may_manage_the_book(demo_home, capsys):
    assert chudan(["renewals", "import", str(BOOK_EXAMPLE)]) == 1
    assert "--as NAME" in capsys.readouterr().err


def test_renew_headless_issues_from_the_book_and_closes_the_row(
    demo_home, tmp_path, monkeypatch, capsys
):
    assert chudan(["renewals", "import", str(BOOK_EXAMPLE), *_as_supervisor(monkeypatch)]) == 0
    capsys.readouterr()
    number = "PDAA2025110100000001"  # ends in 10 days; no claims last year (the example file)
    answers = tmp_path / "renew.json"
    answers.write_text(
        json.dumps(
            {
                "consent": {"given": True},
                "signature": POLICY_REQUEST["signature"],
                "payments": [{"method": "qr", "amount": "rest", "reference": "QR0001"}],
            }
        ),
        encoding="utf-8",
    )
    assert chudan(["renewals", "renew", number, str(answers), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["state"] == "bound" and result["renewal_state"] == "renewed"
    assert result["ncd_source"] == "estimate"  # no head office to ask: the book's record moved on
    assert chudan(["renewals", "show", number, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "renewed" and shown["renewed_premium"] is not None
    # the renewal joined the book: from the day after the old end, last year's level −1 with
    # no claims moved to −2, the covers carried over (passengers on every seat but the driver's)
    assert chudan(["renewals", "show", result["policy_number"], "--json"]) == 0
    new = json.loads(capsys.readouterr().out)
    assert new["start_date"] == str(date.fromisoformat(shown["end_date"]) + timedelta(days=1))
    assert new["history"]["ncd_level"] == -2
    assert [c["code"] for c in new["covers"]] == [c["code"] for c in shown["covers"]]
    assert {"code": "passenger", "limit": "10000", "seats": 4} in new["covers"]
    # a second run finds the row renewed and refuses, issuing nothing twice
    assert chudan(["renewals", "renew", number, str(answers)]) == 1
    assert "renewed already" in capsys.readouterr().err


def test_a_price_given_by_phone_is_recorded_and_a_bad_amount_refused(
    demo_home, monkeypatch, capsys
):
    assert chudan(["renewals", "import", str(BOOK_EXAMPLE), *_as_supervisor(monkeypatch)]) == 0
    capsys.readouterr()
    number = "PDAA2025110100000002"
    assert chudan(["renewals", "quoted", number, "--premium", "abc"]) == 1
    err = capsys.readouterr().err
    assert "quoted premium" in err and err.count("\n") == 1
    assert chudan(["renewals", "quoted", number, "--premium", "3650.00", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["state"], out["quoted_premium"]) == ("quoted", "3650.00")


def test_remind_dry_run_lists_what_would_go_masked_and_sends_nothing(
    demo_home, monkeypatch, capsys
):
    assert chudan(["renewals", "import", str(BOOK_EXAMPLE), *_as_supervisor(monkeypatch)]) == 0
    capsys.readouterr()
    assert chudan(["renewals", "remind", "--dry-run", "--json"]) == 0
    run = json.loads(capsys.readouterr().out)
    # the example's consents: the 10-day policy by SMS and e-mail, the 25-day one by SMS
    assert (run["planned"], run["sent"]) == (3, 0)
    assert sorted((w["policy_number"][-1], w["channel"]) for w in run["would_send"]) == [
        ("1", "email"),
        ("1", "sms"),
        ("2", "sms"),
    ]
    assert all("*" in w["to"] for w in run["would_send"])
    # nothing was queued: the real run plans the same three (no SMTP or gateway set up: waiting)
    assert chudan(["renewals", "remind", "--json"]) == 0
    real = json.loads(capsys.readouterr().out)
    assert (real["planned"], real["sent"]) == (3, 0)


def test_renew_headless_takes_head_offices_level_when_it_answers(
    demo_home, tmp_path, monkeypatch, capsys
):
    """The desk provisioned with a real head office whose claims register knows the example's
    first vehicle (two years, one claim: level −1, tests/support/claims_hq.py): the renewal is
    priced at head office's level, not the book's estimate (−2), and says so."""
    from app.desk.context import AppContext
    from tests.support.claims_hq import EXPECTED_LEVEL, head_office_knowing, provision_with_rates

    with head_office_knowing(tmp_path, "LSVCC6A48PN200000") as (url, engine):
        with AppContext.open(demo_home) as ctx:
            provision_with_rates(ctx, url, engine)
        assert chudan(["renewals", "import", str(BOOK_EXAMPLE), *_as_supervisor(monkeypatch)]) == 0
        capsys.readouterr()
        answers = tmp_path / "renew.json"
        answers.write_text(
            json.dumps(
                {
                    "consent": {"given": True},
                    "signature": POLICY_REQUEST["signature"],
                    "payments": [{"method": "card", "amount": "rest", "reference": "T0001"}],
                }
            ),
            encoding="utf-8",
        )
        assert chudan(["renewals", "renew", "PDAA2025110100000001", str(answers), "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["state"] == "bound" and result["ncd_source"] == "head_office"
        assert chudan(["renewals", "show", result["policy_number"], "--json"]) == 0
        new = json.loads(capsys.readouterr().out)
        assert new["history"]["ncd_level"] == EXPECTED_LEVEL
