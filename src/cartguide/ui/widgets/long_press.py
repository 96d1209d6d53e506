"""A label that notices a long press: the hidden way for staff to reach the PIN keypad."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from cartguide.ui.widgets.text import WrappingLabel

LONG_PRESS_MS = 3000


class LongPressLabel(WrappingLabel):
    """Emits ``long_pressed`` when held down for :data:`LONG_PRESS_MS` without letting go."""

    long_pressed = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LONG_PRESS_MS)
        self._timer.timeout.connect(self.long_pressed)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._timer.start()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._timer.stop()
        super().mouseReleaseEvent(event)
