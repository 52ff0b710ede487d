"""The change wizard's flow as data (the window in ui/changes is a view of it): for each kind the
fields a clerk fills, where each value goes in the request (app.changes.request), and which steps
follow. A kind edits only what it may change; nothing is prefilled that the customer or a
document must supply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from app.changes.kinds import DOCUMENTS, ENDORSEMENT_KINDS, REASON_NAMES, Kind, Reason
from app.rating.table import RateTable

Widget = Literal["text", "date", "choice"]


@dataclass(frozen=True)
class Field:
    path: str  # where the value goes: "plate", "policyholder.phone", "add.0.limit"
    label_zh: str
    label_en: str
    widget: Widget = "text"
    choices: str = ""  # a choice field's list: "riders", "covers", "reasons", "documents", …
    required: bool = True


_OWNER = "owner"
FORMS: dict[Kind, tuple[Field, ...]] = {
    Kind.PLATE: (Field("plate", "号牌号码", "plate"),),
    Kind.VIN_ENGINE: (
        Field("vin", "更正后的车架号", "corrected VIN", required=False),
        Field("engine_number", "更正后的发动机号", "corrected engine number", required=False),
    ),
    Kind.OWNER: (
        # A car is sold to a person or to an organisation (a company car): the kind decides
        # which identity number is asked for and checked (身份证号 or 统一社会信用代码).
        Field(f"{_OWNER}.kind", "新车主类型", "new owner is", "choice", "party_kinds"),
        Field(f"{_OWNER}.name", "新车主姓名或单位名称", "new owner's name"),
        Field(
            f"{_OWNER}.id_number",
            "新车主身份证号或统一社会信用代码",
            "new owner's ID number or USCC",
        ),
        Field("commercial", "商业险", "commercial cover", "choice", "commercial"),
        Field("ncd_level", "新车主无赔款优待等级", "new owner's NCD level", required=False),
    ),
    Kind.CONTACT: (
        Field("policyholder.phone", "投保人新手机号", "policyholder's new mobile", required=False),
        Field("policyholder.address", "投保人新地址", "policyholder's new address", required=False),
    ),
    Kind.USAGE: (
        Field("usage", "新使用性质代码", "new use nature code"),
        Field("class", "新车辆类别", "new vehicle class"),
    ),
    Kind.COVERS: (
        Field("add.0.code", "增加附加险", "rider to add", "choice", "riders", required=False),
        Field("add.0.limit", "限额", "limit", required=False),
        Field("remove.0", "删除险种", "cover to remove", "choice", "covers", required=False),
    ),
    Kind.START_DATE: (Field("start_date", "新起保日期", "new start date", "date"),),
    Kind.CANCEL: (
        Field("reason", "退保原因", "reason", "choice", "reasons"),
        Field("scope", "退保范围", "what ends", "choice", "scopes"),
        Field("effective_date", "首个无保障日", "first day without cover", "date"),
        Field("documents.0.kind", "证明材料", "document", "choice", "documents", required=False),
        Field("documents.0.reference", "证明编号", "document number", required=False),
    ),
}

# The kinds the 批改 button offers, in the order clerks meet them most.
MENU = (
    Kind.PLATE,
    Kind.CONTACT,
    Kind.COVERS,
    Kind.OWNER,
    Kind.VIN_ENGINE,
    Kind.USAGE,
    Kind.START_DATE,
)
assert set(MENU) == set(ENDORSEMENT_KINDS)


def choices(name: str, table: RateTable, covers: list[str]) -> list[tuple[str, str, str]]:
    """(value, Chinese, English) of a choice field; the first entry is "none chosen" where the
    field may stay empty."""
    if name == "riders":
        return [("", "（不增加）", "(none)")] + [
            (code, r.name_zh, r.name_en)
            for code, r in table.commercial.riders.items()
            if code not in covers
        ]
    if name == "covers":
        return [("", "（不删除）", "(none)")] + [(c, c, c) for c in covers if c != "ctpl"]
    if name == "reasons":
        return [(r.value, *REASON_NAMES[r]) for r in Reason]
    if name == "scopes":
        return [
            ("all", "整张保单", "the whole policy"),
            ("commercial", "仅商业险", "commercial only"),
        ]
    if name == "documents":
        return [("", "（无）", "(none)")] + [
            (k, d.name_zh, d.name_en) for k, d in DOCUMENTS.items()
        ]
    if name == "party_kinds":
        return [
            ("person", "个人", "a person"),
            ("organisation", "单位（统一社会信用代码）", "an organisation (USCC)"),
        ]
    if name == "commercial":
        return [
            ("keep", "保持原保费", "keep as priced"),
            ("reprice", "按新车主重新计算", "price again"),
        ]
    raise KeyError(name)


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    node: Any = target
    for key, nxt in zip(keys, keys[1:], strict=False):
        child: Any = [] if nxt.isdigit() else {}
        if key.isdigit():
            while len(node) <= int(key):
                node.append(child)
            node = node[int(key)]
        else:
            node = node.setdefault(key, child)
    last = keys[-1]
    if last.isdigit():
        node.append(value)
    else:
        node[last] = value


def build_request(kind: Kind, values: dict[str, str]) -> dict[str, Any]:
    """The request a form's values make: empty optional fields left out, a list entry whose
    first field is empty dropped (no rider chosen, no document)."""
    out: dict[str, Any] = {} if kind == Kind.CANCEL else {"kind": kind.value}
    fields = FORMS[kind]
    skipped = {
        f.path.rsplit(".", 1)[0]
        for f in fields
        if ".0." in f.path and f.path.endswith((".code", ".kind")) and not values.get(f.path)
    }
    for f in fields:
        value = (values.get(f.path) or "").strip()
        if not value or f.path.rsplit(".", 1)[0] in skipped:
            continue
        if f.path == "ncd_level":
            _put(out, f.path, int(value) if value.lstrip("-").isdigit() else value)
        else:
            _put(out, f.path, value)
    if kind == Kind.OWNER and "owner" in out:
        owner = out["owner"]
        owner.setdefault("kind", "person")
        # The identity number follows the kind: a person's 身份证号, an organisation's USCC.
        owner["id_type"] = "uscc" if owner["kind"] == "organisation" else "resident_id"
    return out
