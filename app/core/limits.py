"""How long, how large and how many: the limits on everything a person, a request or a file gives
the desk, in one place. The validators (app.identity, app.vehicle), the request models (issuance
and quote), the command line and the window read them here, so a field cannot be 200 characters in
one place and unbounded in another.

Every free-text field also keeps the printable-character rule: no NUL, no other control character,
no bidirectional or other invisible format character (U+202E turns "gpj.exe" into "exe.jpg" on a
screen) and no lone surrogate (which cannot even be stored as UTF-8). Line breaks are allowed only
in fields meant to hold several lines."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

from app.core.errors import BilingualValueError, InvalidInput

# -- text: characters, after trimming ---------------------------------------------------------
MAX_USERNAME = 32
MAX_DISPLAY_NAME = 50
MAX_PERSON_NAME = 60  # app.identity's name check: 2–30 Chinese characters or 2–60 Latin letters
MAX_ORGANISATION_NAME = 100  # the longest registered company names run to about 60 characters
MAX_ADDRESS = 200
MAX_EMAIL = 254  # RFC 5321's path limit less the angle brackets
MAX_EMAIL_LOCAL = 64  # RFC 5321 §4.5.3.1.1
MAX_CODE_INPUT = (
    64  # an ID number, credit code, VIN, plate or engine number as typed, before checking
)
MAX_PHONE_INPUT = 32
MAX_BRAND_MODEL = 100  # 品牌型号 as the licence prints it
MAX_VEHICLE_TYPE = 40  # 车辆类型, e.g. 重型半挂牵引车
MAX_SHORT_CODE = 40  # cover codes, classes, promotion codes, text versions
MAX_REFERENCE = 64  # payment references (card terminal, transfer, QR)
MAX_NOTE = 500  # a decision's note, a failure reason, a comment
MAX_URL = 2048

# -- lists and documents ----------------------------------------------------------------------
MAX_LIST_ITEMS = 50  # covers, promotions, payment parts, prior policies in one request
MAX_SIGNATURE_STROKES = 200
MAX_SIGNATURE_POINTS = 10_000  # all strokes together: a slow, careful signature is about 2,000
SIGNATURE_COORDINATE = (-1.0, 2.0)  # the pad's box is 0..1; a stroke may run a little past it

# -- numbers ----------------------------------------------------------------------------------
MAX_AMOUNT = Decimal("100000000.00")  # 1e8 yuan: above any vehicle price or premium
MAX_SEATS = 80
MAX_YEARS = 99  # claim-free years
MAX_COUNT = 99  # claims, drink-driving records
MAX_TONNAGE = Decimal("200")  # tonnes, 核定载质量 and 整备质量
MAX_DISPLACEMENT_L = Decimal("30")
MAX_CC = Decimal("10000")  # motorcycles
MAX_DAYS = 366
QUANTITY_DECIMALS = 4
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2099, 12, 31)

# -- files and the command line ---------------------------------------------------------------
MAX_JSON_BYTES = 16 * 1024 * 1024  # a request or a rate table (the demo table is 27 KB)
MAX_JSON_DEPTH = 32  # the rate table nests 9 deep
MAX_IMAGE_BYTES = 40 * 1024 * 1024  # a phone photo is 3–12 MB
MAX_KEY_FILE_BYTES = 64 * 1024  # a PEM key, a store key file, a CA certificate
MAX_LIST_LIMIT = 100_000  # `audit show --limit`
MAX_TIMEOUT_S = 300.0

# Characters no free-text field may hold. Line and paragraph separators are refused in one-line
# fields because they break a printed line (and a log line) as a newline would.
_ONE_LINE_ONLY = {"\n", "\r", "\u2028", "\u2029", "\x85"}
_BAD_CATEGORIES = {"Cc", "Cf", "Cs"}  # controls, format characters (bidi, zero-width), surrogates


def text_problem(value: str, max_len: int, *, multiline: bool = False) -> tuple[str, str] | None:
    """What is wrong with `value` as free text (English, Chinese), or None. The length is checked
    first, so a 15 MB string costs one comparison."""
    if len(value) > max_len:
        return (
            f"is too long ({len(value)} characters; at most {max_len})",
            f"过长（{len(value)} 个字符，最多 {max_len} 个）",
        )
    if value.isprintable():
        # At C speed (a book import checks a million cells): printable means no control, format
        # or surrogate character and no separator but the space, so nothing below would object.
        return None
    for ch in value:
        if multiline and ch in "\n\t":
            continue
        if ch in _ONE_LINE_ONLY or unicodedata.category(ch) in _BAD_CATEGORIES:
            return (
                f"contains an invisible or control character (U+{ord(ch):04X}); type it again by hand",
                f"含有不可见字符或控制字符（U+{ord(ch):04X}），请重新手工输入",
            )
    return None


def check_note(value: str, what: str, what_zh: str, max_len: int = MAX_NOTE) -> str:
    """A note, comment or reason a person writes (several lines allowed); raises InvalidInput."""
    problem = text_problem(value.strip(), max_len, multiline=True)
    if problem is not None:
        raise InvalidInput(f"{what} {problem[0]}.", zh=f"{what_zh}{problem[1]}。")
    return value.strip()


def escaped(value: str, max_len: int = 80) -> str:
    """`value` safe to echo in a message or a log line: cut, and each control or format
    character shown as its code point."""
    out = []
    for ch in value[:max_len]:
        bad = ch in _ONE_LINE_ONLY or unicodedata.category(ch) in _BAD_CATEGORIES
        out.append(f"<U+{ord(ch):04X}>" if bad else ch)
    return "".join(out) + ("…" if len(value) > max_len else "")


def check_date_range(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise BilingualValueError(
            f"must be a date between {EARLIEST_DATE} and {LATEST_DATE}",
            f"应为 {EARLIEST_DATE} 至 {LATEST_DATE} 之间的日期",
        )
    return value


def check_coordinate(value: float) -> float:
    low, high = SIGNATURE_COORDINATE
    if not low <= value <= high:  # False for NaN too
        raise BilingualValueError(
            f"a signature point must lie between {low} and {high}",
            f"签名的点应在 {low} 至 {high} 之间",
        )
    return value


def check_signature_size(
    strokes: list[list[tuple[float, float]]],
) -> list[list[tuple[float, float]]]:
    points = sum(len(s) for s in strokes)
    if points > MAX_SIGNATURE_POINTS:
        raise BilingualValueError(
            f"has {points} points; a signature has at most {MAX_SIGNATURE_POINTS}: ask the customer to sign again",
            f"有 {points} 个点，签名最多 {MAX_SIGNATURE_POINTS} 个：请客户重新签名",
        )
    return strokes
