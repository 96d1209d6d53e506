"""Focus rings for keyboard use only.

A ring shows where the next key press goes: a keyboard or switch user needs it, and a person
who just touched a button does not (after every tap an orange frame stayed on the button and
looked like an error). Qt's ``:focus`` cannot tell the two apart, so the widget that has the
focus while the keyboard is in use carries ``keyboardFocus="true"`` and the theme draws the
ring on that property. Only the two widgets whose focus changes are restyled.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtWidgets import QApplication, QWidget

from cartguide.ui.input_watch import InputWatcher

PROPERTY = "keyboardFocus"

_POINTER = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}


def _mark(widget: QWidget | None, on: bool) -> None:
    if widget is None or not shiboken6.isValid(widget):
        return
    if bool(widget.property(PROPERTY)) == on:
        return
    widget.setProperty(PROPERTY, on)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class KeyboardFocusStyle(InputWatcher):
    """Watches the app's windows: a key press means the keyboard is in use (until the next
    touch or click)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keyboard = False
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    @property
    def keyboard_in_use(self) -> bool:
        return self._keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.KeyPress and not self._keyboard:
            self._keyboard = True
            _mark(QApplication.focusWidget(), True)
        elif kind in _POINTER and self._keyboard:
            self._keyboard = False
            _mark(QApplication.focusWidget(), False)
        return False

    @Slot(QWidget, QWidget)
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        _mark(old, False)
        _mark(new, self._keyboard)
