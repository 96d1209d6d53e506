"""The look of the guide's own messages: frameless, modal, a large heading first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from cartguide.ui.input_watch import window_shown
from cartguide.ui.widgets.text import PlainLabel


class CalmDialog(QDialog):
    """A modal message with a heading (also its accessible name); add the rest to ``body``."""

    def __init__(self, object_name: str, heading: str, *, role: str = "h1",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(heading)
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self.setModal(True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(48, 40, 48, 40)
        self.body.setSpacing(24)
        self.heading = PlainLabel(heading)
        self.heading.setProperty("role", role)
        self.heading.setWordWrap(True)
        self.body.addWidget(self.heading)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        window_shown(self)  # touches here count as activity, keys here are guarded
