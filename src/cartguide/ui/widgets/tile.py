"""A big pressable tile that holds wrapped text: home tiles and the steps' progress strip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from cartguide.ui import accessibility
from cartguide.ui.widgets.text import PlainLabel, WrappingLabel


class TileButton(QPushButton):
    """A push button laid out like a card; its labels let every press through to the button."""

    def __init__(self, object_name: str, parent: QWidget | None = None, *,
                 kind: str = accessibility.BUTTON) -> None:
        """``kind``: what assistive technology is told it is (cartguide.ui.accessibility)."""
        super().__init__(parent)
        # One button for assistive technology: its name says what the labels and icon show.
        accessibility.mark(self, kind)
        self.setObjectName(object_name)
        self.content = QVBoxLayout(self)
        self.content.setContentsMargins(18, 12, 18, 12)
        self.content.setSpacing(4)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add_label(self, text: str, role: str, *, wrap: bool = True,
                  align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QLabel:
        label = WrappingLabel(text) if wrap else PlainLabel(text)
        label.setProperty("role", role)
        label.setAlignment(align)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.content.addWidget(label)
        return label

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.content.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.content.minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return self.content.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.content.totalHeightForWidth(width)
