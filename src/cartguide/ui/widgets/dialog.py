"""The look and manners of the guide's own dialogs.

A dialog covers its window: the page behind shows dimmed (a picture of it taken when the dialog
opens, darkened), and the dialog's panel sits on it with a thick edge. This needs neither a
window manager nor a compositor, so it looks the same on a bare X kiosk, on a nurse's desktop
and offscreen. Dialogs are frameless everywhere (the kiosk insists on it).

When a dialog closes, the keyboard focus goes back to the control that opened it. Without a
window manager nobody else does that: X gives the focus to the root window and the keyboard
stops working until the screen is touched (a11y audit, finding 6).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Slot
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cartguide.i18n import tr
from cartguide.ui import theme
from cartguide.ui.icons import icon
from cartguide.ui.input_watch import window_shown
from cartguide.ui.widgets.text import PlainLabel

_NO_LIMIT = 16_777_215  # Qt's QWIDGETSIZE_MAX


class CalmDialog(QDialog):
    """A modal message with a heading (also its accessible name); add the rest to ``body``.

    ``fill``: the panel takes (nearly) the whole window ("Are you still there?").
    ``close_button``: a large Close in the panel's top corner.
    """

    #: A tap on the dimmed page outside the panel closes the dialog (reject).
    closes_on_outside_tap = False
    #: How wide the panel would like to be (px), where the window allows.
    panel_width = 0
    #: Where the words are taller than the window, a part of them that scrolls by itself
    #: (a stretched scroll area in ``body``) takes the cut, and the heading and the buttons
    #: stay in view; else the whole panel scrolls.
    scrolls_inside = False

    def __init__(self, object_name: str, heading: str, *, role: str = "h1",
                 parent: QWidget | None = None, fill: bool = False,
                 close_button: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(heading)
        self.setWindowTitle(heading)
        # No title bar: its minimise button would hide a kiosk (red-team B1); the panel has its
        # own large Close where a dialog needs one.
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self.setModal(True)
        self._fill = fill
        self._wanted_width = 0  # the panel's width where the window allows (setMinimumWidth)
        self._button_rows: list[QBoxLayout] = []
        self._backdrop = QPixmap()
        self._opener: QWidget | None = None
        outer = QVBoxLayout(self)
        self._outer = outer
        self.panel = QFrame()
        self.panel.setObjectName("dialogPanel")
        if fill:
            outer.setContentsMargins(40, 40, 40, 40)
            outer.addWidget(self.panel)
        else:
            outer.setContentsMargins(24, 24, 24, 24)
            outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignCenter)
        # The words scroll inside the panel when they are taller than the window (a long
        # outline at 200 % on a laptop): the panel never grows past the window, nothing is
        # squeezed.
        holder = QVBoxLayout(self.panel)
        holder.setContentsMargins(0, 0, 0, 0)
        self._scroll = QScrollArea()
        self._scroll.setObjectName("dialogScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the first button has the focus
        inner = QWidget()
        inner.setObjectName("dialogBody")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(48, 36, 48, 40)
        self.body.setSpacing(24)
        self._scroll.setWidget(inner)
        holder.addWidget(self._scroll)
        top = QHBoxLayout()
        top.setSpacing(24)
        self.heading = PlainLabel(heading)
        self.heading.setProperty("role", role)
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        self.close_button: QPushButton | None = None
        if close_button:
            self.close_button = QPushButton(icon("close"), tr("Close"))
            self.close_button.setIconSize(QSize(32, 32))
            self.close_button.setAccessibleName(tr("Close"))
            self.close_button.setAccessibleDescription(tr("Close this and go back to the page"))
            self.close_button.clicked.connect(self.reject)
            top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(top)
        self.finished.connect(self._return_focus)
        if parent is not None:
            parent.window().installEventFilter(self)  # follows its window's size and place

    def button_row(self, spacing: int = 16) -> QBoxLayout:
        """A row of buttons for ``body`` that turns into a column when its buttons would not
        fit the panel side by side (a portrait kiosk at 200 %): never a word cut off."""
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(spacing)
        self._button_rows.append(row)
        return row

    # -- the panel's size (subclasses written for a plain dialog set it on the dialog) ---------
    def setMinimumWidth(self, width: int) -> None:  # noqa: N802 - Qt API
        self._wanted_width = width
        self.fit_panel()

    @property
    def opener(self) -> QWidget | None:
        """The control that had the focus when the dialog opened."""
        return self._opener

    # -- opening and closing ------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        focused = QApplication.focusWidget()
        if focused is not None and focused is not self and not self.isAncestorOf(focused):
            self._opener = focused
        self._cover_window()
        super().showEvent(event)
        window_shown(self)  # touches here count as activity, keys here are guarded

    def _cover_window(self) -> None:
        owner = self.parentWidget()
        if owner is None:
            self.adjustSize()
            return
        window = owner.window()
        self._backdrop = window.grab() if window.isVisible() else QPixmap()
        area = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        self.setGeometry(area)
        if self._fill:
            self.panel.setMaximumSize(max(200, area.width() - 48),
                                      max(200, area.height() - 48))
        self.fit_panel()

    def fit_panel(self) -> None:
        """The panel as wide as it wants (``panel_width``, ``setMinimumWidth``, its words)
        and as tall as its words need at that width, no taller (a wrapping label's own size
        guess left a one-line heading 150 px tall), never past the window (then the words
        scroll inside). Call it when the words change."""
        if self._fill:
            return
        panel, inner = self.panel, self._scroll.widget()
        layout = inner.layout() if inner is not None else None
        if inner is None or layout is None:
            return
        for widget in (inner, *inner.findChildren(QWidget)):
            widget.ensurePolished()  # new words: their fonts from the stylesheet first
            widget.updateGeometry()  # and no size remembered from the words before
        owner = self.parentWidget()
        room = owner.window().size() if owner is not None else self.size()
        most_w, most_h = max(200, room.width() - 48), max(200, room.height() - 48)
        edge = 2 * panel.frameWidth()
        wanted = max(self._wanted_width, min(self.panel_width, room.width() - 96),
                     layout.sizeHint().width() + edge)
        width = min(wanted, most_w)
        margins = self.body.contentsMargins()
        sides = edge + margins.left() + margins.right()
        self._arrange_button_rows(width - sides)
        words = (layout.totalHeightForWidth(width - edge) if layout.hasHeightForWidth()
                 else layout.totalSizeHint().height())
        if words + edge > most_h:  # the words scroll: room for the scroll bar beside them
            bar = self._scroll.verticalScrollBar().sizeHint().width()
            width = min(wanted + bar, most_w)
            self._arrange_button_rows(width - sides - bar)
            if layout.hasHeightForWidth():
                words = layout.totalHeightForWidth(width - edge - bar)
        squeeze = (self.scrolls_inside and words + edge > most_h
                   and layout.totalMinimumSize().height() + edge <= most_h)
        if squeeze:
            width = min(wanted, most_w)
            self._arrange_button_rows(width - sides)
        panel.setFixedSize(width, min(words + edge, most_h))
        # Squeezed: the body is held to the panel (its scroll area would make it as tall as
        # its words), so the part that scrolls by itself gives up the height.
        inner.setMaximumHeight(most_h - edge if squeeze else _NO_LIMIT)
        # A scroll bar only where the words are taller than the window (one that came and
        # went at the edge narrowed the words, which then needed it).
        self._scroll.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if words + edge <= most_h or squeeze
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def _arrange_button_rows(self, inside: int) -> None:
        """Each button row side by side where its buttons fit ``inside`` px, else a column."""
        for row in self._button_rows:
            shown: list[tuple[QWidget, int]] = []
            for index in range(row.count()):
                item = row.itemAt(index)
                button = item.widget() if item is not None else None
                if button is not None and not button.isHidden():
                    shown.append((button, row.stretch(index)))
            widths = [b.sizeHint().width() for b, _stretch in shown]
            # Buttons that share the row equally each need the widest one's width.
            shared = bool(shown) and all(stretch > 0 for _b, stretch in shown)
            side = row.contentsMargins()
            need = ((len(widths) * max(widths) if shared else sum(widths))
                    + side.left() + side.right() + row.spacing() * max(len(shown) - 1, 0))
            row.setDirection(QBoxLayout.Direction.LeftToRight if need <= inside
                             else QBoxLayout.Direction.TopToBottom)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (self.isVisible() and event.type() in (QEvent.Type.Resize, QEvent.Type.Move)
                and watched is not self):
            self._cover_window()
        return False

    @Slot()
    def _return_focus(self) -> None:
        owner = self.parentWidget()
        if owner is None or not shiboken6.isValid(owner):
            return
        window = owner.window()
        window.activateWindow()  # with no window manager, X would give the focus to nobody
        window.raise_()
        opener = self._opener
        if opener is not None and shiboken6.isValid(opener) and opener.isVisible():
            opener.setFocus(Qt.FocusReason.PopupFocusReason)
        else:
            window.setFocus(Qt.FocusReason.PopupFocusReason)

    # -- the dimmed page and taps on it -------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        if not self._backdrop.isNull():
            painter.drawPixmap(0, 0, self._backdrop)
        scrim = QColor(theme.palette().scrim)
        scrim.setAlpha(theme.SCRIM_ALPHA)
        painter.fillRect(self.rect(), scrim)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        outside = not self.panel.geometry().contains(event.position().toPoint())
        if outside and self.closes_on_outside_tap:
            event.accept()
            self.outside_tapped()
            return
        super().mousePressEvent(event)

    def outside_tapped(self) -> None:
        """A tap on the dimmed page: closes the dialog where ``closes_on_outside_tap``."""
        self.reject()

    # -- Escape ---------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if (event.key() == Qt.Key.Key_Escape
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            event.accept()
            self.escape_pressed()
            return
        super().keyPressEvent(event)

    def escape_pressed(self) -> None:
        """Escape closes the dialog as its Close button does (the focus goes back to what
        opened it); a dialog whose way out means something else says so here."""
        self.reject()
