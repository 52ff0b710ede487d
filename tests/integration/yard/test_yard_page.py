"""The yard page and the self-fill page served by the desk on the LAN, in a real browser
(Debian's chromium, headless, at a phone's size, trusting exactly the desk's certificate as a
device that installed it): pairing, the staff log-in, photos, the instant quote, the customer's
consent and signature, the hand-off landing in the desk's review list; and a customer's
self-fill through the LAN server reaching the desk."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app.rating.installed import InstalledTables
from app.rating.request_quote import price_request
from tests.support.phone import EMAIL, MOBILE
from tests.support.phone_browser import camera_photo, need_browser, phone_driver
from tests.support.yard import CLERK, LanDesk, lan_desk

pytestmark = [pytest.mark.live, pytest.mark.slow]


@pytest.fixture
def desk(app_ctx) -> Iterator[LanDesk]:
    need_browser()
    with lan_desk(app_ctx) as d:
        yield d


@pytest.fixture
def phone(desk: LanDesk) -> Iterator[object]:
    driver = phone_driver("zh-CN", desk.service.server.certificate.pem)
    try:
        yield driver
    finally:
        driver.quit()


def test_staff_pair_log_in_quote_and_hand_off_from_the_yard(
    tmp_path: Path, desk: LanDesk, phone, app_ctx
) -> None:
    from PIL import Image
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver, wait = phone, WebDriverWait(phone, 10)
    # Not paired yet: the page says how to pair.
    driver.get(desk.url + "/yard/")
    assert "未配对" in driver.find_element(By.ID, "status").text

    driver.get(desk.service.pairing_url(desk.admin))
    wait.until(lambda d: d.find_element(By.ID, "pairing").is_displayed())
    driver.find_element(By.ID, "deviceName").send_keys("车间平板")
    driver.find_element(By.ID, "pair").click()
    wait.until(lambda d: d.find_element(By.ID, "login").is_displayed())
    assert "#p=" not in driver.current_url  # the used code leaves the address bar
    [paired] = desk.service.devices.devices()
    assert paired.name == "车间平板"

    driver.find_element(By.ID, "username").send_keys(CLERK[0])
    driver.find_element(By.ID, "password").send_keys("wrong-password")
    driver.find_element(By.ID, "signIn").click()
    wait.until(lambda d: "用户名或密码错误" in d.find_element(By.ID, "status").text)
    driver.find_element(By.ID, "password").send_keys(CLERK[1])
    driver.find_element(By.ID, "signIn").click()
    wait.until(lambda d: d.find_element(By.ID, "work").is_displayed())
    assert "现场员" in driver.find_element(By.ID, "status").text

    driver.find_element(By.ID, "id_front").send_keys(str(camera_photo(tmp_path / "f.jpg", "ID")))
    driver.find_element(By.ID, "vehicle_licence").send_keys(
        str(camera_photo(tmp_path / "l.jpg", "XINGSHIZHENG"))
    )
    driver.find_element(By.ID, "vehicle").send_keys(
        str(camera_photo(tmp_path / "car1.jpg", "CAR FRONT"))
        + "\n"
        + str(camera_photo(tmp_path / "car2.jpg", "CAR VIN"))
    )
    wait.until(lambda d: d.find_element(By.ID, "img_vehicle").get_attribute("src"))
    wait.until(lambda d: d.find_element(By.ID, "img_vehicle_licence").get_attribute("src"))

    assert driver.find_element(By.ID, "region").get_attribute("value") == ""  # no outlet yet
    driver.find_element(By.ID, "region").send_keys("110000")
    driver.find_element(By.ID, "quote").click()  # nothing typed: the engine says what is missing
    wait.until(lambda d: "报价请求" in d.find_element(By.ID, "problem").text)
    driver.find_element(By.ID, "seats").send_keys("5")
    driver.find_element(By.ID, "cc").send_keys("1.5")
    driver.find_element(By.ID, "price").send_keys("150000")
    driver.execute_script("document.getElementById('firstReg').value = '2022-05-10'")
    driver.find_element(By.ID, "quote").click()
    wait.until(lambda d: d.find_element(By.ID, "premium").text)
    # The desk's engine, exactly as `chudan quote` prices the request the page sent.
    request = {
        "region": "110000",
        "vehicle": {
            "class": "family_car",
            "seats": 5,
            "first_registration": "2022-05-10",
            "purchase_price": "150000",
            "displacement_l": "1.5",
            "fuel": "petrol",
            "usage": "A",
        },
        "coverages": [
            {"code": "ctpl"},
            {"code": "vehicle_damage"},
            {"code": "third_party", "limit": "2000000"},
        ],
    }
    now = datetime.now().astimezone()
    expected = price_request(request, InstalledTables(app_ctx.home), now).quote.to_json()
    assert driver.find_element(By.ID, "premium").text == f"保费合计（元）：{expected['total']}"

    driver.find_element(By.ID, "mobile").send_keys(MOBILE)
    driver.find_element(By.ID, "email").send_keys(EMAIL)
    driver.find_element(By.ID, "handoff").click()  # no consent yet: nothing is sent
    assert "同意" in driver.find_element(By.ID, "problem").text
    driver.find_element(By.ID, "personal").click()
    driver.find_element(By.ID, "sensitive").click()
    pad = driver.find_element(By.ID, "pad")
    driver.execute_script("arguments[0].scrollIntoView()", pad)
    ActionChains(driver).move_to_element_with_offset(pad, -80, 0).click_and_hold().move_by_offset(
        60, 20
    ).move_by_offset(60, -30).release().perform()
    driver.save_screenshot(str(tmp_path / "yard-filled.png"))
    driver.find_element(By.ID, "handoff").click()
    wait.until(lambda d: "审核列表" in d.find_element(By.ID, "status").text)
    driver.save_screenshot(str(tmp_path / "yard-handed-off.png"))
    # Ready for the next customer: nothing of this one is left on the page.
    assert driver.find_element(By.ID, "mobile").get_attribute("value") == ""
    assert not driver.find_element(By.ID, "personal").is_selected()
    assert not driver.find_element(By.ID, "img_id_front").get_attribute("src")

    received, rejected = desk.inbox.fetch()
    assert rejected == []
    [got] = received
    app = got.application
    assert (app.mobile, app.email) == (MOBILE, EMAIL)
    assert set(app.photos) == {"id_front", "vehicle_licence"}
    for content in [app.photo("id_front"), *got.vehicle_photos]:
        photo = Image.open(io.BytesIO(content))
        # Resized on the device, and the camera's EXIF (GPS position, maker) is gone.
        assert photo.format == "JPEG" and max(photo.size) == 1600 and not photo.getexif()
    assert len(got.vehicle_photos) == 2 and got.staff == CLERK[0]
    # The quote shown to the customer travels with it, for the desk's coverage step.
    assert got.quote == {"request": request, "total": expected["total"]}
    assert Image.open(io.BytesIO(app.signature_png())).getbbox() is not None

    # The desk returns it: the page is told at its next look (here: the device picked up again).
    desk.inbox.refuse(got.application_id, "photo_unreadable")
    driver.execute_script("window.dispatchEvent(new Event('focus'))")
    wait.until(lambda d: d.find_element(By.ID, "returned").is_displayed())
    returned = driver.find_element(By.ID, "returnedList").text
    assert "提交的申请（" in returned and "）被退回：照片无法识别，请重新拍摄。" in returned
    assert MOBILE[-4:] in returned
    assert MOBILE not in returned
    driver.save_screenshot(str(tmp_path / "yard-returned.png"))
    driver.find_element(By.ID, "returnedSeen").click()
    assert not driver.find_element(By.ID, "returned").is_displayed()


def test_a_customer_fills_the_page_the_desk_serves_on_the_lan(
    tmp_path: Path, desk: LanDesk, phone
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver, wait = phone, WebDriverWait(phone, 10)
    invitation = desk.inbox.invite()
    assert invitation.url.startswith(desk.url + "/m/#")
    driver.get(invitation.url)
    wait.until(lambda d: d.find_element(By.ID, "form").is_displayed())
    driver.find_element(By.ID, "id_front").send_keys(str(camera_photo(tmp_path / "f.jpg", "ID")))
    wait.until(lambda d: d.find_element(By.ID, "img_id_front").get_attribute("src"))
    driver.find_element(By.ID, "mobile").send_keys(MOBILE)
    driver.find_element(By.ID, "personal").click()
    driver.find_element(By.ID, "sensitive").click()
    driver.find_element(By.ID, "send").click()
    wait.until(lambda d: "网点正在审核" in d.find_element(By.ID, "status").text)
    driver.save_screenshot(str(tmp_path / "selffill-lan.png"))
    [got], [] = desk.inbox.fetch()
    assert got.application.mobile == MOBILE and set(got.application.photos) == {"id_front"}
    wait.until(lambda d: "网点已收到" in d.find_element(By.ID, "status").text)


def test_the_yard_page_speaks_english_on_an_english_device(desk: LanDesk) -> None:
    from selenium.webdriver.common.by import By

    driver = phone_driver("en-US", desk.service.server.certificate.pem)
    try:
        driver.get(desk.url + "/yard/")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Yard"
        assert "not paired" in driver.find_element(By.ID, "status").text
        assert driver.execute_script("return document.documentElement.lang") == "en"
    finally:
        driver.quit()
