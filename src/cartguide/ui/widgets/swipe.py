"""One-finger swipe left or right over a widget (the buttons stay: swiping is a shortcut)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

#: A swipe is a mostly sideways movement at least this long (or this share of the width).
MIN_DISTANCE_PX = 120
MIN_SHARE = 0.15


class SwipeDetector(QObject):
    """Watches presses and releases over ``area`` (before kinetic scrolling sees them).

    It filters the application's events only while ``area`` is on screen: an application-wide
    filter in Python costs a call for every event of every widget."""

    swiped_left = Signal()  # finger moved right to left: "next"
    swiped_right = Signal()  # finger moved left to right: "back"

    def __init__(self, area: QWidget, parent: QObject | None = None) -> None:
        """``parent`` (default ``area``) owns the detector: give the page when ``area`` is
        lent to it and outlives it."""
        super().__init__(parent if parent is not None else area)
        self._area = area
        self._start: QPointF | None = None
        self._watching = False
        area.installEventFilter(self)  # to hear when it is shown and hidden
        if area.isVisible():
            self._watch(True)

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if watched is self._area and kind in (QEvent.Type.Show, QEvent.Type.Hide):
            self._watch(kind == QEvent.Type.Show)
            return False
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        if not isinstance(event, QMouseEvent) or not isinstance(watched, QWidget):
            return False
        if watched is not self._area and not self._area.isAncestorOf(watched):
            return False
        position = event.globalPosition()
        if kind == QEvent.Type.MouseButtonPress:
            self._start = position
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
