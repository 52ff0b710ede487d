"""The scenario file's schema, written once as this small explicit validator (jsonschema is not
among the desk's packages, and a scenario is a handful of fields; docs/training.md shows the
shape). `schema` and `version` say which shape a file has; every error names the JSON path, as
the rate table's do."""

from __future__ import annotations

from typing import Any

from app.core.errors import InvalidInput

SCHEMA_ID = "chudan.training.scenario"
SCHEMA_VERSION = 1

STEPS = ("customer", "vehicle", "coverage", "review", "payment", "confirm", "endorse")
LEVELS = ("beginner", "advanced")
# The exception types outlets meet, one family of scenarios each (docs/training.md).
EVENT_TYPES = (
    "hq_rejects_premium_mismatch",
    "underwriting_refers",
    "underwriting_declines_commercial",
    "card_limit_then_qr",
    "registry_model_mismatch",
    "registry_usage_mismatch",
    "lookup_delayed",
    "duplicate_cover",
    "ocr_misread",
    "id_expired",
    "large_cash_aml",
    "consent_refused",
    "endorsement_special_agreement",
)
# The fields an `ocr_misread` event may name, and where the scenario holds their true value.
MISREAD_FIELDS = {
    "vin": "vehicle",
    "engine_number": "vehicle",
    "plate": "vehicle",
    "id_number": "customer",
}
# The specimen generator's kinds (app/training/specimens.py `make(kind, seed)`).
DOCUMENT_KINDS = (
    "id-front",
    "id-back",
    "vehicle-licence",
    "vehicle-licence-back",
    "business-licence",
)


def _misread(d: dict[str, Any], detail: dict[str, Any], path: str) -> None:
    """One character of one field read as another: the field, its position (from 1) and the
    character read there, which is not the document's."""
    m = _obj(detail, path, {"field": str, "position": int, "read": str})
    _one_of(m["field"], tuple(MISREAD_FIELDS), f"{path}.field")
    value = str(d[MISREAD_FIELDS[m["field"]]].get(m["field"]) or "")
    if not 1 <= m["position"] <= len(value):
        raise _fail(f"{path}.position", "is outside the field", "超出该字段长度")
    if len(m["read"]) != 1 or not m["read"].isalnum() or m["read"] == value[m["position"] - 1]:
        raise _fail(
            f"{path}.read",
            "must be one letter or digit, another than the document's",
            "应为一个与证件不同的字母或数字",
        )


def _fail(path: str, en: str, zh: str) -> InvalidInput:
    return InvalidInput(f"scenario {path}: {en}", zh=f"演练场景 {path}：{zh}")


def _obj(
    doc: Any,
    path: str,
    required: dict[str, type | tuple[type, ...]],
    optional: dict[str, type | tuple[type, ...]] | None = None,
) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise _fail(path, "must be an object", "应为对象")
    allowed = {**required, **(optional or {})}
    for key in doc:
        if key not in allowed:
            raise _fail(f"{path}.{key}", "is not a field of a scenario", "不是场景的字段")
    for key, kind in allowed.items():
        if key not in doc:
            if key in required:
                raise _fail(f"{path}.{key}", "is missing", "缺失")
            continue
        value = doc[key]
        # bool is an int to Python; a count given as true is still wrong
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
            raise _fail(f"{path}.{key}", f"must be {_names(kind)}", f"类型应为 {_names(kind)}")
    return doc


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _names(kind: type | tuple[type, ...]) -> str:
    return " or ".join(k.__name__ for k in _tuple(kind))


def _text(doc: Any, path: str) -> None:
    t = _obj(doc, path, {"zh": str, "en": str})
    for lang in ("zh", "en"):
        if not t[lang].strip():
            raise _fail(f"{path}.{lang}", "is empty", "为空")


def _one_of(value: Any, allowed: tuple[str, ...], path: str) -> None:
    if value not in allowed:
        raise _fail(path, f"must be one of {', '.join(allowed)}", f"应为 {'、'.join(allowed)} 之一")


def validate(doc: Any) -> dict[str, Any]:
    """The document unchanged when it is a scenario of this version, else InvalidInput naming
    the first wrong field."""
    d = _obj(
        doc,
        "$",
        {
            "schema": str,
            "version": int,
            "id": str,
            "family": str,
            "level": str,
            "title": dict,
            "brief": dict,
            "customer": dict,
            "vehicle": dict,
            "events": list,
            "checkpoints": list,
        },
        {"documents": list},
    )
    if d["schema"] != SCHEMA_ID:
        raise _fail("$.schema", f"must be {SCHEMA_ID!r}", f"应为 {SCHEMA_ID}")
    if d["version"] != SCHEMA_VERSION:
        raise _fail(
            "$.version",
            f"is {d['version']}; this desk reads version {SCHEMA_VERSION}",
            f"为 {d['version']}，本机读取第 {SCHEMA_VERSION} 版",
        )
    _one_of(d["family"], EVENT_TYPES, "$.family")
    _one_of(d["level"], LEVELS, "$.level")
    _text(d["title"], "$.title")
    _text(d["brief"], "$.brief")
    c = _obj(
        d["customer"],
        "$.customer",
        {"name": str, "id_number": str, "mobile": str, "says": dict},
        {"id_valid_until": str, "address": str},
    )
    for key, answer in c["says"].items():
        _text(answer, f"$.customer.says.{key}")
    _obj(
        d["vehicle"],
        "$.vehicle",
        {"vin": str, "plate": str, "model": str, "usage": str},
        {"registered": str, "owner": str, "engine_number": str},
    )
    for i, doc_ in enumerate(d.get("documents", [])):
        dd = _obj(doc_, f"$.documents[{i}]", {"kind": str, "seed": int}, {"degraded": bool})
        _one_of(dd["kind"], DOCUMENT_KINDS, f"$.documents[{i}].kind")
    if not d["events"]:
        raise _fail("$.events", "needs at least one event", "至少需要一个事件")
    for i, ev in enumerate(d["events"]):
        e = _obj(ev, f"$.events[{i}]", {"type": str, "step": str}, {"detail": dict})
        _one_of(e["type"], EVENT_TYPES, f"$.events[{i}].type")
        _one_of(e["step"], STEPS, f"$.events[{i}].step")
        if e["type"] == "ocr_misread":
            _misread(d, e.get("detail") or {}, f"$.events[{i}].detail")
    if not d["checkpoints"]:
        raise _fail("$.checkpoints", "needs at least one checkpoint", "至少需要一个检查点")
    seen: set[str] = set()
    for i, cp in enumerate(d["checkpoints"]):
        p = f"$.checkpoints[{i}]"
        k = _obj(
            cp,
            p,
            {
                "id": str,
                "step": str,
                "prompt": dict,
                "options": dict,
                "expected": str,
                "rule": dict,
                "points": int,
            },
            {"trap": str, "costly": dict},
        )
        if k["id"] in seen:
            raise _fail(f"{p}.id", f"{k['id']!r} is used twice", f"{k['id']} 重复")
        seen.add(k["id"])
        _one_of(k["step"], STEPS, f"{p}.step")
        _text(k["prompt"], f"{p}.prompt")
        if len(k["options"]) < 2:
            raise _fail(f"{p}.options", "needs at least two options", "至少需要两个选项")
        for key, label in k["options"].items():
            _text(label, f"{p}.options.{key}")
        if k["expected"] not in k["options"]:
            raise _fail(f"{p}.expected", "must be one of the options", "应为选项之一")
        if "trap" in k and (k["trap"] not in k["options"] or k["trap"] == k["expected"]):
            raise _fail(
                f"{p}.trap", "must be another option than the expected one", "应为预期以外的选项"
            )
        r = _obj(k["rule"], f"{p}.rule", {"zh": str, "en": str, "source": str})
        _text({"zh": r["zh"], "en": r["en"]}, f"{p}.rule")
        if k["points"] < 1:
            raise _fail(f"{p}.points", "must be at least 1", "至少为 1")
        for key, why in k.get("costly", {}).items():
            if key not in k["options"] or key == k["expected"]:
                raise _fail(f"{p}.costly.{key}", "must name a wrong option", "应为错误选项")
            _text(why, f"{p}.costly.{key}")
    return d
