"""Focus rings for keyboard use only.

A ring shows where the next key press goes: a keyboard or switch user needs it, and a person
who just touched a button does not (after every tap an orange frame stayed on the button and
looked like an error). Qt's ``:focus`` cannot tell the two apart, so the widget that has the
focus while the keyboard is in use carries ``keyboardFocus="true"`` and the theme draws the
ring on that property. Only the two widgets whose focus changes are restyled.

Wherever the focus goes (Tab, a heading or quiz verdict focused by the guide, a screen reader's
SetFocus), the scroll areas around the focused widget scroll it into view: a reader must see
where they are (review finding 5: a focused verdict sat below the screen's edge). Not while a
finger or button is down: a tap's press gives focus, and scrolling then would move the button
away from under the finger before the release.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QScrollArea,
    QScroller,
    QWidget,
)

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
    # A button's own labels are styled by its property too (Start here's words turn dark on
    # its light focused fill); Qt restyles a child only when asked.
    labels = widget.findChildren(QLabel) if isinstance(widget, QAbstractButton) else []
    for target in (widget, *labels):
        style.unpolish(target)
        style.polish(target)
    widget.update()


#: room kept above and below a widget scrolled into view (px)
SCROLL_MARGIN = 48


def scroll_into_view(widget: QWidget | None) -> None:
    """Scroll every scroll area around ``widget`` so that it is in view (a gliding flick is
    stopped first: it would carry the page on past it)."""
    if widget is None or not shiboken6.isValid(widget) or not widget.isVisible():
        return
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            content = parent.widget()
            if content is not None and content.isAncestorOf(widget):
                viewport = parent.viewport()
                if QScroller.hasScroller(viewport):
                    QScroller.scroller(viewport).stop()
                margin = min(SCROLL_MARGIN, max(0, (viewport.height() - widget.height()) // 2))
                parent.ensureWidgetVisible(widget, min(SCROLL_MARGIN, margin), margin)
        parent = parent.parentWidget()


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
        if new is not None and QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            scroll_into_view(new)
            # Once the layout has caught up: a widget shown just now (a quiz verdict) has its
            # place only after the next layout pass.
            QTimer.singleShot(0, self, lambda: self._follow(new))

    @Slot()
    def _follow(self, widget: QWidget) -> None:
        if shiboken6.isValid(widget) and QApplication.focusWidget() is widget:
            scroll_into_view(widget)
