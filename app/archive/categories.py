"""The archive's categories, what each is called, which are sensitive, and how a document's kind
(as the desk stores it) maps to one."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    ID_FRONT = "id_front"
    ID_BACK = "id_back"
    BUSINESS_LICENCE = "business_licence"
    VEHICLE_LICENCE = "vehicle_licence"
    SIGNED_SCHEDULE = "signed_schedule"
    COVER_NOTE = "cover_note"
    POLICY = "policy"
    ENDORSEMENT = "endorsement"
    RECEIPT = "receipt"
    PAPER_POLICY = "paper_policy"
    OTHER = "other"


CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    Category.ID_FRONT: ("ID card, front", "身份证人像面"),
    Category.ID_BACK: ("ID card, back", "身份证国徽面"),
    Category.BUSINESS_LICENCE: ("Business licence", "营业执照"),
    Category.VEHICLE_LICENCE: ("Vehicle licence (行驶证)", "行驶证"),
    Category.SIGNED_SCHEDULE: ("Signed schedule", "签名确认"),
    Category.COVER_NOTE: ("Cover note", "暂保单"),
    Category.POLICY: ("Policy", "保单"),
    Category.ENDORSEMENT: ("Endorsement (批单)", "批单"),
    Category.RECEIPT: ("Receipt", "收据"),
    Category.PAPER_POLICY: ("Imported paper policy", "纸质保单（导入）"),
    Category.OTHER: ("Other", "其他"),
}

# ID-card images are sensitive personal information (docs/regulations.md §10.1): shown only to
# roles with Permission.VIEW_ID_IMAGES, every view audited, purged after the retention period.
SENSITIVE = frozenset({Category.ID_FRONT, Category.ID_BACK})

# A photo of the vehicle itself (the yard's, docs/phone.md): nothing the OCR reads; archived as
# "other" with the policy's scans.
VEHICLE_PHOTO = "vehicle-photo"

_BY_KIND = {
    "id-front": Category.ID_FRONT,
    "id-back": Category.ID_BACK,
    "business-licence": Category.BUSINESS_LICENCE,
    "vehicle-licence": Category.VEHICLE_LICENCE,
    "vehicle-licence-back": Category.VEHICLE_LICENCE,
    "signature": Category.SIGNED_SCHEDULE,
    "change_signature": Category.SIGNED_SCHEDULE,  # the customer's signature on a 批改
    "cover_note": Category.COVER_NOTE,
    "policy": Category.POLICY,
    VEHICLE_PHOTO: Category.OTHER,
}


def category_of(kind: str) -> Category:
    """The category of a document the desk stored under `kind`; kinds made by later features
    (an endorsement's 批单, a refund's receipt) are recognised by name."""
    if kind in _BY_KIND:
        return _BY_KIND[kind]
    if kind in Category.__members__.values():
        return Category(kind)
    lowered = kind.lower()
    if "endorse" in lowered:
        return Category.ENDORSEMENT
    if "receipt" in lowered or "refund" in lowered:
        return Category.RECEIPT
    return Category.OTHER


def category_name(category: str, lang: str) -> str:
    en, zh = CATEGORY_NAMES.get(category, (category, category))
    return zh if lang.startswith("zh") else en
