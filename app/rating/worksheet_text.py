"""The worksheet as a clerk reads it aloud: in one language (the user's), in sections — 交强险,
商业险, 代收车船税 — each with its period and its subtotal, then the total; every figure in the one
display format (app/core/money.py: 1,045.00), rates as percentages where people say them so.

The engine (app/rating) computes the figures and words each line; this module only arranges
and formats them. A line of a kind it has never seen (a rule added later) is shown as the engine
worded it, in the section it was added to; a section it has never seen gets its own heading, after
the known ones. Pure: the wizard, `chudan quote` and the JSON all use it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from app.core.money import fmt_amount, fmt_money
from app.rating.regions import region_name
from app.rating.worksheet import WorksheetLine, num, pct

# Known sections, in the order a clerk reads them; "" holds lines before any section (notes
# about the whole quote, such as how it rounds).
TITLES: dict[str, tuple[str, str]] = {
    "": ("说明", "Notes"),
    "ctpl": ("交强险", "Compulsory motor insurance (CTPL)"),
    "commercial": ("商业险", "Commercial motor insurance"),
    "tax": ("代收车船税", "Vehicle and vessel tax collected with CTPL"),
    "total": ("合计", "Total"),
}
ORDER = list(TITLES)
MONTHS_EN = "January February March April May June July August September October November December"


class Quote(Protocol):
    """What this module reads of app.rating.engine.Quote (which imports this module)."""

    rate_table_version: int
    illustrative: bool
    start_date: date
    end_date: date
    ctpl: Any
    vehicle_tax: Any
    request: Any

    @property
    def worksheet(self) -> list[WorksheetLine]: ...

    @property
    def commercial_total(self) -> Decimal: ...

    @property
    def total(self) -> Decimal: ...


def _zh(lang: str) -> bool:
    return lang.startswith("zh")


_BIG = re.compile(r"(?<![\d.])(\d{4,})(?=(\.\d+)?(?!\d))")


def display_formula(formula: str) -> str:
    """A formula as people read it: 150000 → 150,000 (the machine form stays in the JSON)."""
    grouped = _BIG.sub(lambda m: f"{int(m.group(1)):,}", formula)
    return re.sub(r"(^|[(\s])-(?=\d)", r"\1−", grouped)  # a negative figure: the same minus sign


def figure(line: WorksheetLine) -> str:
    if line.kind == "note":  # a statement (the clause set, the rounding rule): no figure
        return ""
    if line.money:
        return fmt_amount(line.value)
    if line.percent:
        return pct(line.value, sign=line.value != 0)
    # a factor the premium is multiplied by
    exact = num(line.value)
    return "× " + (f"{line.value:.2f}" if len(exact.partition(".")[2]) <= 2 else exact)


@dataclass(frozen=True)
class ShownLine:
    text: str
    figure: str
    formula: str  # with thousands separators; "" when the figure is read from the table


@dataclass(frozen=True)
class ShownSection:
    code: str
    title: str
    period: str
    lines: list[ShownLine]
    subtotal_label: str
    subtotal: str  # "" for a section without one (notes)


@dataclass(frozen=True)
class WorksheetView:
    language: str
    heading: list[str]
    sections: list[ShownSection]

    def as_text(self) -> str:
        out = [*self.heading, ""]
        for sec in self.sections:
            out.append(f"【{sec.title}】" if _zh(self.language) else f"== {sec.title} ==")
            if sec.period:
                out.append(f"  {sec.period}")
            for ln in sec.lines:
                out.append(f"  {ln.figure:>14}  {ln.text}")
                if ln.formula:
                    out.append(f"  {'':>14}  = {ln.formula}")
            if sec.subtotal:
                out.append(f"  {sec.subtotal:>14}  {sec.subtotal_label}")
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    def as_html(self) -> str:
        e = html.escape
        parts = [f"<p>{'<br>'.join(e(h) for h in self.heading)}</p>"]
        for sec in self.sections:
            parts.append(f"<h3>{e(sec.title)}</h3>")
            if sec.period:
                parts.append(f"<p><i>{e(sec.period)}</i></p>")
            rows = "".join(
                f"<tr><td align='right' valign='top'><b>{e(ln.figure)}</b></td><td>{e(ln.text)}"
                + (f"<br><small>= {e(ln.formula)}</small>" if ln.formula else "")
                + "</td></tr>"
                for ln in sec.lines
            )
            if sec.subtotal:
                rows += (
                    f"<tr><td align='right'><b><u>{e(sec.subtotal)}</u></b></td>"
                    f"<td><b>{e(sec.subtotal_label)}</b></td></tr>"
                )
            parts.append(f"<table cellspacing='4'>{rows}</table>")
        return "".join(parts)


def _period(q: Quote, zh: bool) -> str:
    term = getattr(q, "term", None)
    if term is not None and term.immediate:  # 即时生效: from the moment of issue to the same moment
        if zh:
            return f"保险期间：{q.start_date} 出单时起至 {q.end_date} 同一时刻止"
        return f"period of cover: {q.start_date} from the moment of issue to the same time on {q.end_date}"
    if zh:
        return f"保险期间：{q.start_date} 0时起至 {q.end_date} 24时止"
    return f"period of cover: {q.start_date} 00:00 to {q.end_date} 24:00"


def _tax_period(tax: Any, zh: bool) -> str:
    year, first = tax.tax_year, tax.first_month
    if not year:
        return ""
    months = MONTHS_EN.split()
    if zh:
        text = f"税款所属期：{year} 年 {first} 月至 12 月"
        if tax.arrears_years:
            text += "；另补缴 " + "、".join(f"{y} 年" for y in tax.arrears_years)
        return text
    text = f"tax period: {months[first - 1]} to December {year}"
    if tax.arrears_years:
        text += "; arrears for " + ", ".join(str(y) for y in tax.arrears_years)
    return text


def _subtotal(code: str, q: Quote, zh: bool) -> tuple[str, str]:
    if code == "ctpl" and q.ctpl is not None:
        return ("交强险保费小计" if zh else "CTPL premium, subtotal"), fmt_amount(q.ctpl.premium)
    if code == "commercial":
        return ("商业险保费小计" if zh else "commercial premium, subtotal"), fmt_amount(
            q.commercial_total
        )
    if code == "tax" and q.vehicle_tax is not None:
        return ("代收车船税小计" if zh else "vehicle tax collected, subtotal"), fmt_amount(
            q.vehicle_tax.total
        )
    if code == "total":
        return ("应缴合计（元）" if zh else "total to pay (yuan)"), fmt_amount(q.total)
    return "", ""


def present(q: Quote, lang: str) -> WorksheetView:
    """The worksheet of `q` in `lang` ("zh_CN" or "en"), sectioned, every figure formatted."""
    zh = _zh(lang)
    by_section: dict[str, list[WorksheetLine]] = {}
    for line in q.worksheet:
        by_section.setdefault(line.section, []).append(line)
    codes = [c for c in ORDER if c in by_section] + [c for c in by_section if c not in TITLES]
    sections = []
    for code in codes:
        lines = by_section[code]
        if code == "total":  # the total's own line is the subtotal row; keep its formula
            lines = lines[:-1] if lines else lines
        title_zh, title_en = TITLES.get(code, (code, code.replace("_", " ")))
        period = (
            _period(q, zh)
            if code in ("ctpl", "commercial")
            else (_tax_period(q.vehicle_tax, zh) if code == "tax" and q.vehicle_tax else "")
        )
        label, sub = _subtotal(code, q, zh)
        shown = [
            ShownLine(ln.zh if zh else ln.en, figure(ln), display_formula(ln.formula))
            for ln in lines
        ]
        if code == "total":
            total_line = by_section["total"][-1]
            label = total_line.zh if zh else total_line.en
            shown.append(ShownLine(label, fmt_amount(q.total), display_formula(total_line.formula)))
            label, sub = "", ""
        sections.append(ShownSection(code, title_zh if zh else title_en, period, shown, label, sub))
    heading = []
    if q.request is not None:
        where = region_name(q.request.region, lang)
        heading.append(f"地区：{where}" if zh else f"region: {where}")
    table = (
        f"费率表第 {q.rate_table_version} 版"
        if zh
        else f"rate table version {q.rate_table_version}"
    )
    if q.illustrative:
        table += (
            "（示例费率表：商业险基准保费因保险公司而异）"
            if zh
            else " (illustrative: commercial base premiums differ by insurer)"
        )
    heading.append(table)
    return WorksheetView(lang, heading, sections)


def worksheet_json(q: Quote) -> dict[str, Any]:
    """The worksheet in the quote's JSON: sections with their titles, periods and subtotals in
    both languages, and each line's figure in the wire format (two decimals, no separators)."""
    zh, en = present(q, "zh_CN"), present(q, "en")
    lines_by_section: dict[str, list[WorksheetLine]] = {}
    for line in q.worksheet:
        lines_by_section.setdefault(line.section, []).append(line)
    out = []
    for s_zh, s_en in zip(zh.sections, en.sections, strict=True):
        sub = {
            "ctpl": q.ctpl.premium if q.ctpl else None,
            "commercial": q.commercial_total,
            "tax": q.vehicle_tax.total if q.vehicle_tax else None,
        }.get(s_zh.code)
        out.append(
            {
                "section": s_zh.code,
                "title_zh": s_zh.title,
                "title_en": s_en.title,
                "period_zh": s_zh.period,
                "period_en": s_en.period,
                "lines": [ln.to_json() for ln in lines_by_section.get(s_zh.code, [])],
                "subtotal": fmt_money(sub) if isinstance(sub, Decimal) else None,
            }
        )
    return {"sections": out, "total": fmt_money(q.total)}
