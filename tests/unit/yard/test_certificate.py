"""The desk's LAN certificate (yard/certificate.py): made once and kept with its key (readable by
the desk's user only), used again for the same address, made again for a new one; it names the
address phones connect to and is installable as a CA on phones."""

from __future__ import annotations

import ipaddress
import os
import stat

from cryptography import x509

from yard.certificate import desk_certificate


def test_the_certificate_is_kept_reused_and_made_again_for_a_new_address(tmp_path) -> None:
    first = desk_certificate(tmp_path, "192.168.1.20")
    assert stat.S_IMODE(os.stat(first.key_file).st_mode) == 0o600 or os.name == "nt"
    cert = x509.load_pem_x509_certificate(first.pem)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("192.168.1.20") in names.get_values_for_type(x509.IPAddress)
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 825

    assert desk_certificate(tmp_path, "192.168.1.20").fingerprint == first.fingerprint
    moved = desk_certificate(tmp_path, "10.0.0.5")
    assert moved.fingerprint != first.fingerprint
    assert len(moved.fingerprint) == 32 * 3 - 1  # "AB:CD:..." as phones show it
