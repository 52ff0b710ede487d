"""A clerk at the desk, for the GUI tests and `make bench` (benchmarks/bench_wizard.py): every
action is a real input event (a photo dropped on the window, a mouse click, keys typed into the
field that has the focus, a stroke on the signature pad), and an event filter on the application
counts what the window received. The count is measured from the events, not declared: a step
that reached into the wizard without an event would do nothing here.

The counter costs the window nothing a clerk would wait for:
- the filter is on the application only while the clerk acts (Qt delivers a test's mouse and key
  events before the call returns): an application-wide filter written in Python runs for every
  event to every widget, and left on while the window built a step it added about 25 ms of CPU
  to the pauses `make bench` measures;
- handing Python an object of a Qt class it has not seen yet makes PySide create that class's
  Python type and its enums, once per process. The filter is handed every object that gets an
  event (scroll bars, style objects, the window's own), which the desk itself never touches:
  opening the wizard under the counter took 63 ms against 21 without it, 40 of them creating
  129 enums. The clerk creates the Qt modules' types up front (`_wrap_qt_types`), before
  anything is measured.

No pytest-qt: the benchmark drives the same steps in a plain process."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputMethodEvent, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.support.paths import SPECIMEN_IMAGES

IMAGES = SPECIMEN_IMAGES
TRUTH = json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))
ID_FRONT, ID_BACK, LICENCE = (
    "id-front-101.jpg",
    "id-back-203-degraded-turn180.jpg",
    "vehicle-licence-204-degraded-turn0.jpg",
)
# Phone photos (the back upside down, the 行驶证 tilted, both in poor light) beside a flatbed scan.
# The 行驶证 (a private car) names another owner than the ID card: the owner's ID number is typed.
OWNER_ID = "110105198001010016"
SIGNATURE = [
    (30, 90),
    (80, 40),
    (130, 100),
    (190, 50),
    (250, 95),
    (300, 70),
]  # one stroke, as a mouse signs


def wait_until(
    condition: Callable[[], object], timeout_s: float = 60.0, what: str = "the window"
) -> None:
    """Poll with events running (qtbot.waitUntil's way); never sleep blind."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout_s:.0f} s for {what}")
        QTest.qWait(10)


class ActionCounter(QObject):
    """Counts a person's actions from the events Qt delivers: a mouse press (a click, or the start
    of a signature stroke) as Qt receives it from the system, not its copies passed up to parent
    widgets; a drop on a window; a run of keys (or input-method commits) into one field."""

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[str] = []
        self._typing_into: QObject | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        t = event.type()
        if t == QEvent.Type.MouseButtonPress and event.spontaneous() and obj.isWidgetType():
            self._add(f"press {obj.objectName() or type(obj).__name__}")
        elif t == QEvent.Type.Drop and isinstance(obj, QWindow):
            self._add(
                "drop " + ", ".join(Path(u.toLocalFile()).name for u in event.mimeData().urls())
            )
        elif (
            t == QEvent.Type.KeyPress and event.spontaneous() or t == QEvent.Type.InputMethod
        ) and obj.isWidgetType():
            # a key a widget passes on (the drop-down's Enter to its combo box) is not pressed again
            if obj is not self._typing_into:
                self.actions.append(f"type into {obj.objectName() or type(obj).__name__}")
                self._typing_into = obj
        return False

    def _add(self, action: str) -> None:
        self.actions.append(action)
        self._typing_into = None


def _wrap_qt_types() -> None:
    """Every class of the Qt modules loaded so far gets its Python type now (PySide makes them
    on first use; about 0.1 s once per process), so the counter's filter never pays for one in
    the middle of a measured action."""
    for name, module in list(sys.modules.items()):
        if name.startswith("PySide6.Qt") and module is not None:
            for attr in dir(module):
                if attr.startswith("Q"):  # the classes; never the module's own machinery
                    getattr(module, attr, None)


class Clerk:
    """Acts on the window only through input events; `count` is what the counter saw."""

    def __init__(self) -> None:
        _wrap_qt_types()
        self.counter = ActionCounter()
        self._depth = 0  # fill() and choose() act through click(): one filter, on once

    @contextmanager
    def _acting(self) -> Iterator[None]:
        app = QApplication.instance()
        if self._depth == 0:
            app.installEventFilter(self.counter)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                app.removeEventFilter(self.counter)

    def stop(self) -> None:
        """Nothing more is counted (the filter is only ever on during an action)."""

    @property
    def count(self) -> int:
        return len(self.counter.actions)

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        with self._acting():
            assert widget.isVisible(), f"{widget.objectName()} is not on screen"
            QTest.mouseClick(
                widget,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                pos if pos is not None else widget.rect().center(),
            )
            window = widget.window()
            if (
                window.isVisible()
                and QApplication.activeWindow() is not window
                and not window.isModal()
            ):
                # A click into a window activates it (the window manager's doing on a desk); the
                # offscreen platform has none, and after a drop-down closes leaves no window active.
                window.activateWindow()
                wait_until(lambda: QApplication.activeWindow() is window, 5, "the window active")
                if widget.focusPolicy() & Qt.FocusPolicy.ClickFocus:
                    widget.setFocus(Qt.FocusReason.MouseFocusReason)  # what the click gives there

    def type(self, text: str, into: QWidget) -> None:
        """Keys go where the focus is, as on a keyboard: `into` must have it. Chinese comes from
        the input method as a commit (QTest cannot type it), as it does on a real desk."""
        with self._acting():
            focused = QApplication.focusWidget()
            assert focused is into, (
                f"the focus is on {focused and (focused.objectName() or type(focused).__name__)}, not {into.objectName()}"
            )
            if text.isascii():
                QTest.keyClicks(into, text)
            else:
                commit = QInputMethodEvent("", [])
                commit.setCommitString(text)
                QApplication.sendEvent(into, commit)

    def press(self, key) -> None:
        """A key into the field that has the focus (Enter to go on, say)."""
        with self._acting():
            focused = QApplication.focusWidget()
            assert focused is not None, "nothing has the focus"
            QTest.keyClick(focused, key)

    def key(self, key, into: QWidget) -> None:
        """A key into `into`, which must have the focus."""
        with self._acting():
            focused = QApplication.focusWidget()
            assert focused is into, (
                f"the focus is on {focused and (focused.objectName() or type(focused).__name__)}, not {into.objectName()}"
            )
            QTest.keyClick(into, key)

    def fill(self, edit: QWidget, text: str) -> None:
        """Click into a field, select what it holds (Ctrl+A) and type over it."""
        with self._acting():
            self.click(edit)
            QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            self.type(text, into=edit)

    def choose(self, combo, data) -> None:
        """Open the drop-down with a click, arrow to the entry and press Enter. (A click on the
        entry within a double-click interval of opening is ignored by Qt, as it would be from a
        hand too quick to be a person's.)"""
        with self._acting():
            self.click(combo)
            view = combo.view()
            wait_until(view.isVisible, 5, "the drop-down")
            steps = combo.findData(data) - combo.currentIndex()
            for _ in range(abs(steps)):
                QTest.keyClick(view, Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
            QTest.keyClick(view, Qt.Key.Key_Return)
            assert combo.currentData() == data

    def drop(self, widget: QWidget, *paths: Path) -> None:
        """Drag files from the file manager and let go over `widget`: the window gets the drop and
        hands it to the widget under the pointer that takes drops, as Qt does with a real one."""
        with self._acting():
            window = widget.window()
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
            pos = QPointF(widget.mapTo(window, widget.rect().center()))
            handle = window.windowHandle()
            enter = QDragEnterEvent(
                pos,
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(handle, enter)
            assert enter.isAccepted(), f"{widget.objectName()} does not take this drop"
            QApplication.sendEvent(
                handle,
                QDropEvent(
                    pos,
                    Qt.DropAction.CopyAction,
                    mime,
                    Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier,
                ),
            )

    def sign(self, pad: QWidget, points=SIGNATURE) -> None:
        """One stroke: press, move with the button held, release."""
        with self._acting():
            QTest.mousePress(
                pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0])
            )
            for x, y in points[1:-1]:
                QTest.mouseMove(pad, QPoint(x, y))
            QTest.mouseRelease(
                pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1])
            )


# -- the steps of a standard policy with scans (the test adds its detours between them) -------------
# What a real case needs beyond the documents: the licence prints no price, displacement, fuel or
# (on its main page) seats, and the platform's record is read off the insurer's platform.
PRICE, DISPLACEMENT, SEATS = "168000", "1.5", "5"
CLAIM_FREE_YEARS, NCD_LEVEL = "1", "0"


def open_wizard(clerk: Clerk, window):
    page = window.pages[0]
    wait_until(page.new_button.isEnabled, 10, "the desk's outlet to be known")
    clerk.click(page.new_button)
    wiz = page.wizard
    assert wiz is not None and wiz.isVisible()
    return wiz


def scan(clerk: Clerk, wiz, step, images: tuple[str, ...], read: Callable[[], bool]) -> None:
    """Drop the photos (several at once, as selected in the file manager) on the step's "drop
    the photos here" line and wait for OCR to fill it in."""
    clerk.drop(step.scan_status, *(IMAGES / image for image in images))
    wait_until(read, 120, f"OCR of {', '.join(images)}")


def scan_id_card(clerk: Clerk, wiz, front: str = ID_FRONT, back: str = ID_BACK) -> None:
    """Both sides of the ID card in one drop."""
    truth = TRUTH[front]["fields"]
    scan(
        clerk,
        wiz,
        wiz.customer,
        (front, back),
        lambda: (
            wiz.customer.id_number.text() == truth["id_number"] and bool(wiz.customer.valid_until)
        ),
    )


def finish_customer(clerk: Clerk, wiz, phone: str = "13812345678") -> None:
    """After the scan the cursor is in the mobile field: type it and Enter; the cursor goes on to
    the consent, which Space ticks and Enter confirms (one action: keys into one widget)."""
    clerk.type(phone, into=wiz.customer.phone.edit)
    clerk.press(Qt.Key.Key_Return)
    clerk.type(" ", into=wiz.customer.consent)
    clerk.press(Qt.Key.Key_Return)
    wait_until(lambda: wiz.stack.currentIndex() == 1, 10, "the vehicle step")


def vehicle(clerk: Clerk, wiz, licence: str = LICENCE, owner_id: str = OWNER_ID) -> None:
    """The licence dropped; the cursor waits at the owner's ID number, and Enter goes from one
    field that still needs something to the next: seats, price, displacement, fuel."""
    truth = TRUTH[licence]["fields"]
    scan(clerk, wiz, wiz.vehicle, (licence,), lambda: wiz.vehicle.vin.text() == truth["vin"])
    for widget, text in (
        (wiz.vehicle.owner_id.edit, owner_id),
        (wiz.vehicle.seats, SEATS),
        (wiz.vehicle.price, PRICE),
        (wiz.vehicle.displacement, DISPLACEMENT),
    ):
        clerk.type(text, into=widget)
        clerk.press(Qt.Key.Key_Return)
    clerk.key(Qt.Key.Key_Down, into=wiz.vehicle.fuel)  # the first fuel: petrol
    assert wiz.vehicle.fuel.currentData() == "petrol"


def to_coverage(clerk: Clerk, wiz):
    """Enter on the last field goes on; the platform's record typed where the cursor waits."""
    clerk.press(Qt.Key.Key_Return)
    wait_until(lambda: wiz.stack.currentIndex() == 2, 10, "the coverage step")
    clerk.type(CLAIM_FREE_YEARS, into=wiz.coverage.claim_free)
    clerk.press(Qt.Key.Key_Return)
    clerk.type(NCD_LEVEL, into=wiz.coverage.ncd)
    wait_until(lambda: wiz.coverage.quote is not None, 30, "the premium")
    return wiz.coverage.quote


def to_review(clerk: Clerk, wiz) -> None:
    """Enter after the last figure: the wizard goes on once the premium for it is in."""
    clerk.press(Qt.Key.Key_Return)
    try:
        wait_until(lambda: wiz.stack.currentIndex() == 3, 30, "the review step")
    except TimeoutError as exc:  # say what held it: the wizard's message and where the keys went
        focus = QApplication.focusWidget()
        raise TimeoutError(
            f"{exc}; the wizard says {wiz.problems.text()!r}; focus on "
            f"{focus.objectName() if focus is not None else None}"
        ) from None
    wait_until(lambda: wiz.review.view is not None, 30, "the schedule")


def review_and_sign(clerk: Clerk, wiz) -> None:
    clerk.click(wiz.review.all_checked)
    clerk.sign(wiz.review.pad)


def to_payment(clerk: Clerk, wiz) -> None:
    clerk.click(wiz.next)
    wait_until(lambda: wiz.stack.currentIndex() == 4, 30, "the payment step")
    wait_until(lambda: wiz.payment.paid_button.isEnabled(), 30, "the amount due")


def issue(clerk: Clerk, wiz):
    wait_until(wiz.payment.issue_button.isEnabled, 30, "the payment recorded")
    clerk.click(wiz.payment.issue_button)
    wait_until(lambda: wiz.result is not None, 60, "the policy")
    return wiz.result


def standard_policy_with_scans(clerk: Clerk, window):
    """The plain case, start to finish: the customer pays the premium in one part (cash, the
    method the step offers first, amount prefilled)."""
    wiz = open_wizard(clerk, window)
    scan_id_card(clerk, wiz)
    finish_customer(clerk, wiz)
    vehicle(clerk, wiz)
    to_coverage(clerk, wiz)
    to_review(clerk, wiz)
    review_and_sign(clerk, wiz)
    to_payment(clerk, wiz)
    clerk.click(wiz.payment.paid_button)
    return issue(clerk, wiz)
