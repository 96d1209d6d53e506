"""A row that becomes a column when the window is narrow (a nurse's laptop beside the patient)."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget

from cartguide.ui import theme


class ResponsiveRow(QWidget):
    """Lays its widgets side by side when at least ``breakpoint`` wide, else one above the other."""

    def __init__(self, breakpoint: int = 900, spacing: int = 32,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Larger text needs more width before two columns read well.
        self._breakpoint = round(breakpoint * theme.current().text_scale)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)

    def add(self, widget: QWidget, stretch: int = 1) -> None:
        self.box.addWidget(widget, stretch)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        window = self.window()
        # A portrait screen has height to spare: pictures go above the words, full width.
        portrait = window is not self and window.height() > window.width()
        wide = event.size().width() >= self._breakpoint and not portrait
        direction = (QBoxLayout.Direction.LeftToRight if wide
                     else QBoxLayout.Direction.TopToBottom)
        if self.box.direction() != direction:
            self.box.setDirection(direction)
        super().resizeEvent(event)
