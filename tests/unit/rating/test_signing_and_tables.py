"""Rate tables are refused when unsigned, altered, signed by someone else, older than what is
installed, out of their period, or malformed (the error names the JSON path)."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.core.errors import InvalidInput
from app.rating import quote
from app.rating.installed import BUNDLED_TABLE, InstalledTables, trusted_public_key
from app.rating.signing import (
    RateTableError,
    canonical_bytes,
    load_document,
    sign_table,
    verify_table,
)
from tests.support.paths import REPO
from tests.support.rating import request, source_doc

KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def hq_key(chudan_home):
    """This device was provisioned with a head office whose key the test holds."""
    (chudan_home / "keys").mkdir()
    (chudan_home / "keys" / "hq_public.pem").write_bytes(
        KEY.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return KEY


def signed(version=2, **changes):
    doc = copy.deepcopy(source_doc())
    doc.update(version=version, **changes)
    return sign_table(doc, KEY)


def raw(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def test_canonical_encoding_is_sorted_compact_utf8_without_the_signature():
    doc = {"b": 1, "a": "费率", "signature": {"value": "x"}}
    assert canonical_bytes(doc) == '{"a":"费率","b":1}'.encode()


def test_bundled_table_verifies_with_the_demo_key(chudan_home):
    t = verify_table(load_document(BUNDLED_TABLE.read_bytes()), trusted_public_key(chudan_home))
    assert t.illustrative and t.version == 2


def test_the_previous_bundled_table_still_verifies_and_prices_as_it_did(chudan_home):
    """Version 1, signed before the NEV clauses, the catalogue, inception and rounding settings
    existed, is still a valid table: its missing sections take the defaults that keep its figures
    (base premiums rounded where made, no immediate inception, no NEV clauses)."""
    old = REPO / "tests" / "fixtures" / "rates" / "v1-demo-signed.json"
    t = verify_table(load_document(old.read_bytes()), trusted_public_key(chudan_home))
    assert t.version == 1 and t.catalogue is None and t.nev_clauses is None
    assert t.rounding.base_premiums == "where_made" and not t.inception.immediate
    example = json.loads((REPO / "resources" / "examples" / "quote-request.json").read_text())
    q = quote({"start_date": "2026-12-01"} | example, t)
    # The figure version 1 printed for the bundled example: 807.50 CTPL + 4,303.20 commercial
    # (its own-damage base 1,938.54 × 1, …) + 420.00 tax.
    assert q.total == Decimal("5530.70")


def test_a_desk_not_yet_provisioned_takes_a_newer_bundled_table(chudan_home):
    """A desk that installed the bundled version 1 picks up the bundled version 2 after an
    upgrade (nothing else would bring it: only head office's sync installs tables later)."""
    old = REPO / "tests" / "fixtures" / "rates" / "v1-demo-signed.json"
    (chudan_home / "rates").mkdir()
    (chudan_home / "rates" / "v1.json").write_bytes(old.read_bytes())
    tables = InstalledTables(chudan_home)
    assert tables.newest().version == 2 and tables.versions() == [1, 2]


def test_install_then_refuse_lower_or_equal_version(hq_key, chudan_home):
    tables = InstalledTables(chudan_home)
    tables.install_bytes(raw(signed(3)))
    with pytest.raises(RateTableError, match="not newer than the installed version 3"):
        tables.install_bytes(raw(signed(2)))
    with pytest.raises(RateTableError):
        tables.install_bytes(raw(signed(3)))
    tables.install_bytes(raw(signed(4)))
    assert tables.versions() == [3, 4]  # the previous one is kept


def test_tampered_byte_is_refused(hq_key, chudan_home):
    doc = signed(2)
    doc["ctpl"]["classes"]["family_car"]["bands"][0]["premium"] = "1.00"
    with pytest.raises(RateTableError, match="altered"):
        InstalledTables(chudan_home).install_bytes(raw(doc))


def test_any_changed_byte_of_the_signed_file_is_refused(hq_key, chudan_home):
    """Bytes as they travel: change one digit or letter of the file at spread-out places (figures,
    keys, the version, the signature itself) and the table never installs."""
    data = raw(signed(2))
    places = [i for i in range(0, len(data), 131) if chr(data[i]).isalnum()]
    assert len(places) > 50
    tables = InstalledTables(chudan_home)
    for i in places:
        c = chr(data[i])
        swapped = ("1" if c != "1" else "2") if c.isdigit() else ("a" if c != "a" else "b")
        with pytest.raises(RateTableError):
            tables.install_bytes(data[:i] + swapped.encode() + data[i + 1 :])
    assert tables.versions() == []
    tables.install_bytes(data)
    assert tables.versions() == [2]


def test_table_signed_with_another_key_is_refused(hq_key, chudan_home):
    other = sign_table({**copy.deepcopy(source_doc()), "version": 2}, Ed25519PrivateKey.generate())
    with pytest.raises(RateTableError, match="signature does not match"):
        InstalledTables(chudan_home).install_bytes(raw(other))


def test_unsigned_table_is_refused(hq_key, chudan_home):
    with pytest.raises(RateTableError, match="not signed"):
        InstalledTables(chudan_home).install_bytes(raw({**source_doc(), "version": 2}))


def test_malformed_json_and_bad_fields_name_the_path(hq_key, chudan_home):
    with pytest.raises(RateTableError, match="not valid JSON"):
        InstalledTables(chudan_home).install_bytes(b'{"version": 2,')
    doc = copy.deepcopy(source_doc())
    doc["commercial"]["third_party"]["limits"][3] = "lots"
    with pytest.raises(RateTableError, match=r"commercial\.third_party\.limits\[3\]"):
        sign_table(doc, KEY)
    doc = copy.deepcopy(source_doc())
    doc["ctpl"]["region_schemes"]["11"] = "Z"
    with pytest.raises(RateTableError, match="scheme Z"):
        sign_table(doc, KEY)


def test_expired_table_is_refused_for_new_quotes_and_future_quotes_use_the_table_in_force(
    hq_key, chudan_home
):
    tables = InstalledTables(chudan_home)
    tables.install_bytes(raw(signed(2, effective_from="2026-01-01", effective_to="2026-12-31")))
    tables.install_bytes(raw(signed(3, effective_from="2027-01-01", effective_to="2027-12-31")))
    assert tables.for_date(date(2026, 12, 15)).version == 2
    assert tables.for_date(date(2027, 3, 1)).version == 3  # quoted today, starts next year
    with pytest.raises(RateTableError, match="No installed rate table is in force on 2028-02-01"):
        tables.for_date(date(2028, 2, 1))
    with pytest.raises(InvalidInput, match="not on the start date"):
        quote(request(start_date="2028-02-01"), tables.load(3))


def test_fresh_install_uses_the_bundled_table(chudan_home):
    t = InstalledTables(chudan_home).newest()
    assert t.version == 2 and (chudan_home / "rates" / "v2.json").exists()


def test_two_first_quotes_at_once_install_the_bundled_table_once(tmp_path):
    """A fresh desk prices two quotes at the same moment (the wizard re-quotes as the clerk types):
    both find the bundled table installed, neither trips over the other's file."""
    from concurrent.futures import ThreadPoolExecutor

    from app.rating.installed import InstalledTables

    tables = [InstalledTables(tmp_path) for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        versions = list(pool.map(lambda t: t.newest().version, tables))
    assert set(versions) == {2} and InstalledTables(tmp_path).versions() == [2]
    assert not [p for p in (tmp_path / "rates").iterdir() if p.name.endswith(".partial")]


def test_a_provisioned_desk_without_head_offices_table_says_to_sync(tmp_path):
    """After provisioning, the bundled demo table (signed with the demo key) no longer counts: the
    desk asks for a sync instead of reporting a signature failure of a table nobody chose."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.rating.installed import InstalledTables
    from app.rating.signing import RateTableError

    keys = tmp_path / "keys"
    keys.mkdir()
    pem = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    (keys / "hq_public.pem").write_bytes(pem)
    with pytest.raises(RateTableError) as refused:
        InstalledTables(tmp_path).newest()
    assert "立即同步" in refused.value.zh and "sync" in refused.value.message
