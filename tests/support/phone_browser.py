"""Debian's chromium driven headless by selenium at a phone's size and language, for the pages
phones open (the customer's self-fill page, the yard page), and a photo as a phone's camera
saves it."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def need_browser() -> None:
    """Off CI a machine without Debian's chromium skips the browser tests; CI installs it
    (scripts/install_system_deps.sh), so there a missing browser fails them."""
    if CHROMIUM and CHROMEDRIVER:
        return
    why = "chromium and chromium-driver are not installed (scripts/install_system_deps.sh)"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def spki_pin(cert_pem: bytes) -> str:
    """The base64 SHA-256 of a certificate's public key, as chromium's
    --ignore-certificate-errors-spki-list takes it: the browser then trusts that one key, as a
    device that installed the desk's certificate does, and still refuses any other."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    public = x509.load_pem_x509_certificate(cert_pem).public_key()
    der = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(der).digest()).decode("ascii")


def phone_driver(language: str, trusted_cert_pem: bytes | None = None):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--lang={language}"):
        options.add_argument(arg)
    if trusted_cert_pem is not None:
        options.add_argument(f"--ignore-certificate-errors-spki-list={spki_pin(trusted_cert_pem)}")
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    options.add_experimental_option(
        "mobileEmulation",
        {
            "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0, "touch": False},
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
        },
    )
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def camera_photo(path: Path, text: str) -> Path:
    """A photo as a phone's camera saves it: large, with its GPS position in EXIF."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (2400, 1600), (230, 236, 244))
    ImageDraw.Draw(image).text((100, 100), text, fill=(0, 0, 0))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 14.0, 0.0), "E", (121.0, 28.0, 0.0)
    image.save(path, "JPEG", quality=90, exif=exif)
    return path
