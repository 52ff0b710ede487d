"""Identity checks (pure: head office reuses them): resident ID numbers and residence permits,
USCC, mobile, e-mail, personal names."""

from app.identity.contact import check_email, check_mobile, check_person_name
from app.identity.id_card_validity import check_id_card_validity
from app.identity.party import check_party, check_party_id, party_id_type
from app.identity.resident_id import (
    check_foreign_permanent_residence_id,
    check_resident_id,
    convert_first_generation_id,
    id_check_character,
)
from app.identity.uscc import check_uscc, uscc_check_character

__all__ = [
    "check_email",
    "check_foreign_permanent_residence_id",
    "check_id_card_validity",
    "check_mobile",
    "check_party",
    "check_party_id",
    "check_person_name",
    "party_id_type",
    "check_resident_id",
    "check_uscc",
    "convert_first_generation_id",
    "id_check_character",
    "uscc_check_character",
]
