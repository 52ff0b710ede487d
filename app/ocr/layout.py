"""Text boxes into lines. Photos are rarely straight: the skew is estimated from the boxes' own
top edges, and boxes are grouped by their centre measured perpendicular to that slope, then
read left to right along it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

from app.ocr.boxes import TextBox


@dataclass
class Line:
    boxes: list[TextBox]

    @property
    def text(self) -> str:
        return "".join("".join(b.text.split()) for b in self.boxes).replace("\u3000", "")

    @property
    def score(self) -> float:
        return min((b.score for b in self.boxes), default=0.0)


def skew(boxes: list[TextBox]) -> float:
    """Median slope (radians) of the top edges of boxes wider than they are tall."""
    angles = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.points[0], b.points[1]
        if x1 - x0 > 2 * b.height > 0:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return median(angles) if angles else 0.0


def group_lines(boxes: list[TextBox]) -> list[Line]:
    if not boxes:
        return []
    theta = skew(boxes)
    c, s = math.cos(theta), math.sin(theta)

    def centre(b: TextBox) -> tuple[float, float]:
        x = sum(p[0] for p in b.points) / 4
        y = sum(p[1] for p in b.points) / 4
        return x * c + y * s, -x * s + y * c  # along the line, across it

    tol = 0.55 * median(b.height * c for b in boxes)
    placed: list[tuple[float, list[tuple[float, TextBox]]]] = []
    for b in sorted(boxes, key=lambda b: centre(b)[1]):
        u, v = centre(b)
        for i, (v_line, members) in enumerate(placed):
            if abs(v_line - v) <= tol:
                members.append((u, b))
                placed[i] = ((v_line * (len(members) - 1) + v) / len(members), members)
                break
        else:
            placed.append((v, [(u, b)]))
    return [Line([b for _, b in sorted(members, key=lambda m: m[0])]) for _, members in placed]
