"""The mobile page in a real browser (Debian's chromium, headless, driven by selenium at a
phone's size and language): the customer photographs, types, consents, signs and submits; the
desk receives the application from a real head office on loopback and opens it; a refusal at the
desk shows on the phone in its language."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.phone import EMAIL, MOBILE, phone_desk
from tests.support.phone_browser import camera_photo, need_browser, phone_driver

pytestmark = [pytest.mark.live, pytest.mark.slow]


@pytest.fixture
def phone_browser(tmp_path: Path) -> Iterator[object]:
    """A phone set to Chinese."""
    need_browser()
    driver = phone_driver("zh-CN")
    try:
        yield driver
    finally:
        driver.quit()


def test_a_customer_fills_the_page_and_the_desk_opens_it(tmp_path: Path, phone_browser) -> None:
    from PIL import Image
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = phone_browser
    front = camera_photo(tmp_path / "front.jpg", "ID FRONT")
    licence = camera_photo(tmp_path / "licence.jpg", "XINGSHIZHENG")
    with phone_desk(tmp_path) as desk:
        invitation = desk.inbox.invite()
        driver.get(invitation.url)
        wait = WebDriverWait(driver, 10)
        wait.until(lambda d: d.find_element(By.ID, "form").is_displayed())
        assert driver.find_element(By.TAG_NAME, "h1").text == "车险投保信息"

        driver.find_element(By.ID, "id_front").send_keys(str(front))
        driver.find_element(By.ID, "vehicle_licence").send_keys(str(licence))
        wait.until(lambda d: d.find_element(By.ID, "img_vehicle_licence").get_attribute("src"))
        wait.until(lambda d: d.find_element(By.ID, "img_id_front").get_attribute("src"))
        driver.find_element(By.ID, "mobile").send_keys(MOBILE)
        driver.find_element(By.ID, "email").send_keys(EMAIL)
        send = driver.find_element(By.ID, "send")
        driver.execute_script("arguments[0].scrollIntoView()", send)
        send.click()  # without consent: refused on the page, nothing sent
        assert "同意" in driver.find_element(By.ID, "problem").text
        driver.find_element(By.ID, "personal").click()
        driver.find_element(By.ID, "sensitive").click()
        pad = driver.find_element(By.ID, "pad")
        driver.execute_script("arguments[0].scrollIntoView()", pad)
        ActionChains(driver).move_to_element_with_offset(
            pad, -80, 0
        ).click_and_hold().move_by_offset(60, 20).move_by_offset(60, -30).release().perform()
        driver.save_screenshot(str(tmp_path / "filled.png"))
        driver.find_element(By.ID, "send").click()
        wait.until(lambda d: "网点正在审核" in d.find_element(By.ID, "status").text)

        received, rejected = desk.inbox.fetch()
        assert rejected == []
        [got] = received
        app = got.application
        assert (app.mobile, app.email, app.language) == (MOBILE, EMAIL, "zh")
        assert app.consent.personal and app.consent.sensitive and app.consent.version
        assert set(app.photos) == {"id_front", "vehicle_licence"}
        for kind in app.photos:
            photo = Image.open(io.BytesIO(app.photo(kind)))
            # Resized on the phone, and the camera's EXIF (GPS position, maker) is gone.
            assert photo.format == "JPEG" and max(photo.size) == 1600
            assert not photo.getexif() and b"PhoneMaker" not in app.photo(kind)
        signature = Image.open(io.BytesIO(app.signature_png()))
        assert signature.format == "PNG" and signature.getbbox() is not None

        # The clerk refuses: the phone says why, in Chinese.
        desk.inbox.refuse(got.application_id, "photo_unreadable")
        started = time.monotonic()
        WebDriverWait(driver, 6).until(
            lambda d: "照片无法识别" in d.find_element(By.ID, "status").text
        )
        assert time.monotonic() - started < 6
        driver.save_screenshot(str(tmp_path / "refused.png"))
        # The same QR code cannot be used again.
        driver.get(invitation.url.replace("#", "?reload#"))
        WebDriverWait(driver, 5).until(lambda d: "退回" in d.find_element(By.ID, "status").text)
        assert not driver.find_element(By.ID, "form").is_displayed()


@pytest.fixture
def issuing_desk(seeded_home):
    """(ctx, clerk) on the demo desk, as the issuance tests have it."""
    from app.desk.context import AppContext
    from app.desk.demo import set_up_demo
    from tests.support.clock import MovableClock

    clock = MovableClock()
    ctx = AppContext.open(seeded_home, clock=clock)
    set_up_demo(ctx)
    yield ctx, ctx.auth.login("clerk", "demo-clerk-2026"), clock
    ctx.close()


def test_the_customer_reads_the_schedule_and_signs_it_on_the_phone(
    tmp_path: Path, phone_browser, issuing_desk
) -> None:
    import copy

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.support.examples import POLICY_REQUEST

    ctx, clerk, clock = issuing_desk
    request = copy.deepcopy(POLICY_REQUEST) | {
        "draft_id": ctx.drafts.create(clerk),
        "payments": [],
        "start_date": clock.tomorrow().isoformat(),
    }
    request.pop("signature", None)
    schedule = ctx.issuance.preview(request).schedule
    driver = phone_browser
    with phone_desk(tmp_path) as desk:
        invitation = desk.inbox.invite()
        driver.get(invitation.url)
        wait = WebDriverWait(driver, 10)
        wait.until(lambda d: d.find_element(By.ID, "form").is_displayed())
        driver.find_element(By.ID, "id_front").send_keys(
            str(camera_photo(tmp_path / "f.jpg", "ID"))
        )
        wait.until(lambda d: d.find_element(By.ID, "img_id_front").get_attribute("src"))
        driver.find_element(By.ID, "personal").click()
        driver.find_element(By.ID, "sensitive").click()
        driver.find_element(By.ID, "send").click()
        wait.until(lambda d: "网点正在审核" in d.find_element(By.ID, "status").text)
        [got], [] = desk.inbox.fetch()
        sent = desk.inbox.send_schedule(got.application_id, got.phone_key, schedule)

        # The phone shows the proposal (within its 3-s status poll) and the customer signs it.
        WebDriverWait(driver, 8).until(lambda d: d.find_element(By.ID, "signing").is_displayed())
        shown = driver.find_element(By.ID, "schedule").text
        assert "交强险" in shown and request["policyholder"]["id_number"] not in shown
        assert driver.find_element(By.ID, "total").text.startswith("保费合计")
        driver.find_element(By.ID, "signSend").click()  # nothing drawn yet: asked to sign
        assert "请先签名" in driver.find_element(By.ID, "problem2").text
        pad = driver.find_element(By.ID, "pad2")
        driver.execute_script("arguments[0].scrollIntoView()", pad)
        ActionChains(driver).move_to_element_with_offset(
            pad, -60, 10
        ).click_and_hold().move_by_offset(50, -20).move_by_offset(50, 25).release().perform()
        driver.save_screenshot(str(tmp_path / "schedule-signed.png"))
        driver.find_element(By.ID, "signSend").click()
        wait.until(lambda d: "签名已发送" in d.find_element(By.ID, "status").text)

        strokes = desk.inbox.signature(got.application_id, got.phone_key, sent)
        assert strokes and all(0 <= x <= 1 and 0 <= y <= 1 for s in strokes for x, y in s)
    signature = ctx.issuance.sign(clerk, request | {"signature": strokes}, signed_over=sent)
    assert signature.schedule_hash == sent


def test_a_phone_set_to_english_gets_the_page_in_english_and_a_used_code_says_so(
    tmp_path: Path,
) -> None:
    need_browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.support.phone import application_json, submit

    driver = phone_driver("en-GB")
    try:
        with phone_desk(tmp_path) as desk:
            invitation = desk.inbox.invite()
            driver.get(invitation.url)
            WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "form").is_displayed())
            assert driver.find_element(By.TAG_NAME, "h1").text == "Motor insurance application"
            assert "separately consent" in driver.find_element(By.TAG_NAME, "body").text
            # Someone else used the code meanwhile: this phone is told, in English, not to go on.
            assert submit(desk.url, invitation, application_json()).status_code == 200
            driver.find_element(By.ID, "id_front").send_keys(
                str(camera_photo(tmp_path / "f.jpg", "ID"))
            )
            WebDriverWait(driver, 10).until(
                lambda d: d.find_element(By.ID, "img_id_front").get_attribute("src")
            )
            driver.find_element(By.ID, "personal").click()
            driver.find_element(By.ID, "sensitive").click()
            driver.find_element(By.ID, "send").click()
            WebDriverWait(driver, 10).until(
                lambda d: "already been used" in d.find_element(By.ID, "status").text
            )
            assert not driver.find_element(By.ID, "form").is_displayed()
    finally:
        driver.quit()


def test_a_signature_link_opens_the_proposal_on_any_phone_and_signs_it(
    tmp_path: Path, phone_browser, issuing_desk
) -> None:
    """An issuance started at the desk: the signature link's page shows no form; it gives the
    desk its one-time key, shows the proposal the desk seals to it, and the signature comes back
    as a desk signature."""
    import copy

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from sync.phone_inbox import SIGNATURE
    from tests.support.examples import POLICY_REQUEST

    ctx, clerk, clock = issuing_desk
    request = copy.deepcopy(POLICY_REQUEST) | {
        "draft_id": ctx.drafts.create(clerk),
        "payments": [],
        "start_date": clock.tomorrow().isoformat(),
    }
    request.pop("signature", None)
    schedule = ctx.issuance.preview(request).schedule
    driver = phone_browser
    with phone_desk(tmp_path) as desk:
        link = desk.inbox.invite(SIGNATURE)
        driver.get(link.url)
        wait = WebDriverWait(driver, 10)
        wait.until(lambda d: "网点正在发送" in d.find_element(By.ID, "status").text)
        assert not driver.find_element(By.ID, "form").is_displayed()  # nothing to fill
        assert driver.find_element(By.ID, "title").text == "车险投保方案签名"
        phone_key = desk.inbox.signing_phone(link.application_id)
        assert phone_key is not None
        sent = desk.inbox.send_schedule(link.application_id, phone_key, schedule)
        WebDriverWait(driver, 8).until(lambda d: d.find_element(By.ID, "signing").is_displayed())
        assert "交强险" in driver.find_element(By.ID, "schedule").text
        pad = driver.find_element(By.ID, "pad2")
        driver.execute_script("arguments[0].scrollIntoView()", pad)
        ActionChains(driver).move_to_element_with_offset(
            pad, -60, 10
        ).click_and_hold().move_by_offset(50, -20).move_by_offset(50, 25).release().perform()
        driver.find_element(By.ID, "signSend").click()
        wait.until(lambda d: "签名已发送" in d.find_element(By.ID, "status").text)
        driver.save_screenshot(str(tmp_path / "signature-link-signed.png"))
        strokes = desk.inbox.signature(link.application_id, phone_key, sent)
        assert strokes
    signature = ctx.issuance.sign(clerk, request | {"signature": strokes}, signed_over=sent)
    assert signature.schedule_hash == sent


def test_the_poster_code_opens_a_fresh_application_and_refuses_a_key_not_signed_by_the_desk(
    tmp_path: Path, phone_browser
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from sqlalchemy import update

    from hq.models import PhonePosterKey
    from sync.phone_protocol import new_desk_key, public_b64url

    driver = phone_browser
    with phone_desk(tmp_path) as desk:
        poster = desk.inbox.poster_url()
        desk.inbox.stock_poster(2)
        driver.get(poster)
        wait = WebDriverWait(driver, 10)
        wait.until(lambda d: d.find_element(By.ID, "form").is_displayed())
        # The address now names this phone's own application: a reload keeps it.
        assert "#a=" in driver.current_url and "p=" not in driver.current_url.split("#")[1]
        driver.find_element(By.ID, "id_front").send_keys(
            str(camera_photo(tmp_path / "f.jpg", "ID"))
        )
        wait.until(lambda d: d.find_element(By.ID, "img_id_front").get_attribute("src"))
        driver.find_element(By.ID, "personal").click()
        driver.find_element(By.ID, "sensitive").click()
        driver.find_element(By.ID, "send").click()
        wait.until(lambda d: "网点正在审核" in d.find_element(By.ID, "status").text)
        [got], [] = desk.inbox.fetch()
        assert got.application.photo("id_front").startswith(b"\xff\xd8")

        # Head office hands the next phone a key of its own instead of the desk's: the page
        # finds the desk's signature does not match and seals nothing.
        with desk.engine.begin() as conn:
            conn.execute(
                update(PhonePosterKey)
                .where(PhonePosterKey.application_id.is_(None))
                .values(desk_key=public_b64url(new_desk_key()))
            )
        driver.get("about:blank")
        driver.get(poster)
        wait.until(lambda d: "无法验证此二维码" in d.find_element(By.ID, "status").text)
        assert not driver.find_element(By.ID, "form").is_displayed()
        driver.save_screenshot(str(tmp_path / "poster-refused.png"))
