"""The phone protocol's sealing and checks, for any content (hypothesis): what the phone seals
opens at the desk for that application only; any changed byte, another application id or another
key is refused; an application the page could not have made is refused, and the refusal never
repeats what was sent."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.phone_protocol import (
    MAX_PHOTO_BYTES,
    Envelope,
    PhoneProtocolError,
    b64url,
    new_desk_key,
    open_envelope,
    open_from_desk,
    parse_application,
    public_b64url,
    seal_for_desk,
    seal_for_phone,
    unb64url,
)

DESK = new_desk_key()
DESK_PUBLIC = public_b64url(DESK)
APP = "5b0d3c8e-2f64-4c51-9a31-0d1f4a6c9e21"
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 100


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=4096), st.data())
def test_what_the_phone_seals_opens_at_the_desk_and_nowhere_else(plain: bytes, data) -> None:
    envelope = seal_for_desk(plain, DESK_PUBLIC, APP)
    assert open_envelope(envelope, DESK, APP) == plain
    # Another application id, another purpose, another desk key: refused.
    with pytest.raises(PhoneProtocolError):
        open_envelope(envelope, DESK, APP[:-1] + "0")
    with pytest.raises(PhoneProtocolError):
        open_envelope(envelope, DESK, APP, "signature")
    with pytest.raises(PhoneProtocolError):
        open_envelope(envelope, new_desk_key(), APP)
    # Any one byte changed on the way (ciphertext, tag or IV): refused.
    field = data.draw(st.sampled_from(["ct", "iv"]))
    raw = bytearray(unb64url(getattr(envelope, field)))
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at] ^= data.draw(st.integers(1, 255))
    with pytest.raises(PhoneProtocolError):
        open_envelope(envelope.model_copy(update={field: b64url(bytes(raw))}), DESK, APP)


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=2048))
def test_what_the_desk_seals_for_the_phone_opens_with_the_phone_key_only(plain: bytes) -> None:
    phone = ec.generate_private_key(ec.SECP256R1())
    envelope = seal_for_phone(plain, DESK, public_b64url(phone), APP)
    assert open_from_desk(envelope, phone, APP) == plain
    with pytest.raises(PhoneProtocolError):
        open_from_desk(envelope, ec.generate_private_key(ec.SECP256R1()), APP)
    # The desk's message cannot be passed off as the phone's application either way round.
    with pytest.raises(PhoneProtocolError):
        open_envelope(envelope, DESK, APP)


def _doc(**changes) -> bytes:
    doc = {
        "language": "zh",
        "consent": {"version": "2026-12", "personal": True, "sensitive": True},
        "mobile": "13912345678",
        "email": "",
        "photos": {"id_front": base64.b64encode(JPEG).decode()},
        "signature": "",
    }
    doc.update(changes)
    return json.dumps(doc).encode()


def test_an_application_the_page_makes_is_read() -> None:
    app = parse_application(_doc())
    assert app.photo("id_front") == JPEG and app.photo("id_back") == b""


@pytest.mark.parametrize(
    "changes, where",
    [
        ({"consent": {"version": "2026-12", "personal": True, "sensitive": False}}, "consent"),
        ({"photos": {"id_front": base64.b64encode(b"GIF89a" + b"\0" * 50).decode()}}, "photos"),
        (
            {"photos": {"id_front": base64.b64encode(JPEG + b"\0" * MAX_PHOTO_BYTES).decode()}},
            "photos",
        ),
        ({"photos": {"passport": base64.b64encode(JPEG).decode()}}, "photos"),
        ({"signature": base64.b64encode(JPEG).decode()}, "signature"),
        ({"address": "北京市朝阳区"}, "address"),
    ],
    ids=[
        "no-sensitive-consent",
        "not-a-jpeg",
        "oversized",
        "unknown-photo",
        "bad-signature",
        "extra",
    ],
)
def test_an_application_the_page_could_not_make_is_refused_without_its_content(changes, where):
    with pytest.raises(PhoneProtocolError) as refused:
        parse_application(_doc(**changes))
    assert where in refused.value.message
    assert "13912345678" not in refused.value.message and "北京" not in refused.value.message


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=512))
def test_any_bytes_are_refused_or_read_never_crash(plain: bytes) -> None:
    try:
        parse_application(plain)
    except PhoneProtocolError:
        pass


def test_an_envelope_with_a_key_that_is_not_on_the_curve_is_refused() -> None:
    envelope = seal_for_desk(b"{}", DESK_PUBLIC, APP)
    bad = Envelope(epk=b64url(b"\x04" + b"\x01" * 64), iv=envelope.iv, ct=envelope.ct)
    with pytest.raises(PhoneProtocolError):
        open_envelope(bad, DESK, APP)
