"""What each kind of endorsement changes, checked (docs/changes.md): the request turned into the
change as it will be applied, and the list of what it changes, before and after, that the 批单
prints and the history shows. Every value goes through the validators of app.identity and
app.vehicle; a refusal lists every problem at once."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.changes.pricing import CTPL
from app.changes.request import (
    ChangeRequest,
    ContactChange,
    CoverChange,
    OwnerChange,
    PlateChange,
    StartDateChange,
    UsageChange,
    VinEngineChange,
)
from app.core.check_result import CheckResult
from app.core.errors import InvalidInput
from app.core.limits import escaped
from app.core.money import fmt_amount
from app.identity import check_email, check_mobile, check_person_name, check_resident_id, check_uscc
from app.issuance.request import PartyIn
from app.rating.commercial import MAIN_COVERS
from app.rating.table import RateTable
from app.vehicle import check_engine_number, check_plate, check_usage_code, check_vin
from app.vehicle.codes import VEHICLE_CLASSES

# How a cover's terms read on the 批单 and in English (key, label, English label, is it money).
_TERMS = (
    ("limit", "限额", "limit", True),
    ("sum_insured", "保额", "sum insured", True),
    ("seats", "座位数", "seats", False),
    ("rate", "免赔率", "deductible rate", False),
    ("days", "天数", "days", False),
    ("daily_amount", "日补偿额", "daily amount", True),
)


def entry(
    field_: str,
    zh: str,
    en: str,
    before: Any,
    after: Any,
    mask: str | None = None,
    *,
    before_en: str | None = None,
    after_en: str | None = None,
):
    """One changed field. A value that is words rather than data (未投保, 限额 …) gives its
    English too, so an English window never shows the Chinese of the 批单."""
    out = {
        "field": field_,
        "label_zh": zh,
        "label_en": en,
        "before": None if before is None else str(before),
        "after": None if after is None else str(after),
        "mask": mask,
    }
    if before_en is not None:
        out["before_en"] = before_en
    if after_en is not None:
        out["after_en"] = after_en
    return out


def checked(results: list[tuple[str, CheckResult]]) -> dict[str, str]:
    values: dict[str, str] = {}
    bad = []
    for path, r in results:
        if r.valid:
            values[path] = r.value
        else:
            bad.append((path, r))
    if bad:
        en = "; ".join(
            f"{p}: {r.message_en}" + (f" ({r.suggestion_en})" if r.suggestion_en else "")
            for p, r in bad
        )
        zh = "；".join(f"{p}：{r.message_zh}" for p, r in bad)
        raise InvalidInput(f"The request is refused: {en}", zh=f"请求被拒绝：{zh}")
    return values


def checked_party(p: PartyIn, role: str) -> dict[str, Any]:
    checks = [
        (
            f"{role}.name",
            check_person_name(p.name)
            if p.kind == "person"
            else CheckResult(bool(p.name), p.name, "ok", "请填写单位名称。", "Enter the name."),
        ),
        (
            f"{role}.id_number",
            check_resident_id(p.id_number)
            if p.id_type == "resident_id"
            else check_uscc(p.id_number),
        ),
    ]
    if p.phone:
        checks.append((f"{role}.phone", check_mobile(p.phone)))
    if p.email:
        checks.append((f"{role}.email", check_email(p.email)))
    v = checked(checks)
    return {
        "kind": p.kind,
        "name": v[f"{role}.name"],
        "id_type": p.id_type,
        "id_number": v[f"{role}.id_number"],
        "phone": v.get(f"{role}.phone"),
        "email": v.get(f"{role}.email"),
        "address": p.address,
    }


def endorsement_edits(
    req: ChangeRequest, base: dict[str, Any], table: RateTable, today: date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The change as it will be applied, checked, and what it changes (before and after)."""
    v, parties = base["vehicle"], base["parties"]
    if isinstance(req, PlateChange):
        if v.get("plate"):
            raise InvalidInput(
                f"This policy's vehicle already has a plate ({v['plate']}); a wrong plate is "
                "corrected as the VIN is, by a supervisor.",
                zh=f"该车已有号牌（{v['plate']}），只有未上牌的保单可以补录号牌。",
            )
        plate = checked([("plate", check_plate(req.plate))])["plate"]
        return {"plate": plate}, [
            entry("vehicle.plate", "号牌号码", "plate", "未上牌", plate, before_en="not registered")
        ]
    if isinstance(req, VinEngineChange):
        checks = []
        if req.vin:
            checks.append(("vin", check_vin(req.vin)))
        if req.engine_number:
            checks.append(("engine_number", check_engine_number(req.engine_number)))
        values = checked(checks)
        changed = [
            entry("vehicle.vin", "车辆识别代号", "VIN", v["vin"], values["vin"])
            for _ in [0]
            if values.get("vin") and values["vin"] != v["vin"]
        ] + [
            entry(
                "vehicle.engine_number",
                "发动机号",
                "engine number",
                v["engine_number"],
                values["engine_number"],
            )
            for _ in [0]
            if values.get("engine_number") and values["engine_number"] != v["engine_number"]
        ]
        if not changed:
            raise InvalidInput(
                "Give the corrected VIN or engine number (it is the same as on the policy).",
                zh="请填写更正后的车架号或发动机号（与保单上的相同）。",
            )
        return {
            "vin": values.get("vin") or v["vin"],
            "engine_number": values.get("engine_number") or v["engine_number"],
        }, changed
    if isinstance(req, OwnerChange):
        owner = checked_party(req.owner, "owner")
        holder = checked_party(req.policyholder, "policyholder") if req.policyholder else None
        if owner["id_number"] == parties["owner"]["id_number"]:
            raise InvalidInput(
                "The new owner is the owner already on the policy.",
                zh="新车主与保单上的车主相同。",
            )
        has_commercial = any(
            c["code"] != CTPL for c in base["terms"]["request"].get("coverages") or []
        )
        if has_commercial and req.commercial == "reprice" and req.ncd_level is None:
            raise InvalidInput(
                "Pricing the commercial cover again needs the new owner's NCD level "
                "(ncd_level, from the platform's answer; a new owner starts at 0).",
                zh="重新计算商业险保费须填写新车主的无赔款优待等级（ncd_level，以平台返回为准）。",
            )
        changed = []
        for role, zh, en in (
            ("owner", "车辆所有人", "owner"),
            ("insured", "被保险人", "insured"),
        ):
            before = parties[role]
            changed.append(entry(f"{role}.name", zh, en, before["name"], owner["name"], "name"))
            changed.append(
                entry(
                    f"{role}.id_number",
                    f"{zh}证件号",
                    f"{en} ID",
                    before["id_number"],
                    owner["id_number"],
                    "id",
                )
            )
        if holder is not None:
            before = parties["policyholder"]
            changed.append(
                entry(
                    "policyholder.name",
                    "投保人",
                    "policyholder",
                    before["name"],
                    holder["name"],
                    "name",
                )
            )
            changed.append(
                entry(
                    "policyholder.id_number",
                    "投保人证件号",
                    "policyholder ID",
                    before["id_number"],
                    holder["id_number"],
                    "id",
                )
            )
        return {
            "owner": owner,
            "policyholder": holder,
            "commercial": req.commercial,
            "ncd_level": req.ncd_level,
        }, changed
    if isinstance(req, ContactChange):
        edits: dict[str, Any] = {}
        changed = []
        for role, zh in (
            ("policyholder", "投保人"),
            ("insured", "被保险人"),
            ("owner", "车主"),
        ):
            given = getattr(req, role)
            if given is None:
                continue
            checks = []
            if given.phone:
                checks.append((f"{role}.phone", check_mobile(given.phone)))
            if given.email:
                checks.append((f"{role}.email", check_email(given.email)))
            values = checked(checks)
            new = {
                "phone": values.get(f"{role}.phone"),
                "email": values.get(f"{role}.email"),
                "address": given.address,
            }
            for name, label_zh, label_en, mask in (
                ("phone", "电话", "phone", "phone"),
                ("email", "电子邮箱", "e-mail", "email"),
                ("address", "地址", "address", "address"),
            ):
                if new[name] and new[name] != parties[role].get(name):
                    edits.setdefault(role, {})[name] = new[name]
                    changed.append(
                        entry(
                            f"{role}.{name}",
                            f"{zh}{label_zh}",
                            f"{role} {label_en}",
                            parties[role].get(name),
                            new[name],
                            mask,
                        )
                    )
        if not changed:
            raise InvalidInput(
                "Give the new phone, e-mail or address (what is given is already on the policy).",
                zh="请填写新的电话、邮箱或地址（所填内容与保单相同）。",
            )
        return edits, changed
    if isinstance(req, UsageChange):
        usage = checked([("usage", check_usage_code(req.usage))])["usage"]
        if req.vehicle_class not in table.ctpl.classes and req.vehicle_class not in VEHICLE_CLASSES:
            raise InvalidInput(
                f"There is no vehicle class {escaped(req.vehicle_class, 30)!r} in this rate table.",
                zh="费率表中没有该车辆类别。",
            )
        if usage == v["usage"] and req.vehicle_class == v["class"]:
            raise InvalidInput(
                "The use nature and class are the ones on the policy already.",
                zh="使用性质与车辆类别与保单相同。",
            )
        return {"usage": usage, "class": req.vehicle_class}, [
            entry("vehicle.usage", "使用性质", "use nature", v["usage"], usage),
            entry("vehicle.class", "车辆类别", "vehicle class", v["class"], req.vehicle_class),
        ]
    if isinstance(req, CoverChange):
        return cover_edits(base, req, table)
    if isinstance(req, StartDateChange):
        start = date.fromisoformat(base["period"][0])
        if start <= today:
            raise InvalidInput(
                f"Cover started on {start}: the start date can only be moved before cover begins.",
                zh=f"保单已于 {start} 起保，起保后不能变更起保日期。",
            )
        if req.start_date <= today:
            raise InvalidInput(
                f"Cover never starts in the past: the earliest start is {today + timedelta(days=1)}.",
                zh=f"起保日期不能早于明天（{today + timedelta(days=1)}）。",
            )
        if req.start_date == start:
            raise InvalidInput("That is the start date already.", zh="与原起保日期相同。")
        return {"start_date": req.start_date.isoformat()}, [
            entry(
                "period.start",
                "起保日期",
                "start date",
                start.isoformat(),
                req.start_date.isoformat(),
            )
        ]
    raise InvalidInput("This kind of change cannot be priced.", zh="该批改类型无法计算。")


def cover_edits(
    base: dict[str, Any], req: CoverChange, table: RateTable
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    covers = [
        copy.deepcopy(c)
        for c in base["terms"]["request"].get("coverages") or []
        if c["code"] != CTPL
    ]
    codes = [c["code"] for c in covers]
    names = {ln["code"]: ln["name_zh"] for ln in base["terms"]["quote"].get("lines") or []}

    names_en = {ln["code"]: ln.get("name_en") for ln in base["terms"]["quote"].get("lines") or []}

    def name(code: str) -> str:
        if code in names:
            return names[code]
        if code in MAIN_COVERS:
            return MAIN_COVERS[code][0]
        rider = table.commercial.riders.get(code)
        return rider.name_zh if rider else code

    def name_en(code: str) -> str:
        if names_en.get(code):
            return str(names_en[code])
        if code in MAIN_COVERS:
            return MAIN_COVERS[code][1]
        rider = table.commercial.riders.get(code)
        return (rider.name_en if rider else "") or code.replace("_", " ")

    def describe(c: dict[str, Any] | None, en: bool = False) -> str | None:
        if c is None:
            return None
        parts = []
        for key, label_zh, label_en, money in _TERMS:
            if c.get(key) is None:
                continue
            value = c[key]
            if money:
                try:
                    value = fmt_amount(Decimal(str(value)))
                except ArithmeticError:
                    pass
            parts.append(f"{label_en if en else label_zh} {value}")
        if en:
            return "insured" + (f" ({', '.join(parts)})" if parts else "")
        return "投保" + (f"（{'，'.join(parts)}）" if parts else "")

    before = {c["code"]: copy.deepcopy(c) for c in covers}
    for code in req.remove:
        if code not in codes:
            raise InvalidInput(
                f"{code} is not on the policy, so it cannot be removed.",
                zh=f"保单上没有 {name(code)}，无法删除。",
            )
        covers = [c for c in covers if c["code"] != code]
        codes.remove(code)
    for c in req.change:
        changing = c.get("code")
        if changing not in codes:
            raise InvalidInput(
                f"{escaped(str(changing), 30)} is not on the policy: add it instead of changing it.",
                zh=f"保单上没有 {name(str(changing))}，请选择增加险种。",
            )
        for cov in covers:
            if cov["code"] == changing:
                cov.update({k: val for k, val in c.items() if k != "code"})
    for c in req.add:
        adding = c.get("code")
        if not isinstance(adding, str) or not adding:
            raise InvalidInput("Each cover added needs its code.", zh="增加的险种须注明代码。")
        if adding == CTPL:
            raise InvalidInput(
                "CTPL is not added by endorsement: issue a CTPL policy.",
                zh="交强险不能通过批改增加，请单独投保交强险。",
            )
        if adding in codes:
            raise InvalidInput(
                f"{adding} is on the policy already: change it instead of adding it.",
                zh=f"保单上已有 {name(adding)}，请选择调整。",
            )
        covers.append(dict(c))
        codes.append(adding)
    # Removing a main cover removes the riders that need it (docs/regulations.md §2.2).
    dropped: list[str] = []
    while True:
        mains = {c["code"] for c in covers if c["code"] in MAIN_COVERS}
        orphans = [
            c
            for c in covers
            if c["code"] not in MAIN_COVERS
            and (
                (c.get("attaches_to") and c["attaches_to"] not in mains)
                or (
                    c["code"] in table.commercial.riders
                    and not set(table.commercial.riders[c["code"]].requires_any) & mains
                )
            )
        ]
        if not orphans:
            break
        for o in orphans:
            if o["code"] in req.remove or o["code"] in [a.get("code") for a in req.add]:
                continue
            dropped.append(o["code"])
        covers = [c for c in covers if c not in orphans]
    if not covers:
        raise InvalidInput(
            "That leaves no commercial cover: cancel the commercial cover instead "
            "(chudan policy cancel … --scope commercial).",
            zh="调整后不再有任何商业险：请改为办理商业险退保。",
        )
    after = {c["code"]: c for c in covers}
    changed = []
    for code in [*before, *(c for c in after if c not in before)]:
        b, a = before.get(code), after.get(code)
        if b == a:
            continue
        dropped_with_main = code in dropped
        changed.append(
            entry(
                f"covers.{code}",
                name(code) + ("（随主险删除）" if dropped_with_main else ""),
                name_en(code) + (" (removed with its main cover)" if dropped_with_main else ""),
                describe(b) or "未投保",
                describe(a) or "不投保",
                before_en=describe(b, en=True) or "not insured",
                after_en=describe(a, en=True) or "removed",
            )
        )
    if not changed:
        raise InvalidInput("Nothing about the covers changes.", zh="险种没有任何变化。")
    return {"coverages": covers, "removed_with_main": dropped}, changed
