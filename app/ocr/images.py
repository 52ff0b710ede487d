"""Loading photos and scans: EXIF rotation applied, large phone photos downscaled first, and a
clear message (never a crash) for empty, truncated, non-image or absurdly large files."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.errors import InvalidInput
from app.core.input_files import read_user_file
from app.core.limits import MAX_IMAGE_BYTES

MAX_SIDE = 1600  # enough for a card photographed to fill the frame; bigger only costs time
MAX_PIXELS = 120_000_000


class UnreadableImage(InvalidInput):
    pass


def read_image_file(path: str | Path) -> bytes:
    """A photo or scan from disk: a regular file of at most MAX_IMAGE_BYTES (a FIFO named .jpg
    or a link to /dev/zero is refused at once, app.core.input_files)."""
    return read_user_file(
        path, what="a photo or scan", max_bytes=MAX_IMAGE_BYTES, error=UnreadableImage
    )


def load_image(source: str | Path | bytes) -> np.ndarray:
    """A BGR uint8 array, upright per EXIF, long side at most MAX_SIDE."""
    name = "the image" if isinstance(source, bytes) else str(source)
    data = source if isinstance(source, bytes) else read_image_file(source)
    if len(data) > MAX_IMAGE_BYTES:
        raise UnreadableImage(
            f"{name} is larger than {MAX_IMAGE_BYTES // 1024 // 1024} MB, too large to be a photo of a card.",
            zh=f"{name} 超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB，不像证件照片。",
        )
    if not data:
        raise UnreadableImage(
            f"{name} is empty (0 bytes). Scan or photograph the document again.",
            zh=f"{name} 是空文件，请重新扫描或拍照。",
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns from ~89 megapixels; the size is judged here, just below, instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
        with opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise UnreadableImage(
                    f"{name} is {opened.width}×{opened.height} pixels, too large to be a photo of a "
                    "card. Take the photo at a normal resolution.",
                    zh=f"{name} 分辨率过大，请用正常分辨率拍照。",
                )
            opened.draft(
                "RGB", (MAX_SIDE, MAX_SIDE)
            )  # JPEG: decode at a reduced size directly (fast)
            im = ImageOps.exif_transpose(opened).convert("RGB")
            if max(im.size) > MAX_SIDE:
                im.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            rgb = np.asarray(im)
    except UnidentifiedImageError as exc:
        raise UnreadableImage(
            f"{name} is not an image (JPEG, PNG, …). Choose the photo or scan of the document.",
            zh=f"{name} 不是图片文件，请选择证件的照片或扫描件。",
        ) from exc
    except (
        Image.DecompressionBombError
    ) as exc:  # Pillow refuses the header alone above ~179 megapixels
        raise UnreadableImage(
            f"{name} is too large to be a photo of a card. Take the photo at a normal resolution.",
            zh=f"{name} 分辨率过大，请用正常分辨率拍照。",
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableImage(
            f"{name} is damaged or incomplete ({exc}). Scan or photograph the document again.",
            zh=f"{name} 已损坏或不完整，请重新扫描或拍照。",
        ) from exc
    return np.ascontiguousarray(rgb[:, :, ::-1])
