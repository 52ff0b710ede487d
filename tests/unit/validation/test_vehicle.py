"""Vehicle checks against domain.md §5.4–5.7."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.vehicle import (
    check_document_dates,
    check_engine_number,
    check_plate,
    check_usage_code,
    check_vin,
    model_year,
    vin_check_digit,
)
from app.vehicle.vin import VALUES
from tests.conftest import REPO
from ui.launcher import main as chudan

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def test_example_15_vin_check_digit():
    """§10 #15: LSVCC6A4?PN123456: Σ = 335, mod 11 = 5 → LSVCC6A45PN123456 (SAIC VW, 2023)."""
    assert vin_check_digit("LSVCC6A40PN123456") == "5"
    r = check_vin("LSVCC6A45PN123456", today=date(2026, 11, 25))
    assert r.valid and r.details["manufacturer"] == "SAIC Volkswagen" and r.details["model_year"] == 2023


def test_vin_with_o_is_refused_with_the_fix():
    """§10 negative: a VIN containing O → reject; O in a VIN is always 0."""
    r = check_vin("LSVCC6A4OPN123456")
    assert not r.valid and "O in a VIN is always 0" in r.message_en and r.suggestion_en == "LSVCC6A40PN123456"
    assert not check_vin("LSVCC6A45PN12345Q").valid and not check_vin("LSVCC6A45PN1234I6").valid


def test_chinese_vin_with_a_wrong_check_digit_is_refused_import_only_warned():
    r = check_vin("LSVCC6A44PN123456")
    assert not r.valid and r.suggestion_en == "the check digit should be 5"
    imp = check_vin("WVWZZZ1KZAW000001")
    assert imp.valid and imp.warnings  # §5.4: warn for imports with a non-L WMI


def test_model_year_cycle():
    """§5.4: …K=2019, L=2020, … T=2026, 30-year cycle."""
    today = date(2026, 11, 25)
    assert [model_year(c, today=today) for c in "KLMNPRST"] == list(range(2019, 2027))
    assert model_year("A", today=today) == 2010 and model_year("9", today=today) == 2009


def test_plates_of_every_kind():
    """§5.5 table and §10 negatives."""
    cases = {"京A12345": "ordinary", "粤BD12345": "nev_small", "沪A12345D": "nev_large", "京A1234挂": "trailer",
             "京A1234学": "coach", "京A1234警": "police", "粤Z1234港": "hk_macao", "粤Z1234澳": "hk_macao",
             "使123456": "embassy", "京A1234领": "consulate"}
    for plate, kind in cases.items():
        r = check_plate(plate)
        assert r.valid and r.details["plate_type"] == kind, plate
    assert check_plate("粤BD12345").details["energy"] == "battery_electric"
    assert check_plate("粤BF12345").details["energy"] == "other_nev"
    r = check_plate("京AI2345")
    assert not r.valid and r.reason == "forbidden_letter" and r.suggestion_en == "probably 京A12345"
    assert check_plate("京a·12345").value == "京A12345"
    assert not check_plate("X京A1234").valid and not check_plate("").valid


def test_usage_codes_engine_numbers_and_dates():
    """§5.6: Q is 初中生校车, T ride-hailing; §5.7 dates."""
    assert check_usage_code("Q").details["name_zh"] == "初中生校车"
    assert check_usage_code("预约出租客运").value == "T" and check_usage_code("T").details["operating"]
    assert not check_usage_code("Z").valid
    assert check_engine_number("ea888 123456").value == "EA888123456" and not check_engine_number("1").valid
    today = date(2026, 11, 25)
    assert not check_document_dates(date(2027, 1, 1), today=today).valid
    assert check_document_dates(date(2022, 5, 10), date(2022, 5, 10), today=today).valid
    assert check_document_dates(date(2022, 5, 9), date(2022, 5, 10), today=today).reason == "issue_before_registration"


vins = st.text(alphabet=VIN_CHARS, min_size=17, max_size=17).map(lambda s: "L" + s[1:8] + vin_check_digit("L" + s[1:8] + "0" + s[9:]) + s[9:])


@given(vins)
def test_vins_generated_by_rule_pass(vin):
    assert check_vin(vin).valid


@given(vins, st.integers(0, 16), st.sampled_from(VIN_CHARS))
def test_one_changed_vin_character_fails_unless_it_keeps_the_sum(vin, pos, ch):
    if vin[pos] == ch or pos == 0:
        return
    changed = vin[:pos] + ch + vin[pos + 1:]
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    same_sum = pos != 8 and (VALUES[vin[pos]] - VALUES[ch]) * weights[pos] % 11 == 0
    assert check_vin(changed).valid == same_sum  # the VIN check cannot see value-preserving swaps (e.g. A↔J)


def test_cli_exit_codes_and_json(capsys):
    assert chudan(["validate", "id", "110105198507231238", "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert {"valid", "value", "reason", "message", "suggestion", "birth_date", "gender", "region"} <= set(j)
    assert chudan(["validate", "vin", "LSVCC6A44PN123456", "--json"]) == 1
    j = json.loads(capsys.readouterr().out)
    assert j["valid"] is False and j["suggestion_en"] == "the check digit should be 5"
    assert chudan(["validate", "vin", "LSVCC6A45PN123456", "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert {"check_digit", "model_year", "manufacturer"} <= set(j)
    try:
        chudan(["validate", "passport", "x"])
    except SystemExit as e:
        assert e.code == 2


def test_cli_in_a_real_process():
    r = subprocess.run([sys.executable, "-m", "ui.launcher", "validate", "plate", "京AI2345"], cwd=REPO,
                       capture_output=True, text=True, env={**os.environ}, timeout=60)
    assert r.returncode == 1 and "invalid" in r.stdout and "京A12345" in r.stdout


def test_unknown_wmi_gives_no_maker_rather_than_a_placeholder_name():
    """vininfo names an unknown WMI 'UnsupportedBrand'; the clerk must see no maker instead."""
    body = "ZZZ00000" + "0" + "PN123456"
    vin = body[:8] + vin_check_digit(body) + body[9:]
    r = check_vin(vin, today=date(2026, 11, 25))
    assert r.valid and r.details["manufacturer"] is None and r.details["wmi"] == "ZZZ"
    byd = "LGXCE4CB0N0000000"
    byd = byd[:8] + vin_check_digit(byd) + byd[9:]
    assert check_vin(byd).details["manufacturer"] == "BYD Auto"
