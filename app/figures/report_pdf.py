"""The monthly PDF report: the headline figures beside the previous period's, bar charts (policies
and premium per day/week/month, covers chosen, the renewal funnel) and every section as a table,
in the bundled font (WenQuanYi Micro Hei, as the policies). The policies behind the figures are
left to the XLSX export: a month of a busy outlet is thousands of lines."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.paths import resources_dir
from app.figures.labels import COVER_NAMES, label
from app.figures.measures import change
from app.figures.report import Report, Section, column_title, shown, text_of

FONT = "WQYMicroHei"
FONT_FILE = resources_dir() / "fonts" / "wqy-microhei.ttc"
BAR = colors.HexColor("#3A6EA5")
PREVIOUS = colors.HexColor("#B8C4D0")
HEADER = colors.HexColor("#DDE6F0")
CHART_W, CHART_H = 170 * mm, 55 * mm


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    return FONT


def _chart(
    title: str, labels: list[str], values: list[float], previous: list[float] | None
) -> Drawing:
    d = Drawing(CHART_W, CHART_H)
    d.add(String(0, CHART_H - 10, title, fontName=FONT, fontSize=9))
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 18
    chart.width, chart.height = CHART_W - 36, CHART_H - 38
    chart.data = [previous, values] if previous else [values]
    chart.bars[0].fillColor = PREVIOUS if previous else BAR
    if previous:
        chart.bars[1].fillColor = BAR
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6
    every = max(1, -(-len(labels) // 12))  # at most a dozen labels: they never overlap
    chart.categoryAxis.categoryNames = [t if i % every == 0 else "" for i, t in enumerate(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.boxAnchor = "n"
    d.add(chart)
    return d


def _table(rows: list[list[str]], widths: list[float] | None = None) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return t


def _section_rows(section: Section, lang: str) -> list[list[str]]:
    rows = [[column_title(c.key, lang) for c in section.columns]]
    for row in section.rows:
        cells = []
        for c, (column, value) in enumerate(zip(section.columns, row, strict=True)):
            if column.kind == "text":
                cells.append(text_of(str(value), lang) if c == 0 else str(value))
            else:
                cells.append(shown(column.kind, value, lang))
        rows.append(cells)
    return rows


def write_pdf(report: Report, path: Path, lang: str) -> None:
    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=20)
    heading = ParagraphStyle("heading", fontName=font, fontSize=11, leading=15, spaceBefore=6)
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=11)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),  # the sections' tables are wide
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{label('report_title', lang)} {report.period.label()}",
    )
    story: list[Any] = [
        Paragraph(
            f"{label('report_title', lang)} · {report.scope_name} · {report.period.label()}", title
        ),
        Paragraph(
            f"{report.period.start} – {report.period.end} · "
            f"{report.generated_at.astimezone().strftime('%Y-%m-%d %H:%M') if isinstance(report.generated_at, datetime) else ''}"
            + (
                f" · {label('high_value', lang)}: {report.high_value_rule}"
                if report.high_value_rule
                else ""
            ),
            small,
        ),
        Spacer(1, 4 * mm),
    ]
    rows = [[label(k, lang) for k in ("figure", "value", "previous", "change")]]
    for key, now, before, kind, _drill in report.headline():
        diff = change(now, before) if before is not None and report.previous else None
        rows.append(
            [
                label(key, lang),
                shown(kind, now, lang),
                shown(kind, before, lang) if report.previous else "",
                shown("change", diff, lang) if report.previous else "",
            ]
        )
    story += [_table(rows, [70 * mm, 35 * mm, 35 * mm, 30 * mm]), Spacer(1, 4 * mm)]

    v = report.volume
    keys = list(v.by_bucket)
    short = [k[5:] if len(k) == 10 else k for k in keys]
    prev = list(report.previous.by_bucket.values()) if report.previous else []
    prev_n = [float(p.policies) for p in prev][: len(keys)] if prev else None
    prev_p = [float(p.premium) for p in prev][: len(keys)] if prev else None
    if prev_n is not None and len(prev_n) < len(keys):
        prev_n += [0.0] * (len(keys) - len(prev_n))
        prev_p = (prev_p or []) + [0.0] * (len(keys) - len(prev_p or []))
    story.append(
        _chart(
            label("policies", lang),
            short,
            [float(t.policies) for t in v.by_bucket.values()],
            prev_n,
        )
    )
    story.append(
        _chart(
            label("premium", lang), short, [float(t.premium) for t in v.by_bucket.values()], prev_p
        )
    )
    covers = [(c, n) for c, n in v.covers.items() if n]
    if covers:
        story.append(
            _chart(
                label("section_covers", lang),
                [label(c, lang, COVER_NAMES) for c, _ in covers],
                [float(n) for _, n in covers],
                None,
            )
        )
    f = report.renewal
    funnel = [
        ("expiring", f.expiring),
        ("contacted", f.contacted),
        ("quoted", f.quoted),
        ("renewed", f.renewed),
        ("lost", f.lost),
    ]
    story.append(
        _chart(
            label("section_renewal", lang),
            [label(k, lang).split(" (")[0] for k, _ in funnel],
            [float(n) for _, n in funnel],
            None,
        )
    )
    for section in report.sections(lang)[1:]:
        story.append(Paragraph(label(section.key, lang), heading))
        story.append(_table(_section_rows(section, lang)))
    doc.build(story)


__all__ = ["write_pdf"]
