"""The report exported as XLSX (read back with openpyxl, an independent reader) and CSV carries
the same numbers as the crafted November's hand sums (test_figures_by_hand.py's table): one
formatted sheet per section, the policies behind the figures on their own sheet, names masked
unless the exporter may see them and asks, every export audited, bad destinations refused."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from app.core.errors import InvalidInput, PermissionDenied
from app.figures.period import Period
from app.reports.export import ReportExports
from tests.support.report_month import add_policy

NOVEMBER = Period.month(2026, 11)
TODAY = date(2026, 12, 2)


@pytest.fixture
def exports(month_ctx):
    ctx, month, service = month_ctx
    return ctx, month, ReportExports(ctx.store, ctx.audit, service, home=ctx.home)


def _summary(sheet) -> dict[str, object]:
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_xlsx_has_every_section_formatted_and_the_hand_sums(exports, tmp_path):
    ctx, m, ex = exports
    got = ex.export(m.supervisor, NOVEMBER, tmp_path / "nov.xlsx", lang="zh_CN", today=TODAY)
    book = openpyxl.load_workbook(got.path)
    assert book.sheetnames[:3] == ["概览", "按期间", "按出单员"]
    assert book.sheetnames[-1] == "保单明细" and "续保" in book.sheetnames
    summary = book["概览"]
    assert [c.value for c in summary[1]] == ["指标", "本期", "上期", "变化"]
    assert summary.freeze_panes == "B2" and summary["A1"].font.bold
    figures = _summary(summary)
    assert figures["保单数"] == 5 and figures["保费合计（交强+商业）"] == 20015
    assert figures["交商套单率"] == 0.75 and figures["商业险保费占比"] == 0.8244
    assert figures["万张保单投诉量"] == 4000 and figures["亿元保费投诉量"] == 9992.51
    assert figures["续保率（件数）"] == 0.3333
    row = next(r for r in summary.iter_rows(min_row=2) if r[0].value == "保单数")
    assert row[2].value == 1 and row[3].value == 4  # October: 1 policy, +400 %
    assert row[3].number_format == "0.0%"
    premium = next(r for r in summary.iter_rows(min_row=2) if r[0].value == "交强险保费")
    assert premium[1].number_format == "#,##0.00" and Decimal(str(premium[1].value)) == Decimal(
        "3515"
    )
    clerks = {r[0]: r[1:] for r in book["按出单员"].iter_rows(min_row=2, values_only=True)}
    assert clerks["第二出单员"][0] == 2 and clerks["第二出单员"][6] == 9950
    policies = book["保单明细"]
    numbers = [r[0] for r in policies.iter_rows(min_row=2, values_only=True)]
    assert sorted(numbers) == sorted(m.numbers[t] for t in ("P1", "P2", "P3", "P4", "P5", "P6"))
    assert {r[8] for r in policies.iter_rows(min_row=2, values_only=True)} == {"张*"}
    assert policies["B2"].number_format == "yyyy-mm-dd"
    assert (got.format, got.policy_rows, got.masked) == ("xlsx", 6, True)
    audit = ctx.audit.recent(1)[0]
    assert (audit.action, audit.actor, audit.object_id) == (
        "report.export",
        "supervisor",
        "2026-11",
    )
    assert "6 policies" in audit.summary and "masked" in audit.summary


def test_names_in_clear_only_when_asked_by_a_role_that_may_see_them(exports, tmp_path):
    ctx, m, ex = exports
    clear = ex.export(m.supervisor, NOVEMBER, tmp_path / "a.xlsx", clear=True, today=TODAY)
    holders = {
        r[8]
        for r in openpyxl.load_workbook(clear.path)["保单明细"].iter_rows(
            min_row=2, values_only=True
        )
    }
    assert holders == {"张伟"} and not clear.masked
    assert "names in clear" in ctx.audit.recent(1)[0].summary
    own = ex.export(m.clerk_a, NOVEMBER, tmp_path / "b.xlsx", clear=True, today=TODAY)
    sheet = openpyxl.load_workbook(own.path)["保单明细"]
    assert own.masked and {r[8] for r in sheet.iter_rows(min_row=2, values_only=True)} == {"张*"}
    # A clerk's export holds their own policies only: P1 P2 P5 P6.
    assert own.policy_rows == 4
    with pytest.raises(PermissionDenied):
        ex.export(m.clerk_a, NOVEMBER, tmp_path / "c.xlsx", m.clerk_b.user_id, today=TODAY)
    assert not (tmp_path / "c.xlsx").exists()


def test_csv_reads_back_the_same_numbers_and_text_never_becomes_a_formula(exports, tmp_path):
    ctx, m, ex = exports
    add_policy(
        ctx,
        m,
        "P9",
        clerk=m.clerk_a,
        bound_local="2026-11-12 10:00",
        ctpl="950.00",
        commercial="0",
        tax="420.00",
        covers=[],
        holder="=1+1",
    )
    got = ex.export(m.supervisor, NOVEMBER, tmp_path / "nov.csv", lang="en", today=TODAY)
    raw = got.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheet programs then read UTF-8
    rows = list(csv.reader(got.path.read_text(encoding="utf-8-sig").splitlines()))
    summary = {r[0]: r[1:] for r in rows[2:20] if r}
    assert summary["Policies"][0] == "6"
    assert summary["Premium (CTPL + commercial)"][0] == "20965.00"
    assert summary["Commercial share of premium"][0] == "0.7870"
    start = rows.index(["Policies"])  # the policies' section: its title, header, rows
    detail = [r for r in rows[start + 2 :] if r]
    assert len(detail) == 7
    assert any(r[8] == "'=***" for r in detail)  # quoted: never run as a formula
    xlsx = ex.export(m.supervisor, NOVEMBER, tmp_path / "nov.xlsx", today=TODAY)
    cells = [
        r[8]
        for r in openpyxl.load_workbook(xlsx.path)["保单明细"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert "=***" in cells  # a string cell, not a formula


@pytest.mark.parametrize(
    ("name", "message"),
    [("nov.docx", "ending in .xlsx, .csv or .pdf"), ("missing/nov.xlsx", "does not exist")],
)
def test_a_bad_destination_is_refused_in_one_line_and_nothing_is_audited(
    exports, tmp_path, name, message
):
    ctx, m, ex = exports
    before = ctx.audit.recent(1)[0].id
    with pytest.raises(InvalidInput, match=message) as err:
        ex.export(m.supervisor, NOVEMBER, tmp_path / name, today=TODAY)
    assert "\n" not in str(err.value) and err.value.zh
    assert ctx.audit.recent(1)[0].id == before
    assert not list(tmp_path.glob("*nov*"))


@pytest.mark.parametrize("target", ["pdfs/DEMO-policy.pdf", "chudan.db.pdf", "report.xlsx"])
def test_a_report_is_never_written_into_the_data_directory(exports, target):
    """The save dialog may be pointed at the desk's own folder, where issued policies' PDFs
    live: the export refuses, and the file there keeps its content."""
    ctx, m, ex = exports
    victim = ctx.home / target
    victim.parent.mkdir(parents=True, exist_ok=True)
    victim.write_bytes(b"%PDF-1.7 an issued policy")
    with pytest.raises(InvalidInput, match="inside the data directory") as err:
        ex.export(m.supervisor, NOVEMBER, victim.with_suffix(".pdf"), today=TODAY)
    assert "\n" not in str(err.value) and "数据目录" in err.value.zh
    assert victim.read_bytes() == b"%PDF-1.7 an issued policy"


def test_a_link_named_like_a_report_that_points_at_the_store_is_refused(exports, tmp_path):
    ctx, m, ex = exports
    link = tmp_path / "nov.xlsx"
    link.symlink_to(ctx.store.path)
    before = ctx.store.path.read_bytes()[:4096]
    with pytest.raises(InvalidInput, match="own chudan.db"):
        ex.export(m.supervisor, NOVEMBER, link, today=TODAY)
    assert ctx.store.path.read_bytes()[:4096] == before


def test_progress_is_reported_up_to_the_last_row(exports, tmp_path):
    _ctx, m, ex = exports
    (tmp_path / "out").mkdir()
    seen: list[tuple[int, int]] = []
    got = ex.export(
        m.supervisor,
        NOVEMBER,
        tmp_path / "out" / "nov.xlsx",
        today=TODAY,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (got.rows, got.rows) and got.rows > got.policy_rows
    assert [p.name for p in got.path.parent.iterdir()] == ["nov.xlsx"]  # no partial file left


def test_the_monthly_pdf_reads_back_the_figures_and_draws_the_charts(exports, tmp_path):
    import subprocess

    import pypdfium2 as pdfium

    ctx, m, ex = exports
    got = ex.export(m.supervisor, NOVEMBER, tmp_path / "nov.pdf", today=TODAY)
    assert (got.format, got.policy_rows) == ("pdf", 0)  # the policies are the spreadsheets' part
    text = subprocess.run(
        ["pdftotext", "-layout", str(got.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "网点经营报表" in text and "2026-11" in text
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("保单数"))
    assert line.split()[1:] == ["5", "1", "+400.0%"]
    assert "20,015.00" in text and "4,000.00" in text and "9,992.51" in text
    assert "第二出单员" in text and "张伟" not in text
    # The charts: their bars are drawn in the bar colour.
    pdf = pdfium.PdfDocument(str(got.path))
    colours = set()
    for i in range(len(pdf)):
        image = pdf[i].render(scale=1).to_pil().convert("RGB")
        colours |= {c for _n, c in image.getcolors(1 << 20)}
        if i == 1:
            image.save(tmp_path / "charts.png")
    pdf.close()
    assert (0x3A, 0x6E, 0xA5) in colours
    assert "pdf" in ctx.audit.recent(1)[0].summary


def test_the_policies_sheet_reads_back_cell_by_cell(exports, tmp_path):
    """Every policy row as the crafted month has it: the number as text, the day as a date, the
    clerk's and the channel's names in Chinese, the three amounts as numbers to the fen."""
    from datetime import datetime

    _ctx, m, ex = exports
    got = ex.export(m.supervisor, NOVEMBER, tmp_path / "nov.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(got.path)["保单明细"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    p3 = rows[m.numbers["P3"]]
    assert p3[0].data_type == "s" and p3[1].value == datetime(2026, 11, 9)
    assert p3[2].value == "第二出单员" and p3[9].value == "京A0P300"
    amounts = [Decimal(str(c.value)) for c in p3[5:8]]
    assert amounts == [Decimal("950.00"), Decimal("6000.00"), Decimal("420.00")]
    assert {c.number_format for c in p3[5:8]} == {"#,##0.00"}
    p4 = rows[m.numbers["P4"]]  # no CTPL: a zero, not an empty cell
    assert p4[5].value == 0 and p4[5].data_type == "n"


def test_the_report_on_screen_is_written_as_it_is_until_something_changes(exports, tmp_path):
    """The window passes the report it shows: written without working the figures out again
    while nothing was audited since; once a policy is bound, the export works them out afresh
    and the new policy is in the figures and on the policies sheet."""
    ctx, m, ex = exports
    service = ex._reports
    shown = service.report(m.supervisor, NOVEMBER, today=TODAY)
    real_report = service.report

    def not_again(*args, **kwargs):
        raise AssertionError("the figures were worked out again")

    service.report = not_again  # type: ignore[method-assign]
    try:
        got = ex.export(m.supervisor, NOVEMBER, tmp_path / "a.xlsx", today=TODAY, shown=shown)
    finally:
        service.report = real_report  # type: ignore[method-assign]
    book = openpyxl.load_workbook(got.path)
    assert _summary(book["概览"])["保单数"] == 5 and got.policy_rows == 6
    # Another clerk's scope, another period: not the report shown, so worked out.
    assert not service.still_current(shown, m.supervisor, NOVEMBER, m.clerk_a.user_id)
    assert not service.still_current(shown, m.supervisor, Period.month(2026, 10), None)
    add_policy(
        ctx,
        m,
        "N1",
        clerk=m.clerk_a,
        bound_local="2026-11-20 10:00",
        ctpl="950.00",
        commercial="0",
        tax="420.00",
        covers=[],
    )
    assert not service.still_current(shown, m.supervisor, NOVEMBER, None)
    got = ex.export(m.supervisor, NOVEMBER, tmp_path / "b.xlsx", today=TODAY, shown=shown)
    book = openpyxl.load_workbook(got.path)
    assert _summary(book["概览"])["保单数"] == 6 and got.policy_rows == 7
    numbers = {r[0] for r in book["保单明细"].iter_rows(min_row=2, values_only=True)}
    assert m.numbers["N1"] in numbers
