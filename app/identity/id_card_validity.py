"""The validity printed on the back of a resident ID card (有效期限, docs/regulations.md §7.1):
`2015.03.07-2035.03.07` or `…-长期`. By 《居民身份证法》 art. 5 the span depends on the age at
issue (under 16: 5 years; 16–25: 10; 26–45: 20; 46 and over: 长期), and the card must be valid
on the day the policy is issued. Checked by the issuance service for every request, headless
ones included, not only by the window."""

from __future__ import annotations

import re
from datetime import date

from app.core.check_result import CheckResult, bad, ok

LONG_TERM = "长期"
_DATE = re.compile(r"^(\d{4})[.\-/年]?(\d{1,2})[.\-/月]?(\d{1,2})日?$")


def parse_card_date(text: str) -> date | None:
    """`2015.03.07`, `2015-03-07`, `20150307` or `2015年03月07日` as a date; None if not one."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def span_for_age(age: int) -> int | None:
    """Years of validity for a card issued at `age`; None for 长期."""
    if age < 16:
        return 5
    if age <= 25:
        return 10
    if age <= 45:
        return 20
    return None


def check_id_card_validity(
    valid_from: str | None,
    valid_until: str | None,
    *,
    on: date,
    birth_date: date | None = None,
) -> CheckResult:
    """The card's validity on `on` (the issue date). With the birth date (from the ID number),
    the span must also be the one the law gives for the age at issue."""
    until_text = (valid_until or "").strip()
    start = parse_card_date(valid_from) if valid_from else None
    if valid_from and start is None:
        return bad(
            valid_from,
            "bad_validity_date",
            f"身份证有效期起始日期 {valid_from} 无法识别，请按证件背面填写（如 2015.03.07）。",
            f"The card's validity start {valid_from!r} is not a date; copy it from the back of the card (e.g. 2015.03.07).",
        )
    long_term = until_text == LONG_TERM
    until = None if long_term else parse_card_date(until_text) if until_text else None
    if until_text and not long_term and until is None:
        return bad(
            until_text,
            "bad_validity_date",
            f"身份证有效期截止日期 {until_text} 无法识别，请按证件背面填写（如 2035.03.07 或 长期）。",
            f"The card's validity end {until_text!r} is not a date; copy it from the back of the card (e.g. 2035.03.07 or 长期).",
        )
    if start is not None and start > on:
        return bad(
            valid_from or "",
            "not_yet_valid",
            f"身份证有效期自 {start} 起，晚于今天，请核对证件。",
            f"The card is valid only from {start}, after today; check the card.",
        )
    if until is not None and until < on:
        return bad(
            until_text,
            "expired",
            f"身份证已于 {until} 过期：请客户出示有效身份证（或临时身份证）。",
            f"The ID card expired on {until}: ask for a valid ID card (or a temporary one).",
        )
    if start is not None and (until is not None or long_term):
        if until is not None and until <= start:
            return bad(
                until_text,
                "bad_validity_span",
                "身份证有效期截止日期早于起始日期，请核对证件。",
                "The card's validity ends before it starts; check the card.",
            )
        spans = {5, 10, 20}
        span = None if long_term else until.year - start.year if until else None
        exact = long_term or (until is not None and until == _years_later(start, span or 0))
        if not long_term and (span not in spans or not exact):
            return bad(
                until_text,
                "bad_validity_span",
                f"身份证有效期 {start} 至 {until} 不是 5、10 或 20 年，请核对证件。",
                f"The card's validity {start} to {until} is not 5, 10 or 20 years; check the card.",
            )
        if birth_date is not None:
            age = _age(birth_date, start)
            expected = span_for_age(age)
            if expected != span:
                want_zh = "长期" if expected is None else f"{expected} 年"
                want_en = "long-term" if expected is None else f"{expected} years"
                return bad(
                    until_text,
                    "validity_not_for_age",
                    f"签发时持证人 {age} 岁，身份证有效期应为{want_zh}，与证件所写不符，请核对。",
                    f"The holder was {age} when the card was issued, so it is valid for {want_en}; the dates given do not "
                    "match: check the card.",
                )
    return ok(
        until_text or "",
        "身份证在有效期内。" if until_text else "未填写身份证有效期。",
        "The ID card is valid." if until_text else "The ID card's validity was not given.",
    )
