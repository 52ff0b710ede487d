"""The reading service: the engine (app.ocr.engine) finds and reads text boxes; the readers
turn them into fields with confidences; cross-checks repair or flag numbers. `OcrService` loads
the engine once and is used from one worker thread."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.core.errors import InvalidInput
from app.ocr.boxes import TextBox
from app.ocr.engine import OcrEngine, OcrUnavailable, load_engine
from app.ocr.images import UnreadableImage, load_image
from app.ocr.layout import group_lines
from app.ocr.readers import FIELDS, READERS, FieldResult, classify, keyword_hits

KINDS = ("id-front", "id-back", "vehicle-licence", "vehicle-licence-back", "business-licence")


@dataclass
class DocumentResult:
    kind: str
    fields: dict[str, FieldResult]
    warnings: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0
    source: str = ""
    text: str = ""  # every line read, top to bottom (the archive's full text)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "fields": {k: v.to_json() for k, v in self.fields.items()},
            "warnings": self.warnings,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "source": self.source,
            "text": self.text,
        }


def _rotate(img: np.ndarray, degrees: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(img, k={90: 1, 180: 2, 270: 3}[degrees]))


def _mostly_vertical(boxes: list[TextBox]) -> bool:
    long = [b for b in boxes if max(b.width, b.height) > 40]
    return bool(long) and sum(b.height > b.width for b in long) > len(long) / 2


class OcrService:
    def __init__(self, engine: OcrEngine | None = None) -> None:
        self.engine = engine or load_engine()

    def warm_up(self) -> None:
        warm = getattr(self.engine, "warm_up", None)
        if warm:
            warm()

    def _read_upright(self, img: np.ndarray, wanted: str | None) -> tuple[str | None, list, int]:
        """Read as it is; only when no document is recognised, try the other orientations
        (cheaply ordered: a mostly-vertical text layout means a quarter turn)."""
        boxes = self.engine.read(img)
        vertical = _mostly_vertical(boxes)
        lines = group_lines(boxes)
        kind = (
            None if vertical else classify(lines)
        )  # sideways text can still be read, but not laid out
        if kind and (wanted is None or kind == wanted):
            return kind, lines, 0
        order = [90, 270, 180] if vertical else [180, 90, 270]
        best = (kind, lines, 0, 0 if vertical else max(keyword_hits(lines).values(), default=0))
        for deg in order:
            lines_r = group_lines(self.engine.read(_rotate(img, deg)))
            kind_r = classify(lines_r)
            hits = max(keyword_hits(lines_r).values(), default=0)
            if kind_r and (wanted is None or kind_r == wanted):
                return kind_r, lines_r, deg
            if hits > best[3]:
                best = (kind_r, lines_r, deg, hits)
        return best[0], best[1], best[2]

    def read(self, source: str | Path | bytes, kind: str = "auto") -> DocumentResult:
        if kind != "auto" and kind not in KINDS:
            raise InvalidInput(
                f"Unknown document kind {kind!r}; choose {', '.join(KINDS)} or auto.",
                zh=f"未知的证件类型：{kind}。",
            )
        img = load_image(source)
        t0 = time.perf_counter()
        found, lines, turned = self._read_upright(img, None if kind == "auto" else kind)
        wanted = found if kind == "auto" else kind
        text = "\n".join(line.text for line in lines)
        if wanted is None:
            elapsed = (time.perf_counter() - t0) * 1000
            return DocumentResult(
                "unknown",
                {},
                [
                    "no ID card, vehicle licence or business licence recognised in this image: "
                    "photograph the whole document, flat and in good light"
                ],
                elapsed,
                text=text,
            )
        reading = READERS[wanted](lines)
        warnings = list(reading.warnings)
        if found != wanted:
            warnings.append(
                f"this looks like {found or 'no known document'}, not {wanted}: check the image"
            )
        if turned:
            warnings.append(f"image was turned {turned}°")
        fields = {
            name: reading.fields.get(name, FieldResult("", 0.0, True)) for name in FIELDS[wanted]
        }
        return DocumentResult(
            wanted, fields, warnings, (time.perf_counter() - t0) * 1000, text=text
        )


def read_document(
    source: str | Path | bytes, kind: str = "auto", engine: OcrEngine | None = None
) -> DocumentResult:
    """One image, read with `engine` or a freshly loaded default one. To read many, keep an
    OcrService (the window and `chudan ocr` do): no engine is held in module state."""
    return OcrService(engine).read(source, kind)


__all__ = [
    "DocumentResult",
    "read_document",
    "FieldResult",
    "OcrService",
    "OcrUnavailable",
    "TextBox",
    "UnreadableImage",
    "load_image",
]
