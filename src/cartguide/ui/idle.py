"""Idle reset: when nobody has touched the kiosk for a while, ask "Are you still there?" with a
visible countdown (at least 20 seconds, WCAG 2.2.1), then start over for the next person."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from cartguide.i18n import tr
from cartguide.ui import accessibility
from cartguide.ui.input_watch import InputWatcher
from cartguide.ui.main_window import MainWindow
from cartguide.ui.widgets.dialog import CalmDialog
from cartguide.ui.widgets.text import PlainLabel

log = logging.getLogger(__name__)

MIN_COUNTDOWN_SECONDS = 20

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
}


class StillThereDialog(CalmDialog):
    """The whole screen asks: a large question, a huge countdown and one big button. A tap
    anywhere answers "yes" too: someone is there."""

    timed_out = Signal()
    closes_on_outside_tap = True

    def __init__(self, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__("stillThereDialog", tr("Are you still there?"), parent=parent,
                         fill=True)
        self._left = max(MIN_COUNTDOWN_SECONDS, seconds)
        layout = self.body
        layout.setSpacing(32)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self._number = PlainLabel()
        self._number.setObjectName("countdownNumber")
        self._number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._number)
        self._countdown = PlainLabel()
        self._countdown.setObjectName("countdown")
        self._countdown.setProperty("role", "lead")
        self._countdown.setWordWrap(True)
        self._countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._countdown)
        layout.addStretch(1)
        stay = QPushButton(tr("Yes, I am still here"))
        stay.setProperty("variant", "primary")
        stay.setAccessibleName(tr("Yes, I am still here"))
        stay.setAccessibleDescription(tr("Keep reading where you are"))
        stay.setMinimumHeight(120)
        stay.clicked.connect(self.accept)
        layout.addWidget(stay)
        self._stay = stay
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._show_left()

    def outside_tapped(self) -> None:
        self.accept()

    def escape_pressed(self) -> None:
        """Someone pressed a key: someone is there, as "Yes, I am still here" says."""
        self.accept()

    @property
    def seconds_left(self) -> int:
        return self._left

    @property
    def countdown_timer(self) -> QTimer:
        """Ticks once a second; tests may speed it up."""
        return self._timer

    def start(self) -> None:
        self._timer.start()
        self.open()
        QAccessible.updateAccessibility(
            QAccessibleAnnouncementEvent(self, self._countdown.text()))

    def _show_left(self) -> None:
        self._number.setText(str(self._left))
        self._countdown.setText(tr(
            "The guide will start over in {0} seconds, so the next person sees a fresh start. "
            "Nothing you looked at is kept.").format(self._left))
        # Spoken: a screen reader reads the focused button's description when the dialog
        # opens (Orca 43 ignores announcements), and again ten seconds before the end.
        if not self._timer.isActive() or self._left == 10:
            self.setAccessibleDescription(self._countdown.text())
            self._stay.setAccessibleDescription(
                tr("{0}. {1}").format(tr("Keep reading where you are"),
                                      self._countdown.text()))

    @Slot()
    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._timer.stop()
            self.timed_out.emit()
            return
        self._show_left()


class IdleWatcher(InputWatcher):
    """Restarts a timer on every touch, click or key (in any of the app's windows); on timeout,
    asks and then resets."""

    def __init__(self, window: MainWindow, idle_seconds: int, countdown_seconds: int) -> None:
        super().__init__(window)
        self._window = window
        self._countdown_seconds = max(MIN_COUNTDOWN_SECONDS, countdown_seconds)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_seconds * 1000)
        self._timer.timeout.connect(self._on_idle)
        self._dialog: StillThereDialog | None = None
        window.session_reset.connect(self.restart)
        # Use through assistive technology counts too: focus moved (Tab, a screen reader's
        # SetFocus) or a control pressed through AT-SPI, which sends no input event.
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_activity)
        accessibility.activity.used.connect(self._on_activity)
        self._timer.start()

    @property
    def dialog(self) -> StillThereDialog | None:
        return self._dialog

    @property
    def timer(self) -> QTimer:
        return self._timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY and self._dialog is None:
            self._timer.start()  # restarts the interval
        return False

    @Slot()
    def _on_activity(self, *_args: object) -> None:
        if self._dialog is None:
            self._timer.start()

    @Slot()
    def restart(self) -> None:
        self._dialog = None
        self._timer.start()

    @Slot()
    def _on_idle(self) -> None:
        if self._window.is_fresh():
            self._timer.start()  # nothing to forget: no need to interrupt anyone
            return
        log.info("idle: asking whether anyone is still there")
        self._dialog = StillThereDialog(self._countdown_seconds, self._window)
        self._dialog.accepted.connect(self.restart)
        self._dialog.timed_out.connect(self._reset)
        self._dialog.start()

    @Slot()
    def _reset(self) -> None:
        log.info("idle: nobody answered; starting over")
        self._window.reset_session()  # closes the dialog too; session_reset restarts the timer
