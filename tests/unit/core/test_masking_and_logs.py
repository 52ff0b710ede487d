"""Personal numbers are masked on screens, in logs and in exceptions (docs/architecture.md)."""

from __future__ import annotations

import logging

from hypothesis import given
from hypothesis import strategies as st

from app.core.logging_setup import configure_logging
from app.core.masking import mask_id_number, mask_phone, mask_reference, mask_text


def test_id_number_masked_as_in_the_issue():
    assert mask_id_number("110105198507231238") == "110***********1238"
    assert mask_id_number("11010519491231002X") == "110***********002X"


def test_phone_and_reference():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_reference("6222021234567890123") == "***************0123"


def test_mask_text_finds_numbers_inside_sentences():
    msg = "customer 110105198507231238 phone 13812345678 card 6222021234567890123 premium 1045.00"
    out = mask_text(msg)
    assert "110105198507231238" not in out and "110***********1238" in out
    assert "13812345678" not in out and "138****5678" in out
    assert "6222021234567890123" not in out
    assert "1045.00" in out  # amounts stay readable


@given(st.from_regex(r"\A\d{17}[\dX]\Z"), st.text(alphabet="ab ,.:：客户", max_size=10))
def test_no_id_number_survives_mask_text(idn, noise):
    assert idn not in mask_text(f"{noise}{idn}{noise}")


def test_log_file_masks_messages_and_tracebacks(tmp_path):
    path = configure_logging(tmp_path)
    log = logging.getLogger("chudan.test")
    log.warning("looking up %s", "110105198507231238")
    try:
        raise ValueError("bad phone 13812345678")
    except ValueError:
        log.exception("failed")
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert "110***********1238" in text and "110105198507231238" not in text
    assert "138****5678" in text and "13812345678" not in text
