"""`chudan-hq` administration commands, in-process and as a real process."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.rating.signing import verify_table
from hq.cli import main
from hq.keys import key_path, load_key, public_from_b64
from hq.models import make_engine
from hq.rates import TableCache
from sync.protocol import ProvisioningFile
from tests.support.hq_data import demo_table_doc

CHUDAN_HQ = Path(sys.executable).parent / "chudan-hq"


def _json(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 0) -> dict:
    assert main([*argv, "--json"]) == code
    out = capsys.readouterr().out
    return json.loads(out) if code == 0 else {}


def test_provision_revoke_and_stats(hq_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = _json(capsys, ["device", "provision", "--outlet", "OUT01"])
    assert made["code"] and made["outlet"] == "OUT01"
    assert (hq_home / "hq.sqlite3").exists()
    assert _json(capsys, ["stats"])["devices"] == 1
    _json(capsys, ["device", "revoke", made["device_id"]])
    stats = _json(capsys, ["stats"])
    assert stats["devices"] == 0 and stats["devices_revoked"] == 1
    assert main(["device", "revoke", "no-such-device"]) == 1


def test_keys_init_makes_a_private_file_and_never_overwrites_silently(
    hq_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _json(capsys, ["keys", "init"])
    path = key_path()
    assert Path(made["path"]) == path and path.parent == hq_home
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_bytes()
    assert main(["keys", "init"]) == 1
    assert "--force" in capsys.readouterr().err
    assert path.read_bytes() == first
    again = _json(capsys, ["keys", "init", "--force"])
    assert path.read_bytes() != first and again["key_id"] != made["key_id"]
    shown = _json(capsys, ["keys", "show"])
    assert shown["key_id"] == again["key_id"] and shown["public_key"] == again["public_key"]
    assert "PRIVATE" not in json.dumps(shown) and shown["public_key_pem"].startswith(
        "-----BEGIN PUBLIC KEY-----"
    )


def test_rates_publish_numbers_signs_and_refuses_going_back(
    hq_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "table.json"
    table.write_text(json.dumps(demo_table_doc(), ensure_ascii=False), encoding="utf-8")
    assert main(["rates", "publish", str(table)]) == 1
    assert "keys init" in capsys.readouterr().err
    assert main(["keys", "show"]) == 1
    assert "keys init" in capsys.readouterr().err
    _json(capsys, ["keys", "init"])
    assert _json(capsys, ["rates", "publish", str(table)])["version"] == 1
    assert _json(capsys, ["rates", "publish", str(table)])["version"] == 2
    assert main(["rates", "publish", str(table), "--version", "2"]) == 1
    assert "not above the last published version 2" in capsys.readouterr().err
    assert _json(capsys, ["rates", "publish", str(table), "--version", "5"])["version"] == 5
    assert _json(capsys, ["stats"])["rate_table_versions"] == [1, 2, 5]
    # What is stored verifies against the key and carries its own version number.
    engine = make_engine(f"sqlite:///{hq_home / 'hq.sqlite3'}")
    with engine.connect() as conn:
        stored = TableCache().get(conn, 5)
        assert stored is not None and stored.version == 5
        text = conn.exec_driver_sql(
            "SELECT signed_json FROM rate_tables WHERE version = 5"
        ).scalar()
    engine.dispose()
    assert isinstance(text, str)
    assert verify_table(json.loads(text), load_key().public_key()).version == 5


def test_a_malformed_table_is_refused_naming_the_json_path(
    hq_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _json(capsys, ["keys", "init"])
    doc = demo_table_doc()
    doc["ctpl"]["classes"]["family_car"]["basis"] = 42
    table = tmp_path / "bad.json"
    table.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["rates", "publish", str(table), "--json"]) == 1
    err = capsys.readouterr().err
    assert "ctpl.classes.family_car.basis" in err
    assert _json(capsys, ["stats"])["rate_table_versions"] == []


def test_a_signed_provisioning_file_verifies_and_a_changed_one_does_not(
    hq_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "usb" / "OUT07.chudan-provisioning.json"
    assert main(["device", "provision", "--outlet", "OUT07", "--file", str(target)]) == 1
    assert "keys init" in capsys.readouterr().err
    key = _json(capsys, ["keys", "init"])
    made = _json(
        capsys,
        [
            "device",
            "provision",
            "--outlet",
            "OUT07",
            "--file",
            str(target),
            "--url",
            "https://hq.example:8443",
        ],
    )
    assert Path(made["file"]) == target.resolve()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    doc = ProvisioningFile.model_validate_json(target.read_text(encoding="utf-8"))
    assert doc.payload.outlet_code == "OUT07" and doc.payload.device_id == made["device_id"]
    assert (
        doc.payload.hq_public_key == key["public_key"]
        and doc.payload.hq_url == "https://hq.example:8443"
    )
    public: Ed25519PublicKey = public_from_b64(doc.payload.hq_public_key)
    public.verify(base64.b64decode(doc.signature), doc.signed_bytes())
    forged = doc.model_copy(
        update={"payload": doc.payload.model_copy(update={"outlet_code": "OUT08"})}
    )
    with pytest.raises(InvalidSignature):
        public.verify(base64.b64decode(forged.signature), forged.signed_bytes())
    # Plain text: just the path, so a script can pick it up.
    assert (
        main(["device", "provision", "--outlet", "OUT09", "--file", str(tmp_path / "b.json")]) == 0
    )
    assert capsys.readouterr().out.strip() == str((tmp_path / "b.json").resolve())
    assert _json(capsys, ["stats"])["devices"] == 2


def test_db_upgrade_reports_the_revision(hq_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _json(capsys, ["db", "upgrade"])
    assert first["from"] is None and first["to"]
    assert _json(capsys, ["db", "upgrade"]) == {"from": first["to"], "to": first["to"]}


@pytest.mark.live  # chudan-hq in a process of its own
def test_serve_refuses_plain_http_off_loopback(hq_home: Path) -> None:
    env = dict(os.environ, CHUDAN_HQ_HOME=str(hq_home))
    done = subprocess.run(
        [str(CHUDAN_HQ), "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--tls-cert" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.live  # chudan-hq in a process of its own
def test_serve_refuses_to_start_without_a_signing_key(hq_home: Path) -> None:
    env = dict(os.environ, CHUDAN_HQ_HOME=str(hq_home))
    done = subprocess.run(
        [str(CHUDAN_HQ), "serve", "--port", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "chudan-hq keys init" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_enrolment_codes_are_letters_and_digits_a_shell_cannot_mistake_for_options():
    """A code once began with "-" and `chudan sync provision --code -…` read it as an option."""
    from hq.devices import CODE_ALPHABET, new_enrolment_code

    codes = [new_enrolment_code() for _ in range(500)]
    assert all(
        len(c) == 16 and set(c) <= set(CODE_ALPHABET) and not c.startswith("-") for c in codes
    )
    assert len(set(codes)) == 500
