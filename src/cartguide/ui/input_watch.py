"""Watching what a person does (touches, clicks, keys) where it first arrives: at the window.

The kiosk's services must see every touch and key: the idle timer restarts on each, the kiosk
guard swallows keys that would close the app, the walkthrough notices swipes. An
application-wide event filter would do, but it is called for every event of every widget —
show, hide, paint, polish, layout: about 450 Python calls per filter for one step turn, a third
of the turn's time (measured, docs/performance.md). The system hands input to a top-level
window first and Qt then passes it to the widget under the finger, so a filter on each window
sees all of the input, once, and little else.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget


class _ShownWindows(QObject):
    shown = Signal(QWindow)


_notifier: _ShownWindows | None = None


def _shown_windows() -> _ShownWindows:
    global _notifier
    if _notifier is None or not shiboken6.isValid(_notifier):
        _notifier = _ShownWindows(QCoreApplication.instance())
    return _notifier


def window_shown(widget: QWidget) -> None:
    """Call from every top-level widget's ``showEvent``: watchers start watching its window."""
    handle = widget.windowHandle()
    if handle is not None:
        _shown_windows().shown.emit(handle)


class InputWatcher(QObject):
    """Its ``eventFilter`` sees the events of every top-level window of the app: those open
    now, those shown later (see :func:`window_shown`) and any that gets the focus."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self.watch)
        _shown_windows().shown.connect(self.watch)
        for window in QGuiApplication.topLevelWindows():
            self.watch(window)

    @Slot(QWindow)
    def watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # installing again moves it; it never doubles
