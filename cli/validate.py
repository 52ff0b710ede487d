"""`chudan validate id|uscc|vin|plate|phone|email|name|engine|usage VALUE [--json]`.
Exit 0 when valid, 1 when not, 2 on a usage error. `id` is any person's number issued in China
(resident ID, residence permit, foreign permanent residence: `check_resident_id` tells which)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from app.core.check_result import CheckResult
from cli.common import add_json_flag
from cli.output import print_json


def _checks() -> dict[str, Callable[[str], CheckResult]]:
    from app.identity import (
        check_email,
        check_mobile,
        check_person_name,
        check_resident_id,
        check_uscc,
    )
    from app.vehicle import check_engine_number, check_plate, check_usage_code, check_vin

    return {
        "id": check_resident_id,
        "uscc": check_uscc,
        "vin": check_vin,
        "plate": check_plate,
        "phone": check_mobile,
        "email": check_email,
        "name": check_person_name,
        "engine": check_engine_number,
        "usage": check_usage_code,
    }


KINDS = ["id", "uscc", "vin", "plate", "phone", "email", "name", "engine", "usage"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate", help="check an ID number, USCC, VIN, plate, phone, ... and say what is wrong"
    )
    p.add_argument("kind", choices=KINDS)
    p.add_argument("value")
    add_json_flag(p)
    p.set_defaults(func=_validate)


def _validate(args: argparse.Namespace) -> int:
    from app.core.errors import InvalidInput
    from app.core.limits import MAX_ADDRESS

    if len(args.value) > MAX_ADDRESS:  # no value checked here is anywhere near this long
        raise InvalidInput(
            f"The value is {len(args.value)} characters long; none of these is longer than {MAX_ADDRESS}.",
            zh=f"输入长度为 {len(args.value)} 个字符，超过上限 {MAX_ADDRESS}。",
        )
    result = _checks()[args.kind](args.value)
    if args.json:
        print_json(result.to_json())
    else:
        print(f"{'valid' if result.valid else 'invalid'}: {result.value}")
        print(f"  {result.message_zh}")
        print(f"  {result.message_en}")
        if result.suggestion_zh:
            print(f"  建议 suggestion: {result.suggestion_zh} / {result.suggestion_en}")
        for k, v in result.details.items():
            print(f"  {k}: {v}")
        for w in result.warnings:
            print(f"  warning: {w}")
    return 0 if result.valid else 1
