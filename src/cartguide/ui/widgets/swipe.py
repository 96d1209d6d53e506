"""One-finger swipe left or right over a widget (the buttons stay: swiping is a shortcut)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from cartguide.ui.input_watch import InputWatcher

#: A swipe is a mostly sideways movement at least this long (or this share of the width).
MIN_DISTANCE_PX = 120
MIN_SHARE = 0.15


class SwipeDetector(InputWatcher):
    """Watches presses and releases over ``area`` where they reach its window, before any
    widget (a button, kinetic scrolling) sees them."""

    swiped_left = Signal()  # finger moved right to left: "next"
    swiped_right = Signal()  # finger moved left to right: "back"

    def __init__(self, area: QWidget, owner: QObject) -> None:
        """``owner`` (the page) deletes the detector with itself; ``area`` may be lent to the
        page and outlive it, so it must not own the detector."""
        super().__init__(owner)
        self._area = area
        self._start: QPointF | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        if not isinstance(event, QMouseEvent) or not self._area.isVisible():
            return False
        if watched is not self._area.window().windowHandle():
            return False  # another window (a dialog over the page)
        position = event.globalPosition()
        if kind == QEvent.Type.MouseButtonPress:
            inside = self._area.rect().contains(self._area.mapFromGlobal(position).toPoint())
            self._start = position if inside else None
            return False
        if self._start is None:
            return False
        dx = position.x() - self._start.x()
        dy = position.y() - self._start.y()
        self._start = None
        needed = max(MIN_DISTANCE_PX, self._area.width() * MIN_SHARE)
        if abs(dx) >= needed and abs(dx) > 2 * abs(dy):
            (self.swiped_left if dx < 0 else self.swiped_right).emit()
        return False
