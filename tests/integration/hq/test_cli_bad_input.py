"""`chudan-hq` given bad input: one line saying what is wrong, a non-zero exit, nothing stored
and nothing overwritten. A provisioning file never replaces an existing file (the signing key,
the database, anything); deeply nested tables, huge or negative amounts, a bad `--db`, a binary
look-up file, outlet codes like `../../etc` and negative delays are refused."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from hq.cli import main
from tests.support.paths import REPO

DEMO_TABLE = REPO / "resources" / "rates" / "demo-table.json"


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 1) -> str:
    assert main(argv) == code, argv
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def _stats(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert main(["stats", "--json", *extra]) == 0
    return dict(json.loads(capsys.readouterr().out))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ready(hq_home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["keys", "init"]) == 0
    assert main(["rates", "publish", str(DEMO_TABLE)]) == 0
    capsys.readouterr()
    return hq_home


def test_a_provisioning_file_never_replaces_an_existing_file(
    ready: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    somebody = tmp_path / "notes.txt"
    somebody.write_text("keep me", encoding="utf-8")
    targets = [
        ready / "hq_signing_key.pem",
        ready / "hq.sqlite3",
        ready / "hq_data_key",
        somebody,
    ]
    before = {t: _digest(t) for t in targets}
    devices = _stats(capsys)["devices"]
    for target in targets:
        err = _refused(capsys, ["device", "provision", "--outlet", "OUT01", "--file", str(target)])
        assert "exists" in err or "head office's own files" in err
    # Not yet there, but one of head office's own names (the database's WAL), or a folder.
    _refused(
        capsys,
        ["device", "provision", "--outlet", "OUT01", "--file", str(ready / "hq.sqlite3-wal")],
    )
    _refused(capsys, ["device", "provision", "--outlet", "OUT01", "--file", str(tmp_path)])
    # The keys and the stranger's file are byte for byte as they were; the database (which SQLite
    # itself rewrites as it checkpoints) still is a database holding what it held.
    database = ready / "hq.sqlite3"
    assert {t: _digest(t) for t in targets if t != database} == {
        t: d for t, d in before.items() if t != database
    }
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"
    assert _stats(capsys)["rate_table_versions"] == [1]
    assert _stats(capsys)["devices"] == devices  # no device enrolled by a refused file
    # A new file is written, 0600, and enrols one device.
    fresh = tmp_path / "out01.json"
    assert main(["device", "provision", "--outlet", "OUT01", "--file", str(fresh), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert Path(made["file"]) == fresh and fresh.stat().st_mode & 0o777 == 0o600
    assert made["device_number"] == 1 and _stats(capsys)["devices"] == devices + 1


def test_outlet_codes_that_are_paths_are_refused(
    ready: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for code in ("../../etc", "out01", "O", "OUT 01", "A" * 13, "\u202eOUT"):
        _refused(capsys, ["device", "provision", "--outlet", code])
        _refused(capsys, ["payments", "confirm", "R1", "--amount", "10.00", "--outlet", code])
    csv = tmp_path / "policies.csv"
    csv.write_text(
        "vin,policy_number,insurer,outlet_code,coverage,start,end\n"
        "LSVAU2180N2183294,P1,示例保险,../../etc,ctpl,2026-06-01,2027-05-31\n",
        encoding="utf-8",
    )
    assert "outlet_code" in _refused(capsys, ["lookups", "load", str(csv)])
    assert _stats(capsys)["devices"] == 0


@pytest.mark.parametrize("amount", ["1e999999", "-5", "-0.01", "0", "NaN", "1e308", "12.345", "x"])
def test_payment_amounts_out_of_range_are_refused(
    ready: Path, capsys: pytest.CaptureFixture[str], amount: str
) -> None:
    err = _refused(capsys, ["payments", "confirm", "R1", "--amount", amount, "--outlet", "OUT01"])
    assert "amount" in err
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{ready / 'hq.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM qr_payments")).scalar() == 0
    engine.dispose()


def test_a_deeply_nested_or_oversized_table_is_refused(
    ready: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, body in (
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("deep-object.json", '{"a":' * 50_000 + "1" + "}" * 50_000),
        ("binary.json", bytes(range(256)) * 10),
    ):
        path = tmp_path / name
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
        _refused(capsys, ["rates", "publish", str(path)])
    _refused(capsys, ["rates", "publish", "/dev/zero"])  # not a file: never read
    _refused(capsys, ["rates", "publish", str(tmp_path)])
    assert _stats(capsys)["rate_table_versions"] == [1]


def test_a_bad_db_is_one_line_and_creates_nothing(
    ready: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for db in (
        "nonsense",
        "mysql://root@localhost/hq",
        f"sqlite:///{tmp_path / 'no-such-dir' / 'hq.sqlite3'}",
        f"sqlite:///{tmp_path}",
        "sqlite://",
        "postgresql+psycopg://nobody@127.0.0.1:1/hq",
    ):
        _refused(capsys, ["stats", "--db", db])
        _refused(capsys, ["device", "provision", "--outlet", "OUT01", "--db", db])
    assert not (tmp_path / "no-such-dir").exists()
    # A file that is not a database.
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    _refused(capsys, ["stats", "--db", f"sqlite:///{junk}"])
    assert junk.read_bytes() == b"not a database at all" * 100


def test_a_look_up_file_that_is_not_csv_text_is_refused(
    ready: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    binary = tmp_path / "vehicles.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert "UTF-8" in _refused(capsys, ["lookups", "load", str(binary), "--kind", "vehicles"])
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"vin,plate,model,usage_nature,owner_name\nLSVAU2180N2183294,\x00,a,b,c\n")
    _refused(capsys, ["lookups", "load", str(nul)])
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "vin,plate,model,usage_nature,owner_name\n"
        f"LSVAU2180N2183294,沪A12345,{'朗' * 500},非营业,张三丰\n",
        encoding="utf-8",
    )
    assert "model" in _refused(capsys, ["lookups", "load", str(wide)])
    _refused(capsys, ["lookups", "load", "/dev/zero"])
    _refused(capsys, ["lookups", "load", str(tmp_path / "missing.csv")])


def test_negative_or_huge_delays_and_ports_are_refused(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for ms in ("-5", "-1", "60001", "10" * 20, "1.5", "NaN"):
        _refused(capsys, ["lookups", "delay", ms], code=2)
        _refused(capsys, ["serve", "--lookup-delay-ms", ms], code=2)
    _refused(capsys, ["serve", "--port", "70000"], code=2)
    assert main(["lookups", "delay", "250"]) == 0
