"""Mobile numbers, e-mail addresses and personal names."""

from __future__ import annotations

import re
import unicodedata

from app.core.check_result import CheckResult, bad, ok
from app.core.limits import MAX_EMAIL, MAX_EMAIL_LOCAL, MAX_PERSON_NAME

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_DOTS = "·•・．.‧∙"
_CHINESE_NAME = re.compile(
    r"^[\u3400-\u9fff\U00020000-\U0002ffff]+(·[\u3400-\u9fff\U00020000-\U0002ffff]+)*$"
)
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ]+([ '\-.][A-Za-zÀ-ÖØ-öø-ÿ]+)*\.?$")


def check_mobile(value: str) -> CheckResult:
    v = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", value))
    if v.startswith("+86"):
        v = v[3:]
    elif v.startswith("0086"):
        v = v[4:]
    if not _MOBILE.match(v):
        return bad(
            v,
            "bad_mobile",
            "手机号码应为 11 位、以 1 开头（第二位 3–9）。请与客户核对。",
            "A mainland mobile number has 11 digits starting with 1 (second digit 3–9). Check with the customer.",
        )
    return ok(
        v,
        "手机号码格式正确（须为投保人本人号码，用于接收验证短信）。",
        "Format is right (it must be the policyholder's own number: it receives the confirmation SMS).",
    )


def check_email(value: str) -> CheckResult:
    if len(value) > MAX_EMAIL * 2:  # before normalising a megabyte of text
        value = value[: MAX_EMAIL * 2]
    v = unicodedata.normalize("NFKC", value).strip()
    local, _, domain = v.partition("@")
    if len(v) > MAX_EMAIL or len(local) > MAX_EMAIL_LOCAL:
        return bad(
            v[:MAX_EMAIL],
            "email_too_long",
            f"电子邮箱过长（@ 前最多 {MAX_EMAIL_LOCAL} 个字符，全部最多 {MAX_EMAIL} 个）。请与客户核对。",
            f"That e-mail address is too long (at most {MAX_EMAIL_LOCAL} characters before the @, "
            f"{MAX_EMAIL} in all). Check with the customer.",
        )
    if not _EMAIL.match(v) or ".." in v:
        return bad(
            v,
            "bad_email",
            "电子邮箱格式不正确（例如 name@example.com）。请与客户核对。",
            "That is not an e-mail address (like name@example.com). Check with the customer.",
        )
    return ok(f"{local}@{domain.lower()}", "电子邮箱格式正确。", "E-mail format is right.")


def check_person_name(value: str) -> CheckResult:
    v = unicodedata.normalize("NFKC", value[: MAX_PERSON_NAME * 4]).strip()
    v = re.sub(r"\s+", " ", v)
    if any("\u3400" <= ch <= "\u9fff" for ch in v):
        v = v.replace(" ", "")
        for d in _DOTS:
            v = v.replace(d, "·")  # minority names: one middle dot, U+00B7
        if not _CHINESE_NAME.match(v) or len(v) < 2 or len(v) > 30:
            return bad(
                v,
                "bad_name",
                "姓名应为 2–30 个汉字，少数民族姓名用间隔号“·”分隔。请对照证件输入。",
                "A Chinese name has 2–30 characters; minority names use the middle dot ·. Copy it from the ID.",
            )
        return ok(v, "姓名格式正确。", "Name format is right.", script="chinese")
    if not _LATIN_NAME.match(v) or len(v) < 2 or len(v) > MAX_PERSON_NAME:
        return bad(
            v,
            "bad_name",
            "姓名只能包含字母、空格、连字符和撇号（外文姓名按证件填写）。",
            "A Latin-script name has letters, spaces, hyphens and apostrophes only; copy it from the passport.",
        )
    return ok(v.upper(), "姓名格式正确。", "Name format is right.", script="latin")
