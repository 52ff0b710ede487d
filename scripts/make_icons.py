"""Draw the application icon (resources/icons/chudan.png and chudan.ico): 出 in white on the
desk's red, in the bundled WenQuanYi font. Run again only to change the icon; the files are
committed so builds need no drawing step."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((8, 8, size - 8, size - 8), radius=size // 6, fill=(196, 30, 58, 255))
    font = ImageFont.truetype(str(FONT), int(size * 0.62))
    box = d.textbbox((0, 0), "出", font=font)
    x = (size - (box[2] - box[0])) / 2 - box[0]
    y = (size - (box[3] - box[1])) / 2 - box[1]
    d.text((x, y), "出", font=font, fill=(255, 255, 255, 255))
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.save(OUT / "chudan.png", optimize=True)
    img.save(
        OUT / "chudan.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)]
    )


if __name__ == "__main__":
    main()
