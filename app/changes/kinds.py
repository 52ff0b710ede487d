"""The kinds of change to an issued policy and the rules that come with each (docs/changes.md,
docs/regulations.md §9): which sections of the premium a kind prices again, whether the
customer signs, the reasons a cancellation may give and the documents each needs. Pure data: the
desk and head office read the same table."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    PLATE = "plate"  # add the plate to a policy issued 未上牌
    VIN_ENGINE = "vin_engine"  # correct the VIN or the engine number
    OWNER = "owner"  # 过户: the vehicle changed hands
    CONTACT = "contact"  # phone, e-mail, address
    USAGE = "usage"  # change of use nature (使用性质)
    COVERS = "covers"  # riders, limits, sums insured
    START_DATE = "start_date"  # move the start before cover has begun
    REPRINT = "reprint"  # 补打: a lost document printed again
    CANCEL = "cancel"  # 退保


# Sections of the premium: CTPL, commercial, the vehicle tax withheld with CTPL.
CTPL, COMMERCIAL, TAX = "ctpl", "commercial", "tax"


@dataclass(frozen=True)
class KindRule:
    name_zh: str
    name_en: str
    repriced: frozenset[str]  # the sections priced again; the others keep their premium
    signature: bool  # the customer signs: cover or premium changes
    whole_term: bool = False  # priced for the whole term, never pro rata (before cover starts)
    makes_version: bool = True  # a reprint changes nothing


RULES: dict[Kind, KindRule] = {
    Kind.PLATE: KindRule("补录号牌", "add the plate", frozenset(), False),
    Kind.VIN_ENGINE: KindRule(
        "更正车架号或发动机号", "correct the VIN or engine number", frozenset(), False
    ),
    # 过户: CTPL transfers with the vehicle and is not floated again (§1.4); commercial cover may be
    # priced again for the new owner (§9.1).
    Kind.OWNER: KindRule("过户（车辆转让）", "change of owner", frozenset({COMMERCIAL}), True),
    Kind.CONTACT: KindRule("变更联系方式或地址", "change of contact details", frozenset(), False),
    Kind.USAGE: KindRule(
        "变更使用性质", "change of use nature", frozenset({CTPL, COMMERCIAL}), True
    ),
    Kind.COVERS: KindRule(
        "调整险种、限额或保额",
        "change covers, limits or sums insured",
        frozenset({COMMERCIAL}),
        True,
    ),
    Kind.START_DATE: KindRule(
        "变更起保日期（未起保）",
        "move the start date (before cover starts)",
        frozenset({CTPL, COMMERCIAL, TAX}),
        True,
        whole_term=True,
    ),
    Kind.REPRINT: KindRule(
        "补打单证", "reprint a lost document", frozenset(), False, makes_version=False
    ),
    Kind.CANCEL: KindRule("退保", "cancellation", frozenset(), True),
}

ENDORSEMENT_KINDS = tuple(k for k in Kind if k not in (Kind.CANCEL, Kind.REPRINT))


class Reason(StrEnum):
    """Why a policy is cancelled (docs/regulations.md §1.8, §9.3)."""

    DEREGISTERED = "deregistered"  # 注销登记
    LAID_UP = "laid_up"  # 停驶
    LOST = "lost"  # confirmed lost by the police
    CUSTOMER_REQUEST = "customer_request"
    SOLD = "sold"
    SCRAPPED = "scrapped"
    DUPLICATE = "duplicate"  # the same cover bought twice


# CTPL may be ended early only in the statutory cases (《机动车交通事故责任强制保险条例》 art. 16).
CTPL_REASONS = frozenset({Reason.DEREGISTERED, Reason.LAID_UP, Reason.LOST})
COMMERCIAL_REASONS = frozenset(Reason)

REASON_NAMES: dict[Reason, tuple[str, str]] = {
    Reason.DEREGISTERED: ("机动车注销登记", "the vehicle was deregistered"),
    Reason.LAID_UP: ("机动车办理停驶", "the vehicle is laid up"),
    Reason.LOST: ("经公安机关证实丢失", "the vehicle was confirmed lost by the police"),
    Reason.CUSTOMER_REQUEST: ("投保人申请退保", "at the policyholder's request"),
    Reason.SOLD: ("车辆转卖", "the vehicle was sold"),
    Reason.SCRAPPED: ("车辆报废", "the vehicle was scrapped"),
    Reason.DUPLICATE: ("重复投保", "the same cover was bought twice"),
}


@dataclass(frozen=True)
class DocumentRule:
    name_zh: str
    name_en: str


# The documents each reason needs on record, by the certificate's number (the customer's signed
# request is the signature itself). The police and the vehicle administration issue them.
DOCUMENTS: dict[str, DocumentRule] = {
    "deregistration_certificate": DocumentRule("机动车注销证明书", "deregistration certificate"),
    "lay_up_certificate": DocumentRule("机动车停驶证明", "lay-up certificate"),
    "police_loss_certificate": DocumentRule(
        "公安机关出具的车辆丢失证明", "police certificate of loss"
    ),
    "transfer_certificate": DocumentRule(
        "机动车转移登记证明", "certificate of transfer of ownership"
    ),
    "scrap_certificate": DocumentRule("报废机动车回收证明", "scrap vehicle recycling certificate"),
    "other_policy": DocumentRule("另一份保单的保单号", "the other policy's number"),
}

REQUIRED_DOCUMENTS: dict[Reason, tuple[str, ...]] = {
    Reason.DEREGISTERED: ("deregistration_certificate",),
    Reason.LAID_UP: ("lay_up_certificate",),
    Reason.LOST: ("police_loss_certificate",),
    Reason.CUSTOMER_REQUEST: (),
    Reason.SOLD: ("transfer_certificate",),
    Reason.SCRAPPED: ("scrap_certificate",),
    Reason.DUPLICATE: ("other_policy",),
}


class Scope(StrEnum):
    """What a cancellation ends: the whole policy, or its commercial cover alone (CTPL stays,
    as when the vehicle is sold and CTPL goes with it)."""

    ALL = "all"
    COMMERCIAL = "commercial"
