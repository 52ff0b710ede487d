"""The change requests as they come in (`chudan policy endorse NUMBER REQUEST.json`, `chudan
policy cancel`, the window's change wizard): one model per kind, so a field another kind uses is
refused with its name. Sizes and characters come from app.core.limits, amounts from
app.core.money's one rule; what the customer or a document must supply has no default.
Example: resources/examples/endorsement-request.json."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.changes.kinds import DOCUMENTS, Kind, Reason, Scope
from app.core.errors import InvalidInput
from app.core.json_paths import validation_problems
from app.core.limits import MAX_LIST_ITEMS
from app.core.request_fields import (
    AddressText,
    CodeText,
    EmailText,
    NoteText,
    PhoneText,
    ReferenceText,
    RequestDate,
    ShortText,
    Signature,
)
from app.issuance.request import PartyIn, PaymentIn

_Coverage = Annotated[dict[ShortText, Any], Field(max_length=20)]  # checked by the engine


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RefundTo(_In):
    """Where a refund goes: the policyholder's own account (实名). Without it, the account the
    policyholder paid from, when they paid from one."""

    method: Literal["card", "transfer", "qr"]
    reference: ReferenceText = Field(min_length=1)  # card, account or payment reference
    payer_name: ShortText | None = None  # the account holder: must be the policyholder
    aml_record: Annotated[dict[ShortText, AddressText], Field(max_length=20)] | None = None


class _Change(_In):
    # The first day under the new terms. Left out: the earliest the change may take effect
    # (the start of cover when it has not begun, else tomorrow).
    effective_date: RequestDate | None = None
    signature: Signature | None = None
    payments: Annotated[list[PaymentIn], Field(max_length=MAX_LIST_ITEMS)] = []
    refund_to: RefundTo | None = None
    note: NoteText | None = None


class PlateChange(_Change):
    kind: Literal["plate"]
    plate: CodeText


class VinEngineChange(_Change):
    kind: Literal["vin_engine"]
    vin: CodeText | None = None
    engine_number: CodeText | None = None


class OwnerChange(_Change):
    """过户: the new owner becomes the insured; the policyholder changes only when given."""

    kind: Literal["owner"]
    owner: PartyIn
    policyholder: PartyIn | None = None
    # Commercial cover kept as priced, or priced again with the new owner's NCD level (the
    # platform's answer for the new owner: a new owner starts at 0, docs/regulations.md §3.2).
    commercial: Literal["keep", "reprice"]
    ncd_level: Annotated[int, Field(ge=-4, le=5)] | None = None


class ContactIn(_In):
    phone: PhoneText | None = None
    email: EmailText | None = None
    address: AddressText | None = None


class ContactChange(_Change):
    kind: Literal["contact"]
    policyholder: ContactIn | None = None
    insured: ContactIn | None = None
    owner: ContactIn | None = None


class UsageChange(_Change):
    kind: Literal["usage"]
    usage: ShortText
    vehicle_class: ShortText = Field(alias="class")


class CoverChange(_Change):
    """Commercial covers added, removed or changed. Removing a main cover removes the riders
    that need it (docs/regulations.md §2.2)."""

    kind: Literal["covers"]
    add: Annotated[list[_Coverage], Field(max_length=MAX_LIST_ITEMS)] = []
    remove: Annotated[list[ShortText], Field(max_length=MAX_LIST_ITEMS)] = []
    change: Annotated[list[_Coverage], Field(max_length=MAX_LIST_ITEMS)] = []


class StartDateChange(_Change):
    kind: Literal["start_date"]
    start_date: RequestDate


class ReprintChange(_Change):
    kind: Literal["reprint"]
    document: Literal["cover_note", "policy", "endorsement"]
    endorsement_number: ShortText | None = None  # which 批单, for "endorsement"
    reason: NoteText = Field(min_length=1)  # why the customer needs it again (lost, damaged)


class DocumentIn(_In):
    kind: Literal[tuple(DOCUMENTS)]  # type: ignore[valid-type]
    reference: ReferenceText = Field(min_length=1)  # the certificate's number


class CancelRequest(_In):
    reason: Reason
    # The first day without cover (cover ends at 24:00 the day before). No default.
    effective_date: RequestDate
    scope: Scope = Scope.ALL
    documents: Annotated[list[DocumentIn], Field(max_length=10)] = []
    signature: Signature | None = None
    refund_to: RefundTo | None = None
    note: NoteText | None = None


ChangeRequest = (
    PlateChange
    | VinEngineChange
    | OwnerChange
    | ContactChange
    | UsageChange
    | CoverChange
    | StartDateChange
    | ReprintChange
)
_MODELS: dict[str, type[_Change]] = {
    Kind.PLATE: PlateChange,
    Kind.VIN_ENGINE: VinEngineChange,
    Kind.OWNER: OwnerChange,
    Kind.CONTACT: ContactChange,
    Kind.USAGE: UsageChange,
    Kind.COVERS: CoverChange,
    Kind.START_DATE: StartDateChange,
    Kind.REPRINT: ReprintChange,
}


def _refused(exc: ValidationError) -> InvalidInput:
    problems = "; ".join(validation_problems(exc.errors()))
    return InvalidInput(f"The request is refused: {problems}.", zh=f"请求有误：{problems}。")


def parse_change(data: Any) -> ChangeRequest:
    kind = data.get("kind") if isinstance(data, dict) else None
    model = _MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        kinds = ", ".join(_MODELS)
        raise InvalidInput(
            f"The request is refused: kind must be one of {kinds} (a cancellation is "
            "`chudan policy cancel`).",
            zh=f"请求有误：kind 须为以下之一：{kinds}（退保请用 chudan policy cancel）。",
        )
    try:
        return model.model_validate(data)  # type: ignore[return-value]
    except ValidationError as exc:
        raise _refused(exc) from exc


def parse_cancel(data: Any) -> CancelRequest:
    try:
        return CancelRequest.model_validate(data)
    except ValidationError as exc:
        raise _refused(exc) from exc
