"""The claims register: what the claims system paid, per vehicle, so that head office can answer
a renewal's question "claims in the last years, claim-free years, NCD level" instead of the desk
estimating it (docs/hq.md, docs/renewals.md).

**Import** (`chudan-hq claims import FILE.csv`): a UTF-8 CSV with the columns

| column | holds |
| --- | --- |
| `claim_number` | the claims system's number, 1–40 letters, digits or `-` (each claim once) |
| `vin` | the vehicle's VIN (17 characters, checked like the desk checks it) |
| `plate` | the plate at the time (may be empty) |
| `loss_date` | the date of the loss, YYYY-MM-DD, not in the future |
| `paid` | the amount paid in yuan, e.g. 3200 or 3200.00 (0 for a claim closed without payment) |

All or nothing per file: every row is checked first; if any is refused, nothing is stored and
each refused row is reported by line and reason (never its values: a VIN and a plate are
personal data). A re-import adds nothing twice: a claim number already stored with the same VIN,
date and amount is counted as already there; with other details it is refused.

VIN and plate are sealed like other personal data (hq/personal_data.py) and found by a keyed
blind index; the register stores neither in clear.

**History** (`history`): the claims whose loss date falls in the last `years` years; the years
of continuous cover head office knows of (its own policies and the prior-policy look-up table:
periods joined while the gap between them is at most six months, as the platform's lapse rule
goes, domain §3.3, and nothing if the latest ended more than six months ago); and the NCD level
`app.rating.ncd.ncd_level` gives for the continuous years (at most three count) and the claims in
that many last years, within the newest rate table's NCD section. Head office knowing of no cover
gives no level (None): it does not guess a new car."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.rating.ncd import ncd_level
from app.rating.table import NcdSection
from app.vehicle.plate import check_plate, normalise_plate
from app.vehicle.vin import check_vin
from hq.csv_files import csv_rows, read_csv_text
from hq.models import Claim, LookupPriorPolicy, Policy
from hq.personal_data import DataKey
from sync.protocol import ClaimRecord, ClaimsHistoryResponse, printable

COLUMNS = ("claim_number", "vin", "plate", "loss_date", "paid")
REQUIRED = ("claim_number", "vin", "loss_date", "paid")
MAX_FILE_BYTES = 512 * 1024 * 1024  # as `lookups load` takes
MAX_PAID = Decimal("100000000.00")
LAPSE = timedelta(days=183)  # a gap of more than six months ends continuous cover (§3.3)
OUTLET_TZ = ZoneInfo("Asia/Shanghai")  # "today" for a renewal is the outlets' day
_CLAIM_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,40}$")


@dataclass
class Refused:
    line: int
    reason: str


@dataclass
class Imported:
    added: int = 0
    already: int = 0
    refused: list[Refused] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    claim_number: str
    vin: str
    plate: str
    loss_date: str
    paid_fen: int


def _row(raw: dict[str, str | None], today: date) -> _Row:
    vals = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    for k in REQUIRED:
        if not vals[k]:
            raise ValueError(f"column {k} is empty")
    for k, v in vals.items():
        try:
            printable(v)
        except ValueError:
            raise ValueError(f"column {k} contains control or invisible characters") from None
    if not _CLAIM_NUMBER.match(vals["claim_number"]):
        raise ValueError("claim_number must be 1 to 40 letters, digits or '-'")
    vin = check_vin(vals["vin"][:40], today=today)
    if not vin.valid:
        raise ValueError(f"vin: {vin.message_en}")
    plate = ""
    if vals["plate"]:
        checked = check_plate(vals["plate"][:20])
        if not checked.valid:
            raise ValueError("plate is not a plate number")
        plate = normalise_plate(vals["plate"])
    try:
        loss = date.fromisoformat(vals["loss_date"])
    except ValueError:
        raise ValueError("loss_date must be a date written YYYY-MM-DD") from None
    if loss > today:
        raise ValueError("loss_date is in the future")
    try:
        paid = Decimal(vals["paid"])
        if (
            not paid.is_finite()
            or not 0 <= paid <= MAX_PAID
            or paid != paid.quantize(Decimal("0.01"))
        ):
            raise InvalidOperation
    except InvalidOperation:
        raise ValueError(
            "paid must be an amount in yuan like 3200 or 3200.00, at least 0"
        ) from None
    return _Row(vals["claim_number"].upper(), vin.value, plate, loss.isoformat(), int(paid * 100))


def import_csv(session: Session, path: Path, key: DataKey, *, today: date) -> Imported:
    """Check every row, then store the new claims (all or nothing; see the module's docstring).
    The caller commits only when `refused` is empty."""
    header, lines = csv_rows(path, read_csv_text(path))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(
            f"{path.name}: the header lacks column(s) {', '.join(missing)}; the columns are "
            f"{', '.join(COLUMNS)} (docs/hq.md). Nothing was imported.",
            zh=f"{path.name} 表头缺少列：{', '.join(missing)}。未导入任何数据。",
        )
    out = Imported()
    rows: list[tuple[int, _Row]] = []
    seen: dict[str, int] = {}
    for line, raw in lines:
        try:
            if None in raw:
                raise ValueError("more columns than the header")
            row = _row(raw, today)
            if row.claim_number in seen:
                raise ValueError(
                    f"claim_number appears again (first on line {seen[row.claim_number]})"
                )
            seen[row.claim_number] = line
            rows.append((line, row))
        except ValueError as exc:
            out.refused.append(Refused(line, str(exc)))
    stored = (
        {
            c.claim_number: c
            for c in session.scalars(select(Claim).where(Claim.claim_number.in_(list(seen))))
        }
        if seen
        else {}
    )
    new: list[_Row] = []
    for line, row in rows:
        old = stored.get(row.claim_number)
        if old is None:
            new.append(row)
        elif (
            old.vin_idx == key.blind_index("vin", row.vin)
            and old.loss_date == row.loss_date
            and old.paid_fen == row.paid_fen
        ):
            out.already += 1
        else:
            out.refused.append(
                Refused(line, "claim_number was imported before with another VIN, date or amount")
            )
    if out.refused:
        out.refused.sort(key=lambda r: r.line)
        return out
    for row in new:
        claim = Claim(
            claim_number=row.claim_number,
            vin_idx=key.blind_index("vin", row.vin),
            vin=key.seal(row.vin, f"claims.vin:{row.claim_number}"),
            plate_idx=key.blind_index("plate", row.plate) if row.plate else None,
            plate=key.seal(row.plate, f"claims.plate:{row.claim_number}") if row.plate else None,
            loss_date=row.loss_date,
            paid_fen=row.paid_fen,
        )
        session.add(claim)
    session.flush()
    out.added = len(new)
    return out


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _periods(session: Session, vin: str) -> list[tuple[date, date]]:
    out = []
    own = session.execute(
        select(Policy.period_start, Policy.period_end).where(Policy.vin == vin)
    ).all()
    prior = session.execute(
        select(LookupPriorPolicy.start, LookupPriorPolicy.end).where(LookupPriorPolicy.vin == vin)
    ).all()
    for start, end in [*own, *prior]:
        try:
            out.append((date.fromisoformat(str(start)), date.fromisoformat(str(end))))
        except ValueError:
            continue
    return out


def continuous_years(periods: list[tuple[date, date]], as_of: date) -> int | None:
    """Whole years of cover (the days covered, a gap not counted, ÷ 365) in the run that ends
    with the latest period: periods are joined while the gap between them is at most six months.
    0 when that run ended more than six months before `as_of`; None when no cover is known."""
    known = sorted(((s, e) for s, e in periods if s <= as_of and s <= e), key=lambda p: p[1])
    if not known:
        return None
    if as_of - known[-1][1] > LAPSE:
        return 0
    run: list[list[date]] = []  # merged periods, latest first
    for s, e in reversed(known):
        if run and e >= run[-1][0] - timedelta(days=1):  # overlaps or touches: one period
            run[-1][0] = min(run[-1][0], s)
        elif run and e < run[-1][0] - LAPSE:
            break  # a lapse of more than six months: the run before it does not count
        else:
            run.append([s, e])
    return sum((e - s).days + 1 for s, e in run) // 365


def history(
    session: Session,
    key: DataKey,
    vin: str,
    years: int,
    *,
    as_of: date,
    ncd: NcdSection | None,
    rate_version: int | None,
) -> ClaimsHistoryResponse:
    vin = vin.strip().upper()
    since = _years_before(as_of, years)
    rows = session.execute(
        select(Claim.loss_date, Claim.paid_fen)
        .where(Claim.vin_idx == key.blind_index("vin", vin), Claim.loss_date > since.isoformat())
        .order_by(Claim.loss_date)
    ).all()
    losses = [date.fromisoformat(d) for d, _ in rows]
    last_year = _years_before(as_of, 1)
    free = years if not losses else min(years, (as_of - max(losses)).days // 365)
    cont = continuous_years(_periods(session, vin), as_of)
    level = None
    if cont is not None:
        counted = _years_before(as_of, min(cont, 3))
        in_window = sum(1 for d in losses if d > counted)
        level = ncd_level(cont, in_window, section=ncd)
    return ClaimsHistoryResponse(
        vin=vin,
        years=years,
        claims=[
            ClaimRecord(loss_date=d, paid=(Decimal(fen) / 100).quantize(Decimal("0.01")))
            for d, fen in rows
        ],
        claims_last_year=sum(1 for d in losses if d > last_year),
        claim_free_years=max(0, free),
        continuous_years=cont,
        ncd_level=level,
        rate_version=rate_version,
        as_of=as_of.isoformat(),
    )


__all__ = ["COLUMNS", "Imported", "Refused", "continuous_years", "history", "import_csv"]
