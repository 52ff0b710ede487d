"""Problems with a request, listed all at once, each wholly in one language.

A request (a quote, an issuance) is checked in full before anything is priced or stored, and every
problem is reported together: the clerk fixes them in one pass. Pydantic's own messages are
English only, so its errors are translated here, per field and per kind of error, and nowhere
else: no English fragment ends up inside a Chinese sentence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.errors import BilingualValueError, InvalidInput
from app.core.json_paths import json_path


@dataclass(frozen=True)
class Problem:
    path: str  # where in the request, as a JSON path ("vehicle.seats", "coverages[2].limit")
    en: str
    zh: str


# Chinese names of request fields, so a Chinese message names the field as a clerk knows it
# (the JSON path follows in brackets for whoever edits the file).
FIELD_NAMES_ZH: dict[str, str] = {
    "start_date": "起保日期",
    "end_date": "终保日期",
    "short_term_months": "短期月数",
    "immediate": "即时生效",
    "region": "地区代码",
    "channel": "渠道",
    "clauses": "条款",
    "vehicle": "车辆信息",
    "vehicle.class": "车辆类别",
    "vehicle.seats": "核定载客数",
    "vehicle.tonnage": "核定载质量（吨）",
    "vehicle.curb_weight_t": "整备质量（吨）",
    "vehicle.cc": "摩托车排量（毫升）",
    "vehicle.first_registration": "初次登记日期",
    "vehicle.purchase_price": "新车购置价",
    "vehicle.purchase_date": "购置日期（发票日期）",
    "vehicle.displacement_l": "排量（升）",
    "vehicle.fuel": "燃料种类",
    "vehicle.energy_saving": "节能汽车",
    "vehicle.usage": "使用性质",
    "vehicle.trailer": "挂车",
    "vehicle.mini_truck": "微型载货汽车",
    "vehicle.plate": "号牌号码",
    "vehicle.vin": "车辆识别代号",
    "vehicle.engine_number": "发动机号",
    "vehicle.brand_model": "品牌型号",
    "vehicle.vehicle_type": "车辆类型",
    "history": "出险及违法记录",
    "history.ctpl_claim_free_years": "交强险连续未出险年数",
    "history.ctpl_at_fault_claims_last_year": "上年交强险有责事故次数",
    "history.ctpl_fatal_at_fault_last_year": "上年有责死亡事故",
    "history.drink_driving": "饮酒驾驶次数",
    "history.drunk_driving": "醉酒驾驶次数",
    "history.ncd_level": "无赔款优待等级",
    "history.first_ctpl": "首次投保交强险",
    "coverages": "险种",
    "pricing_coefficient": "自主定价系数",
    "traffic_violation_coefficient": "交通违法系数",
    "promotions": "优惠活动",
    "tax": "车船税",
    "tax.arrears": "往年欠缴车船税",
    "tax.paid_on": "车船税缴纳日期",
    "plan": "投保方案",
    "policyholder": "投保人",
    "insured": "被保险人",
    "owner": "车辆所有人",
    "consent": "个人信息处理同意",
    "payments": "缴费",
    "signature": "签名",
}

_LEAF_NAMES_ZH = {
    "code": "险种代码",
    "limit": "限额",
    "sum_insured": "保额",
    "seats": "座位数",
    "rate": "免赔率",
    "attaches_to": "所附主险",
    "days": "天数",
    "daily_amount": "日赔偿金额",
    "services": "服务项目",
    "year": "年度",
    "amount": "金额",
    "name": "姓名/名称",
    "kind": "类型",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "id_valid_from": "证件有效期起",
    "id_valid_until": "证件有效期止",
    "phone": "手机号",
    "email": "电子邮箱",
    "address": "地址",
    "method": "缴费方式",
    "payer_name": "付款人",
    "reference": "交易参考号",
    "given": "是否同意",
}


def field_name_zh(path: str) -> str:
    """`vehicle.seats` → 核定载客数（vehicle.seats）; an unlisted path is shown as it is."""
    bare = _strip_indexes(path)
    name = FIELD_NAMES_ZH.get(bare) or _LEAF_NAMES_ZH.get(bare.rsplit(".", 1)[-1])
    return f"{name}（{path}）" if name else path


def _strip_indexes(path: str) -> str:
    out, depth = [], 0
    for ch in path:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _allowed(ctx: Mapping[str, Any], key: str) -> str:
    value = ctx.get(key)
    return str(value) if value is not None else ""


def translate(error: Mapping[str, Any]) -> Problem:
    """One pydantic error as a Problem: the same meaning in English and in Chinese."""
    path = json_path(error.get("loc", ()))
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    given = error.get("input")
    cause = ctx.get("error")
    if isinstance(cause, BilingualValueError):
        return Problem(path, cause.en, cause.zh)
    limit = _allowed(ctx, "gt") or _allowed(ctx, "ge") or _allowed(ctx, "lt") or _allowed(ctx, "le")
    en: str
    zh: str
    if kind == "missing":
        en, zh = "is required", "必须填写"
    elif kind == "extra_forbidden":
        en, zh = "is not a field of this request; remove it", "不是本请求的字段，请删除"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        en, zh = "must be a whole number", "应为整数"
    elif kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        en, zh = "must be a number", "应为数字"
    elif kind == "finite_number":
        en, zh = "must be a finite number", "应为有限的数字"
    elif kind == "decimal_max_places" and str(ctx.get("decimal_places")) == "2":
        en, zh = (
            "is money: at most two decimals (fen), e.g. 1234.56",
            "是金额，最多两位小数（分），如 1234.56",
        )
    elif kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
        en, zh = "has too many digits", "位数过多"
    elif kind in (
        "date_parsing",
        "date_from_datetime_parsing",
        "date_type",
        "date_from_datetime_inexact",
    ):
        en, zh = "must be a date written YYYY-MM-DD", "应为日期，格式 YYYY-MM-DD"
    elif kind in ("bool_parsing", "bool_type"):
        en, zh = "must be true or false", "应为 true 或 false"
    elif kind in ("string_type", "str_type"):
        en, zh = "must be text", "应为文字"
    elif kind in ("list_type", "tuple_type"):
        en, zh = "must be a list", "应为列表"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        en, zh = "must be an object with named fields", "应为带字段名的对象"
    elif kind == "greater_than":
        en, zh = f"must be above {limit}", f"应大于 {limit}"
    elif kind == "greater_than_equal":
        en, zh = f"must be at least {limit}", f"应不小于 {limit}"
    elif kind == "less_than":
        en, zh = f"must be below {limit}", f"应小于 {limit}"
    elif kind == "less_than_equal":
        en, zh = f"must be at most {limit}", f"应不大于 {limit}"
    elif kind == "too_short":
        n = _allowed(ctx, "min_length")
        en, zh = f"needs at least {n} item(s)", f"至少需要 {n} 项"
    elif kind == "too_long":
        n = _allowed(ctx, "max_length")
        en, zh = f"allows at most {n} item(s) or characters", f"最多 {n} 项（或字符）"
    elif kind == "string_pattern_mismatch":
        en, zh = "is not in the expected form", "格式不正确"
    elif kind == "string_too_short":
        en, zh = "must not be empty", "不能为空"
    elif kind == "string_too_long":
        n = _allowed(ctx, "max_length")
        en, zh = f"allows at most {n} characters", f"最多 {n} 个字符"
    elif kind == "literal_error":
        options = _allowed(ctx, "expected")
        en, zh = f"must be one of {options}", f"只能是以下之一：{options}"
    elif kind in ("enum",):
        options = _allowed(ctx, "expected")
        en, zh = f"must be one of {options}", f"只能是以下之一：{options}"
    elif kind == "value_error":
        # A model's own rule without a Chinese text (rate-table checks for head office's staff):
        # the English says which; the Chinese does not borrow it.
        en = str(error.get("msg", "")).removeprefix("Value error, ") or "is not valid here"
        zh = "不符合规则（详见英文说明）"
    else:
        en, zh = "is not valid here", "填写有误"
    if given is not None and kind not in ("missing", "extra_forbidden") and _short(given):
        en += f" (got {given!r})"
        zh += f"（填写的是 {given!r}）"
    return Problem(path, en, zh)


def _short(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) and len(str(value)) <= 40


def refusal(problems: list[Problem], *, what_en: str, what_zh: str) -> InvalidInput:
    """One error naming every problem: `The quote request is refused: vehicle.seats: must be at
    least 1; history: …`, and in Chinese with the fields' Chinese names."""
    en = "; ".join(f"{p.path}: {p.en}" if p.path else p.en for p in problems)
    zh = "；".join(f"{field_name_zh(p.path)}：{p.zh}" if p.path else p.zh for p in problems)
    error = InvalidInput(f"{what_en} is refused: {en}.", zh=f"{what_zh}有误：{zh}。")
    error.problems = list(problems)
    return error
