"""The outlet's book for tests and benchmarks: rows of an import file with made-up but valid
identities (check characters computed, not hard-coded), files written as CSV or XLSX, and a clock
a test can move (a renewal is issued a year after the policy it renews)."""

from __future__ import annotations

import copy
import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.identity import id_check_character
from app.vehicle import vin_check_digit
from tests.support.examples import EXAMPLES, POLICY_REQUEST

BOOK_EXAMPLE = EXAMPLES / "book-import.csv"
HEADER = (
    "policy_number",
    "insurer",
    "coverage",
    "start_date",
    "end_date",
    "premium_ctpl",
    "premium_commercial",
    "holder_name",
    "holder_id_number",
    "holder_phone",
    "holder_email",
    "plate",
    "vin",
    "engine_number",
    "brand_model",
    "vehicle_class",
    "usage",
    "seats",
    "first_registration",
    "purchase_price",
    "fuel",
    "covers",
    "ncd_level",
    "reminder_consent",
)
_SURNAMES = "王李张刘陈杨黄赵吴周"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇")


def person_id(i: int) -> str:
    body = f"110105{1960 + i % 40:04d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return body + id_check_character(body)


def vin(i: int) -> str:
    body = f"LSVCC6A4?PN{i % 1_000_000:06d}"
    return body[:8] + vin_check_digit(body.replace("?", "0")) + body[9:]


def phone(i: int) -> str:
    return f"139{i % 100_000_000:08d}"


def book_row(i: int, end: date | str, **overrides: Any) -> dict[str, str]:
    """A valid row: a family car whose policy (both covers) ends on `end`."""
    end_text = end if isinstance(end, str) else end.isoformat()
    start = (
        (date.fromisoformat(end_text) - timedelta(days=364)).isoformat()
        if not end_text.startswith("today")
        else f"today{int(end_text[5:] or 0) - 364:+d}"
    )
    row = {
        "policy_number": f"PDAA2025{i:012d}",
        "insurer": "中国人民财产保险股份有限公司",
        "coverage": "both",
        "start_date": start,
        "end_date": end_text,
        "premium_ctpl": "950.00",
        "premium_commercial": "3050.00",
        "holder_name": _SURNAMES[i % 10] + _GIVEN[(i // 10) % 10],
        "holder_id_number": person_id(i),
        "holder_phone": phone(i),
        "holder_email": "",
        "plate": "",
        "vin": vin(i),
        "engine_number": f"EA211{i % 1_000_000:06d}",
        "brand_model": "大众汽车牌SVW71810BU",
        "vehicle_class": "family_car",
        "usage": "A",
        "seats": "5",
        "first_registration": "2021-03-18",
        "purchase_price": "150000",
        "fuel": "petrol",
        "covers": "ctpl;vehicle_damage;third_party:2000000;driver:10000",
        "ncd_level": "0",
        "reminder_consent": "",
    }
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def csv_bytes(rows: list[dict[str, str]], header: tuple[str, ...] = HEADER) -> bytes:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(header), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return out.getvalue().encode("utf-8")


def write_csv(path: Path, rows: list[dict[str, str]], header: tuple[str, ...] = HEADER) -> Path:
    path.write_bytes(csv_bytes(rows, header))
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]], header: tuple[str, ...] = HEADER) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for r in rows:
        sheet.append([r.get(k) for k in header])
    book.save(path)
    return path


class MovableClock:
    """A clock the test sets: `AppContext.open(home, clock=clock)`."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set_day(self, day: date, hour: int = 10) -> None:
        """`day` at `hour` o'clock local time."""
        self.now = datetime(day.year, day.month, day.day, hour).astimezone().astimezone(UTC)

    def today(self) -> date:
        return self.now.astimezone().date()


def issue_request(vin_text: str, start: date, **changes: Any) -> dict[str, Any]:
    """The example policy request for another vehicle, starting on `start`, paid in one part."""
    req = copy.deepcopy(POLICY_REQUEST)
    req["vehicle"]["vin"] = vin_text
    req["vehicle"]["plate"] = None
    req["start_date"] = start.isoformat()
    req["payments"] = [{"method": "card", "amount": "rest", "reference": "T0001"}]
    for key, value in changes.items():
        req[key] = value
    return req


def paper_policy_page(path: Path, fields: dict[str, str]) -> Path:
    """A paper policy's first page as a scan shows it: the insurer, the number, the plate, the
    VIN, the covers and the period, printed in the bundled CJK font on white."""
    from PIL import Image, ImageDraw, ImageFont

    from tests.support.paths import REPO

    start, end = (date.fromisoformat(fields[k]) for k in ("start_date", "end_date"))
    lines = [
        fields["insurer"],
        "机动车商业保险保险单",
        f"保险单号：{fields['policy_number']}",
        f"号牌号码：{fields['plate']}",
        f"车辆识别代号：{fields['vin']}",
        "承保险别：机动车损失保险  第三者责任保险",
        f"保险期间：自{start.year}年{start.month:02d}月{start.day:02d}日零时起"
        f"至{end.year}年{end.month:02d}月{end.day:02d}日二十四时止",
    ]
    page = Image.new("RGB", (1500, 80 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(REPO / "resources" / "fonts" / "wqy-microhei.ttc"), 36)
    for i, text in enumerate(lines):
        draw.text((60, 40 + 70 * i), text, fill="black", font=font)
    page.save(path)
    return path
