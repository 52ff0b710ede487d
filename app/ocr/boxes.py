"""A text box as the engine reads it: four corners, the text and the recogniser's score. What the
layout and the readers work on, without the engine (numpy, ONNX Runtime) being imported."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextBox:
    points: tuple[tuple[float, float], ...]  # four corners, clockwise from top-left
    text: str
    score: float

    @property
    def x0(self) -> float:
        return min(p[0] for p in self.points)

    @property
    def x1(self) -> float:
        return max(p[0] for p in self.points)

    @property
    def y0(self) -> float:
        return min(p[1] for p in self.points)

    @property
    def y1(self) -> float:
        return max(p[1] for p in self.points)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0
