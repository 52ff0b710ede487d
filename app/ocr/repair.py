"""Cross-checks that make OCR trustworthy: an ID number or VIN whose check character fails is
repaired only when ONE look-alike substitution makes it valid (and, for an ID number, agrees
with the printed birth date and sex); otherwise it is left as read and flagged. A repair that
nothing printed confirms is flagged for review. Nothing is invented."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.core.check_result import normalise_code
from app.identity import check_resident_id, check_uscc
from app.vehicle import check_vin

# Look-alike groups (docs/ocr.md, repairs): 0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, 6/G
LETTER_TO_DIGIT = {
    "O": "0",
    "D": "0",
    "Q": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "B": "8",
    "G": "6",
}
GROUPS = ["0ODQ", "1IL", "2Z", "5S", "8B", "6G"]
# The VIN and USCC repairs may also swap letters for letters; ID numbers only use LETTER_TO_DIGIT.
SWAPS = {c: [o for o in g if o != c] for g in GROUPS for c in g}


@dataclass(frozen=True)
class Repair:
    value: str
    valid: bool
    repaired: bool
    note: str = ""
    # A VIN's check digit alone catches only 10 in 11 random errors, so a VIN "repaired" by it is
    # a suggestion for the clerk to confirm, never taken silently.
    needs_review: bool = False


def repair_id_number(
    raw: str, birth_date: date | None = None, sex: str | None = None, today: date | None = None
) -> Repair:
    """Each look-alike group holds exactly one digit, so the only repair there is: a character an ID
    number cannot hold (a letter, or at the end a letter other than X) read as its group's digit.
    A digit misread as another digit is never changed. The check character alone passes a
    wrong number 1 time in 11 when there is a second misread, so a repair is taken without review
    only where the printed birth date shows the repaired digit itself (positions 7–14) and the
    printed sex agrees; any other repair, or one made without the printed birth date and sex, is
    a suggestion for the clerk to confirm."""
    v = raw.strip().upper().replace(" ", "")
    if len(v) != 18:
        return Repair(v, False, False, f"read {len(v)} characters, an ID number has 18")
    printed = birth_date is not None and sex in ("男", "女")

    def agrees(number: str) -> bool:
        r = check_resident_id(number, today=today)
        if not r.valid:
            return False
        if birth_date is not None and r.details.get("birth_date") != birth_date:
            return False
        if sex in ("男", "女") and r.details.get("gender") != ("male" if sex == "男" else "female"):
            return False
        return True

    if agrees(v):
        return Repair(v, True, False)
    letters = [i for i, c in enumerate(v) if not c.isdigit() and not (i == 17 and c == "X")]
    if len(letters) == 1 and v[letters[0]] in LETTER_TO_DIGIT:
        i = letters[0]
        candidate = v[:i] + LETTER_TO_DIGIT[v[i]] + v[i + 1 :]
        if agrees(candidate):
            confirmed = printed and 6 <= i < 14
            note = f"position {i + 1}: {v[i]} read as {candidate[i]}"
            if not confirmed:
                note += (
                    " (check character only; confirm on the card)"
                    if printed
                    else " (birth date or sex not read; confirm on the card)"
                )
            return Repair(candidate, True, True, note, needs_review=not confirmed)
    if check_resident_id(v, today=today).valid:
        return Repair(
            v, False, False, "disagrees with the printed birth date or sex; compare with the card"
        )
    return Repair(v, False, False, "check character fails; compare with the card")


def repair_vin(raw: str) -> Repair:
    v = raw.strip().upper().replace(" ", "")
    normalised = v.replace("O", "0").replace("Q", "0").replace("I", "1")
    if len(normalised) == 17:
        # Positions 15–17 are always the serial's digits (ISO 3779), so a letter there is a misread digit.
        tail = "".join(LETTER_TO_DIGIT.get(c, c) for c in normalised[14:])
        normalised = normalised[:14] + tail
    if check_vin(normalised, imported_ok=False).valid:
        return Repair(
            normalised,
            True,
            normalised != v,
            "letters read where digits belong" if normalised != v else "",
        )
    if len(normalised) != 17:
        return Repair(normalised, False, False, f"read {len(normalised)} characters, a VIN has 17")
    found = []
    for i, c in enumerate(normalised):
        for alt in SWAPS.get(c, []):
            if alt in "IOQ":
                continue
            cand = normalised[:i] + alt + normalised[i + 1 :]
            if check_vin(cand, imported_ok=False).valid:
                found.append((cand, i))
    if len(found) == 1:
        cand, i = found[0]
        return Repair(
            cand,
            True,
            True,
            f"position {i + 1}: {normalised[i]} may be {cand[i]} (check digit); confirm "
            "on the licence",
            needs_review=True,
        )
    return Repair(normalised, False, False, "check digit fails; compare with the licence")


# Characters a USCC never contains (GB 32100: no I, O, S, V, Z) and the character each is a misread of.
USCC_NEVER = {"I": "1", "O": "0", "S": "5", "Z": "2", "V": "U"}


def repair_uscc(raw: str) -> Repair:
    """A unified social credit code as read from a business licence. Repaired only when exactly
    one look-alike substitution makes the check character valid. A substitution that replaced a
    character the code can never contain is certain; one chosen by the check character alone (a
    mod-31 check passes 1 wrong code in 31) is a suggestion the clerk confirms."""
    v = normalise_code(raw)
    if check_uscc(v).valid:
        return Repair(v, True, False)
    if len(v) != 18:
        return Repair(
            v, False, False, f"read {len(v)} characters, a unified social credit code has 18"
        )
    found: list[tuple[str, int]] = []
    for i, c in enumerate(v):
        alternatives = set(SWAPS.get(c, [])) | ({USCC_NEVER[c]} if c in USCC_NEVER else set())
        if i in range(2, 8):  # the region code is digits
            alternatives = {a for a in alternatives if a.isdigit()}
        for alt in sorted(alternatives):
            cand = v[:i] + alt + v[i + 1 :]
            if check_uscc(cand).valid:
                found.append((cand, i))
    if len(found) == 1:
        cand, i = found[0]
        certain = USCC_NEVER.get(v[i]) == cand[i]
        note = (
            f"position {i + 1}: {v[i]} read as {cand[i]}"
            if certain
            else f"position {i + 1}: {v[i]} may be {cand[i]} (check character); confirm on the licence"
        )
        return Repair(cand, True, True, note, needs_review=not certain)
    return Repair(v, False, False, "check character fails; compare with the business licence")
