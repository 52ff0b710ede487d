"""Importing the outlet's book: the example file falls due whenever it is imported, every row is
checked, refused rows are reported each with its column and reason, nothing is stored twice on a
re-import, and all-or-nothing stores nothing when a row is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.errors import InvalidInput, PermissionDenied
from local_db.models import BookImport, BookPolicy, ContactConsent, OutboxItem
from tests.support.book import (
    BOOK_EXAMPLE,
    HEADER,
    book_row,
    csv_bytes,
    write_csv,
    write_xlsx,
)


def _count(ctx, model) -> int:
    with ctx.store.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_example_book_falls_due_in_the_coming_months_whenever_imported(desk):
    report = desk.ctx.renewals.import_file(desk.supervisor, BOOK_EXAMPLE)
    assert (report.total, report.added, report.refused_rows) == (6, 6, 0)
    wl = desk.ctx.renewals.work_list(desk.supervisor, due_within=90)
    assert wl.total == 6
    today = desk.clock.today()
    assert all(today < r.end_date <= today + timedelta(days=90) for r in wl.rows)
    # a year later the same file gives policies due a year later: the dates follow the import day
    desk.clock.now += timedelta(days=365)
    with desk.ctx.store.read() as s:
        ends = sorted(s.execute(select(BookPolicy.end_date)).scalars())
    assert ends[0] == today + timedelta(days=10)


def test_imported_policies_are_marked_and_never_uploaded(desk):
    desk.ctx.renewals.import_file(desk.supervisor, BOOK_EXAMPLE)
    with desk.ctx.store.read() as s:
        sources = set(s.execute(select(BookPolicy.source)).scalars())
        assert sources == {"imported"}
        assert s.execute(select(func.count()).select_from(OutboxItem)).scalar_one() == 0


def test_reimporting_the_same_file_adds_nothing_twice(desk):
    first = desk.ctx.renewals.import_file(desk.supervisor, BOOK_EXAMPLE)
    again = desk.ctx.renewals.import_file(desk.supervisor, BOOK_EXAMPLE)
    assert (again.added, again.already) == (0, first.added)
    assert _count(desk.ctx, BookPolicy) == 6
    # the consents the file carried (sms and email, sms, email, email) are recorded once, too
    assert _count(desk.ctx, ContactConsent) == 5


def test_bad_rows_are_each_reported_and_the_good_ones_imported_once(desk, tmp_path):
    today = desk.clock.today()
    rows = [
        book_row(1, today + timedelta(days=20)),
        book_row(2, today + timedelta(days=30), holder_id_number="110105198507231239"),
        book_row(3, today + timedelta(days=40), vin="LSVCC6A4OPN123456", end_date="31/02/2026"),
        book_row(4, today + timedelta(days=50), holder_phone="1381234", covers="车损险;划船险"),
        book_row(5, today + timedelta(days=60)),
    ]
    path = write_csv(tmp_path / "book.csv", rows)
    report = desk.ctx.renewals.import_file(desk.supervisor, path)
    assert (report.total, report.added, report.refused_rows) == (5, 2, 3)
    by_row: dict[int, set[str]] = {}
    for r in report.refused:
        by_row.setdefault(r["row"], set()).add(r["column"])
        assert r["en"] and r["zh"]
    # rows are numbered as a spreadsheet shows them: the header is row 1
    assert by_row == {
        3: {"holder_id_number"},
        4: {"vin", "end_date"},
        5: {"holder_phone", "covers"},
    }
    # no value from the file is echoed (an ID number is personal data)
    assert "110105198507231239" not in str(report.to_json())
    # the corrected file adds the three, and nothing twice
    rows[1] = book_row(2, today + timedelta(days=30))
    rows[2] = book_row(3, today + timedelta(days=40))
    rows[3] = book_row(4, today + timedelta(days=50))
    fixed = desk.ctx.renewals.import_file(desk.supervisor, write_csv(tmp_path / "fixed.csv", rows))
    assert (fixed.added, fixed.already, fixed.refused_rows) == (3, 2, 0)
    assert _count(desk.ctx, BookPolicy) == 5
    with desk.ctx.store.read() as s:
        kept = s.execute(select(BookImport).order_by(BookImport.id)).scalars().all()
        assert [(k.rows_added, k.rows_refused) for k in kept] == [(2, 3), (3, 0)]


def test_all_or_nothing_stores_nothing_when_a_row_is_refused(desk, tmp_path):
    today = desk.clock.today()
    rows = [
        book_row(1, today + timedelta(days=20)),
        book_row(2, today + timedelta(days=30), seats="0"),
    ]
    report = desk.ctx.renewals.import_file(
        desk.supervisor, write_csv(tmp_path / "b.csv", rows), all_or_nothing=True
    )
    assert not report.stored and report.refused_rows == 1 and report.refused[0]["column"] == "seats"
    assert _count(desk.ctx, BookPolicy) == 0 and _count(desk.ctx, BookImport) == 0


def test_the_same_policy_twice_in_one_file_is_added_once(desk, tmp_path):
    today = desk.clock.today()
    row = book_row(1, today + timedelta(days=20))
    report = desk.ctx.renewals.import_file(
        desk.supervisor, write_csv(tmp_path / "b.csv", [row, row])
    )
    assert (report.added, report.already) == (1, 1)


def test_chinese_headings_and_a_gb18030_file_from_excel(desk, tmp_path):
    today = desk.clock.today()
    headings = {
        "policy_number": "保单号",
        "insurer": "保险公司",
        "start_date": "起保日期",
        "end_date": "终保日期",
        "holder_name": "投保人",
        "holder_id_number": "证件号码",
        "vin": "车架号",
        "covers": "承保险别",
        "premium_ctpl": "交强险保费",
    }
    row = book_row(7, today + timedelta(days=15), covers="交强险;三者险:1000000")
    text = ",".join(headings.values()) + "\n" + ",".join(row[k] for k in headings) + "\n"
    path = tmp_path / "导出.csv"
    path.write_bytes(text.encode("gb18030"))
    report = desk.ctx.renewals.import_file(desk.supervisor, path)
    assert (report.added, report.refused_rows) == (1, 0)
    with desk.ctx.store.read() as s:
        imported = s.execute(select(BookPolicy)).scalar_one()
    assert imported.coverage == "both"
    assert imported.covers == [{"code": "ctpl"}, {"code": "third_party", "limit": "1000000"}]


def test_an_xlsx_workbook_with_dates_and_numbers_in_cells(desk, tmp_path):
    from datetime import datetime

    today = desk.clock.today()
    row: dict = book_row(8, today + timedelta(days=25))
    row["end_date"] = datetime.combine(today + timedelta(days=25), datetime.min.time())
    row["start_date"] = datetime.combine(today - timedelta(days=339), datetime.min.time())
    row["seats"] = 5.0  # Excel keeps whole numbers as floats
    row["premium_commercial"] = 3050.5
    report = desk.ctx.renewals.import_file(desk.supervisor, write_xlsx(tmp_path / "b.xlsx", [row]))
    assert (report.added, report.refused_rows) == (1, 0), report.refused
    with desk.ctx.store.read() as s:
        imported = s.execute(select(BookPolicy)).scalar_one()
    assert imported.end_date == today + timedelta(days=25)
    assert str(imported.premium) == "4000.50" and imported.vehicle["seats"] == 5


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (csv_bytes([], header=("policy_number", "insurer")), "lacks the column"),
        (b"\xff\xfe\x00garbage\x81\x82" * 10, "neither UTF-8 nor GB18030"),
        (b"PK\x03\x04 not really a zip", "not an XLSX workbook"),
        (
            ("policy_number,policy_number," + ",".join(HEADER[1:]) + "\n").encode(),
            "appears twice",
        ),
    ],
)
def test_a_file_that_cannot_be_read_stores_nothing_and_says_why(desk, content, words):
    with pytest.raises(InvalidInput) as exc:
        desk.ctx.renewals.import_content(desk.supervisor, content, "book.csv")
    assert words in str(exc.value) and "Nothing was imported" in str(exc.value)
    assert _count(desk.ctx, BookImport) == 0


def test_a_clerk_may_not_import_the_book(desk):
    with pytest.raises(PermissionDenied):
        desk.ctx.renewals.import_file(desk.clerk, BOOK_EXAMPLE)
