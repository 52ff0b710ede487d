"""OCR reads only regular files, and only up to a size: a FIFO named .jpg (which would block
the reader for ever) or a link to /dev/zero (read until memory runs out) is refused at once."""

from __future__ import annotations

import os
import threading

import pytest

from app.ocr.images import UnreadableImage, load_image


def _load(path) -> BaseException | None:
    box: list = []

    def run() -> None:
        try:
            load_image(path)
            box.append(None)
        except BaseException as exc:  # noqa: BLE001  (handed back to the test)
            box.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout=5)
    assert box, "reading the image blocked"
    return box[0]


def test_a_fifo_named_jpg_is_refused_at_once(tmp_path):
    fifo = tmp_path / "id-front.jpg"
    os.mkfifo(fifo)
    err = _load(fifo)
    assert isinstance(err, UnreadableImage) and "not a regular file" in str(err)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path, device):
    link = tmp_path / "licence.jpg"
    link.symlink_to(device)
    err = _load(link)
    assert isinstance(err, UnreadableImage) and "not a regular file" in str(err)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("app.ocr.images.MAX_IMAGE_BYTES", 1024)
    big = tmp_path / "huge.jpg"
    with open(big, "wb") as fh:
        fh.truncate(2048)  # sparse: the size is what is judged
    err = _load(big)
    assert isinstance(err, UnreadableImage) and "too large" in str(err)
