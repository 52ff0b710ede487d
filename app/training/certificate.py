"""Courses and their certificates (docs/training.md). A course is every scenario of one level
(beginner: each exception's own checkpoint; advanced: the whole drill). A clerk has passed it when
their latest run of every scenario in it passed; the certificate (PDF, the bundled CJK font) lists
each scenario with its points and the date of that run, and carries the training mark: it
certifies a training, it is no insurance document."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from app.core.errors import InvalidInput
from app.documents.policy_pdf import _register_font
from app.documents.watermark import draw_training_mark
from app.training.results import RunRecord
from app.training.scenarios import Scenario
from app.training.schema import LEVELS

COURSE_NAMES = {
    "beginner": ("初级实战演练", "beginner drills"),
    "advanced": ("进阶实战演练", "advanced drills"),
}


@dataclass(frozen=True)
class CourseStanding:
    user: str
    course: str
    latest: dict[str, RunRecord]  # scenario id → the clerk's latest run of it
    missing: list[str]  # scenarios of the course never run
    failed: list[str]  # scenarios whose latest run did not pass

    @property
    def passed(self) -> bool:
        return not self.missing and not self.failed


def standing(
    user: str, course: str, scenarios: list[Scenario], runs: list[RunRecord]
) -> CourseStanding:
    if course not in LEVELS:
        raise InvalidInput(
            f"{course[:20]!r} is not a course: {', '.join(LEVELS)}",
            zh=f"{course[:20]} 不是课程：{'、'.join(LEVELS)}",
        )
    ids = [s.id for s in scenarios if s.level == course]
    latest: dict[str, RunRecord] = {}
    for r in runs:  # the log is in time order: the last one wins
        if r.user == user and r.scenario in ids:
            latest[r.scenario] = r
    return CourseStanding(
        user=user,
        course=course,
        latest=latest,
        missing=[i for i in ids if i not in latest],
        failed=[i for i in ids if i in latest and not latest[i].passed],
    )


def render_certificate(st: CourseStanding, display_name: str, outlet: str, on: date) -> bytes:
    if not st.passed:
        raise InvalidInput(
            f"{st.user} has not passed the {st.course} course: "
            f"{len(st.missing)} scenarios not run, {len(st.failed)} not passed",
            zh=f"{st.user} 尚未通过该课程：{len(st.missing)} 个场景未练习，{len(st.failed)} 个未通过",
        )
    font = _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font)
    w, h = A4
    zh, en = COURSE_NAMES[st.course]
    c.setTitle(f"training certificate {st.user} {st.course}")
    c.setFont(font, 26)
    c.drawCentredString(w / 2, h - 50 * mm, "实战演练结业证书")
    c.setFont(font, 13)
    c.drawCentredString(w / 2, h - 60 * mm, "Training certificate")
    c.setFont(font, 14)
    c.drawCentredString(w / 2, h - 80 * mm, f"{display_name}（{st.user}）")
    c.setFont(font, 11)
    c.drawCentredString(
        w / 2,
        h - 90 * mm,
        f"已通过「{zh}」全部 {len(st.latest)} 个场景 · passed every {en} scenario",
    )
    c.drawCentredString(w / 2, h - 98 * mm, f"{outlet} · {on.isoformat()}")
    y = h - 115 * mm
    c.setFont(font, 9)
    for sid, r in sorted(st.latest.items()):
        if y < 25 * mm:
            draw_training_mark(c, font)
            c.showPage()
            c.setFont(font, 9)
            y = h - 25 * mm
        c.drawString(30 * mm, y, sid)
        c.drawRightString(w - 30 * mm, y, f"{r.points}/{r.max_points} · {r.at[:10]}")
        y -= 5.5 * mm
    draw_training_mark(c, font)
    c.showPage()
    c.save()
    return buf.getvalue()
